/**
 * The kept files and their manifest in the origin-private file system (OPFS), in a folder of their
 * own. Typed against the few calls it makes, so the unit tests can hand it an in-memory folder.
 */
import { EMPTY, MANIFEST_NAME, parseManifest, type Manifest } from './manifest';

export const FOLDER = 'journeyscope-kept';

export interface FileHandleLike {
  getFile(): Promise<Blob>;
  /**
   * OPFS's FileSystemWritableFileStream: written to a side file, which replaces the file on close.
   * Missing in browsers that only write OPFS files from a worker (then `WriteInWorker`).
   */
  createWritable?(): Promise<WritableStream<Uint8Array>>;
}

/** What the page asks its writer worker (opfs-writer.worker.ts), and what it answers. */
export interface WorkerWrite {
  folder: string;
  name: string;
  data: Uint8Array | Blob;
}
export type WorkerWritten = { ok: true } | { ok: false; name: string; message: string };
export type WriteInWorker = (w: WorkerWrite) => Promise<void>;

export interface DirLike {
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
}

export interface RootLike {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirLike>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
}

export function isQuotaError(e: unknown): boolean {
  return (e as { name?: string })?.name === 'QuotaExceededError';
}

export class KeptStore {
  private constructor(
    private root: RootLike,
    private dir: DirLike,
    private inWorker?: WriteInWorker
  ) {}

  /** The store, or null where the browser has no origin-private file system (or refuses it). */
  static async open(getRoot: (() => Promise<RootLike>) | undefined, inWorker?: WriteInWorker): Promise<KeptStore | null> {
    if (!getRoot) return null;
    try {
      const root = await getRoot();
      return new KeptStore(root, await root.getDirectoryHandle(FOLDER, { create: true }), inWorker);
    } catch {
      return null;
    }
  }

  /** The manifest, or an empty one when there is none or it cannot be read. */
  async readManifest(): Promise<Manifest> {
    try {
      const h = await this.dir.getFileHandle(MANIFEST_NAME);
      return parseManifest(await (await h.getFile()).text()) ?? EMPTY;
    } catch {
      return EMPTY;
    }
  }

  async writeManifest(m: Manifest): Promise<void> {
    await this.write(MANIFEST_NAME, new TextEncoder().encode(JSON.stringify(m)));
  }

  /**
   * Writes `data` under `stored`, streamed: a dropped File is piped from disk to disk in chunks,
   * never read whole into memory. A failed write leaves nothing behind, and rethrows.
   */
  async writeFile(stored: string, data: Uint8Array | Blob): Promise<void> {
    try {
      await this.write(stored, data);
    } catch (e) {
      await this.dir.removeEntry(stored).catch(() => undefined);
      throw e;
    }
  }

  private async write(name: string, data: Uint8Array | Blob): Promise<void> {
    const h = await this.dir.getFileHandle(name, { create: true });
    if (!h.createWritable) {
      if (!this.inWorker) throw new Error('this browser cannot write files here');
      return this.inWorker({ folder: FOLDER, name, data });
    }
    const w = await h.createWritable();
    if (data instanceof Uint8Array) {
      const writer = w.getWriter();
      try {
        await writer.write(data);
        await writer.close();
      } catch (e) {
        await writer.abort(e).catch(() => undefined);
        throw e;
      }
    } else {
      // pipeTo closes the writable at the end and aborts it (discarding the side file) on error.
      await data.stream().pipeTo(w);
    }
  }

  /** A kept file as a Blob backed by the file system: DuckDB reads it where it lies. */
  async readFile(stored: string): Promise<Blob> {
    return (await this.dir.getFileHandle(stored)).getFile();
  }

  async removeFile(stored: string): Promise<void> {
    await this.dir.removeEntry(stored);
  }

  /** Removes every kept file and the manifest. */
  async clear(): Promise<void> {
    await this.root.removeEntry(FOLDER, { recursive: true });
  }
}
