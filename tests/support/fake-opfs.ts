/**
 * An in-memory origin-private file system with the few calls kept-store.ts makes, for the unit
 * tests: writes go to a side buffer that replaces the file on close (as OPFS does), and a budget
 * of bytes makes a write fail with QuotaExceededError like a full browser storage.
 */
import type { DirLike, FileHandleLike, RootLike } from '../../src/lib/persist/kept-store';

export class FakeDir implements DirLike {
  files = new Map<string, Uint8Array>();
  /** The name of every file written, in order (to check nothing is written twice). */
  writes: string[] = [];
  /** False: handles have no createWritable (a browser that writes OPFS files only in workers). */
  writable = true;
  constructor(private budget: () => number) {}

  used(): number {
    return [...this.files.values()].reduce((s, b) => s + b.length, 0);
  }

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike> {
    if (!this.files.has(name)) {
      if (!options?.create) throw new DOMException(`${name} not found`, 'NotFoundError');
      this.files.set(name, new Uint8Array(0));
    }
    const handle: FileHandleLike = {
      getFile: async () => {
        const b = this.files.get(name);
        if (!b) throw new DOMException(`${name} not found`, 'NotFoundError');
        return new Blob([b.slice()]);
      },
      createWritable: async () => {
        this.writes.push(name);
        const chunks: Uint8Array[] = [];
        let size = 0;
        return new WritableStream<Uint8Array>({
          write: (chunk) => {
            const room = this.budget() - this.used() + (this.files.get(name)?.length ?? 0);
            if (size + chunk.length > room) throw new DOMException('quota', 'QuotaExceededError');
            chunks.push(chunk.slice());
            size += chunk.length;
          },
          close: () => {
            const out = new Uint8Array(size);
            let at = 0;
            for (const c of chunks) {
              out.set(c, at);
              at += c.length;
            }
            this.files.set(name, out);
          }
        });
      }
    };
    if (!this.writable) delete handle.createWritable;
    return handle;
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
  }
}

export class FakeRoot implements RootLike {
  dirs = new Map<string, FakeDir>();
  constructor(public budget = Infinity) {}

  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDir> {
    let d = this.dirs.get(name);
    if (!d) {
      if (!options?.create) throw new DOMException(`${name} not found`, 'NotFoundError');
      d = new FakeDir(() => this.budget);
      this.dirs.set(name, d);
    }
    return d;
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.dirs.delete(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
  }
}
