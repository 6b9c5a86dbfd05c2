import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A Blob of a file on disk, or of a range of it, read only when asked (Node only).
 *
 * Node 20's `fs.openAsBlob` keeps the size in 32 bits: a 7.1 GB file says it holds 2.6 GB and its
 * slices past that are empty. The size checks then passed files far too big for the engine, and the
 * line scan would have stopped a third of the way in. This Blob knows its true size, and its
 * slices read the file where they start; it is a real Blob (`instanceof Blob`) for the code that
 * takes one, read the way that code reads Blobs: `slice`, `arrayBuffer`, `stream`, `text`.
 */
export class DiskBlob extends Blob {
  private constructor(
    readonly path: string,
    private readonly start: number,
    private readonly end: number
  ) {
    super([]);
  }

  /** The whole file at `p` (its size as it is now). */
  static of(p: string): DiskBlob {
    return new DiskBlob(p, 0, statSync(p).size);
  }

  override get size(): number {
    return this.end - this.start;
  }

  override get type(): string {
    return '';
  }

  override slice(start = 0, end = this.size): DiskBlob {
    const at = (i: number) => Math.min(this.size, Math.max(0, i < 0 ? this.size + i : i));
    const from = at(start);
    return new DiskBlob(this.path, this.start + from, this.start + Math.max(from, at(end)));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const out = new Uint8Array(this.size);
    const f = await open(this.path, 'r');
    try {
      for (let done = 0; done < out.length; ) {
        const { bytesRead } = await f.read(out, done, out.length - done, this.start + done);
        if (bytesRead === 0) throw new Error(`${this.path}: the file is shorter than when it was opened`);
        done += bytesRead;
      }
    } finally {
      await f.close();
    }
    return out.buffer;
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.size === 0) return new ReadableStream({ start: (c) => c.close() });
    return Readable.toWeb(createReadStream(this.path, { start: this.start, end: this.end - 1 })) as unknown as ReadableStream<Uint8Array<ArrayBuffer>>;
  }
}
