import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Fragment } from '../sql/quote';
import { ident, lit, raw } from '../sql/quote';
import type { Engine, Row } from './engine';
import { abortError, COMPRESSED_STORAGE_SQL, plain, STARTUP_SQL } from './engine';
import { refusal } from './statement-guard';
import { DiskBlob } from './disk-blob';

/**
 * The app's Engine over native DuckDB (`@duckdb/node-api`, an optional dependency), for data that
 * outgrows the browser: every core, a memory limit, and a private temporary folder that DuckDB
 * spills to when memory runs short. The importer, the builders and the analyses are the same as on
 * DuckDB-WASM (src/lib/engine/node.ts); what differs is below this interface, and each difference
 * is normalised here so that `journeyscope run` prints the same JSON on both engines
 * (tests/engine/native-differential.test.ts):
 *
 * - Files. DuckDB-WASM reads registered buffers under virtual paths (`/import/0-x.csv`); native
 *   DuckDB reads the disk. A Blob made by `fileBlob()` of one of the files the engine was opened
 *   for (`readable`) is read where it lies (a 7 GB CSV is never copied); any other bytes are
 *   written to the engine's own folder (`<root>/import/`). The importer writes a path only as
 *   `lit(path)`, so `query` replaces exactly that literal with the real path's literal.
 * - Lockdown. Native DuckDB reads the real disk, so it may read only those files and
 *   `<root>/import/` (`allowed_paths`, `allowed_directories`, external access off; a symbolic link
 *   would not do: DuckDB checks the path it resolves to; DuckDB also lets a statement read its own
 *   spill folder, which holds only its spill blocks), loads no extension, keeps the settings
 *   locked, and refuses statements that attach, copy, export, load or set — told by DuckDB's own
 *   parser (the prepared statement's type), before each statement runs.
 * - Values. node-api gives Date objects and BigInts where DuckDB-WASM's Arrow rows give epoch
 *   milliseconds and (after `plain`) numbers: they are made the same here.
 * - Time zone. Native DuckDB has ICU built in and would read TIMESTAMPTZ in the machine's zone;
 *   DuckDB-WASM has no ICU (UTC): the session's zone is set to UTC.
 * - Memory. Tables and queries that outgrow `memory_limit` spill to `<root>/spill/`; the memory
 *   guard that refuses files too big for a browser tab does not apply (`spills`).
 */

type NodeApi = typeof import('@duckdb/node-api');

export interface NativeOptions {
  /** DuckDB `threads`; default DuckDB's own (every core). */
  threads?: number;
  /** DuckDB `memory_limit`, e.g. "2GB"; default DuckDB's own (80% of the machine's memory). */
  memoryLimit?: string;
  /** Where the engine's private folder (registered files, spill files) is made; default the OS temp folder. */
  tempDir?: string;
  /**
   * Files on disk the engine may read where they lie (the command line's `--data` files): the
   * only paths outside its own folder that it can open. A `fileBlob()` of another file is copied.
   */
  readable?: string[];
}

/** The one line `--engine native` prints when the optional package is not installed. */
export const NATIVE_MISSING =
  'the native engine needs the optional package @duckdb/node-api, which is not installed (npm install @duckdb/node-api)';

export class NativeEngineMissing extends Error {
  constructor() {
    super(NATIVE_MISSING);
    this.name = 'NativeEngineMissing';
  }
}

let api: Promise<NodeApi | null> | undefined;

/** The node-api module, or null when the optional dependency is absent. */
export function nodeApi(): Promise<NodeApi | null> {
  // Left as an import by the command line's bundle (esbuild --packages=external): found at run time.
  api ??= import('@duckdb/node-api').catch(() => null);
  return api;
}

const origins = new WeakMap<Blob, string>();

/** A Blob backed by the file at `p` (read lazily) that NativeEngine reads in place, not copied. */
export async function fileBlob(p: string): Promise<Blob> {
  const blob = DiskBlob.of(p);
  origins.set(blob, path.resolve(p));
  return blob;
}

/** Statement kinds the app never runs after start-up (see statement-guard.ts), by DuckDB's StatementType. */
const REFUSED_KINDS: Record<number, string> = {
  // EXPLAIN ANALYZE runs the statement it explains; PREPARE stores one that EXECUTE runs: either
  // would carry a COPY or a PRAGMA past this check (statement-guard.ts).
  4: 'EXPLAIN',
  6: 'PREPARE',
  8: 'EXECUTE',
  11: 'COPY',
  13: 'SET',
  16: 'EXPORT',
  17: 'PRAGMA',
  19: 'CALL',
  20: 'SET',
  21: 'LOAD',
  23: 'LOAD',
  25: 'ATTACH',
  26: 'DETACH',
  28: 'COPY',
  29: 'INSTALL'
};

export class NativeEngine implements Engine {
  /** Tables and queries spill to disk: a browser tab's memory guard does not apply. */
  readonly spills = true;
  readonly readsParquet = true;
  private files = new Map<string, string>();
  private readonly readable: Set<string>;
  private written = 0;
  private running = 0;

  private constructor(
    private duck: NodeApi,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    private readonly root: string,
    private readonly opts: NativeOptions
  ) {
    this.readable = new Set((opts.readable ?? []).map((f) => path.resolve(f)));
  }

  /** A fresh locked-down engine; NativeEngineMissing when @duckdb/node-api is not installed. */
  static async create(opts: NativeOptions = {}): Promise<NativeEngine> {
    const duck = await nodeApi();
    if (!duck) throw new NativeEngineMissing();
    const base = opts.tempDir ?? tmpdir();
    mkdirSync(base, { recursive: true });
    const root = mkdtempSync(path.join(base, 'journeyscope-'));
    mkdirSync(path.join(root, 'import'));
    mkdirSync(path.join(root, 'spill'));
    try {
      const { instance, conn } = await open(duck, root, opts);
      return new NativeEngine(duck, instance, conn, root, opts);
    } catch (e) {
      rmSync(root, { recursive: true, force: true });
      throw e;
    }
  }

  /** The engine's private folder (registered files under import/, spill files under spill/). */
  get folder(): string {
    return this.root;
  }

  async registerFile(p: string, source: Uint8Array | Blob): Promise<void> {
    // As on DuckDB-WASM, where the lockdown lets statements read /import/ only: a file registered
    // elsewhere is kept nowhere, so its path names nothing readable.
    if (!p.startsWith('/import/') || p.split('/').includes('..')) return;
    const origin = source instanceof Blob ? origins.get(source) : undefined;
    if (origin && this.readable.has(origin)) {
      this.files.set(p, origin);
      return;
    }
    const real = path.join(this.root, 'import', `${this.written++}-${path.basename(p)}`);
    if (source instanceof Uint8Array) writeFileSync(real, source);
    else await writeBlob(source, real);
    this.files.set(p, real);
  }

  async dropFile(p: string): Promise<void> {
    const real = this.files.get(p);
    this.files.delete(p);
    // Only copies in the engine's own folder are removed, never a file read where it lies.
    if (real?.startsWith(path.join(this.root, 'import') + path.sep)) rmSync(real, { force: true });
  }

  /** `text` with each registered virtual path's literal replaced by its real path's literal. */
  private resolve(text: string): string {
    let out = text;
    for (const [virtual, real] of this.files) out = out.split(lit(virtual).text).join(lit(real).text);
    return out;
  }

  async query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
    if (signal?.aborted) throw abortError();
    const conn = this.conn;
    const onAbort = () => conn.interrupt();
    signal?.addEventListener('abort', onAbort);
    this.running++;
    try {
      const extracted = await conn.extractStatements(this.resolve(stmt.text));
      let rows: T[] = [];
      for (let i = 0; i < extracted.count; i++) {
        if (signal?.aborted) throw abortError();
        const prepared = await extracted.prepare(i);
        try {
          const refused = REFUSED_KINDS[prepared.statementType as number];
          // `USE journeys` (compressed storage, storage.ts) is a SET statement to DuckDB: that text alone passes.
          if (refused && !(extracted.count === 1 && stmt.text === COMPRESSED_STORAGE_SQL)) throw refusal(refused);
          const reader = await prepared.runAndReadAll();
          if (i === extracted.count - 1) rows = reader.getRowObjectsJS().map((r) => plainRow(r) as T);
        } finally {
          // A prepared statement keeps its plan's operator states (hash tables, materialised CTEs)
          // after it ran, in memory, until it is destroyed; left to the garbage collector, a
          // stage overview's 390 MB at 10M events were still held when the funnel ran next, under a
          // 500MB limit: the funnel then ran out of memory although its own state spills.
          prepared.destroySync();
        }
      }
      return rows;
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw e;
    } finally {
      this.running--;
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Arrow IPC in: node-api scans no Arrow, so the stream is written as Parquet (by parquet-wasm,
   * the page's own Parquet reader) and read back by DuckDB's Parquet reader.
   */
  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    const pq = (await import(/* @vite-ignore */ 'parquet-wasm/node')) as typeof import('parquet-wasm/node');
    const file = `/import/__arrow-${this.written}.parquet`;
    await this.registerFile(file, pq.writeParquet(pq.Table.fromIPCStream(ipc)));
    try {
      await this.query(raw(`CREATE OR REPLACE TABLE ${ident(table).text} AS SELECT * FROM read_parquet(${lit(file).text})`));
    } finally {
      await this.dropFile(file);
    }
  }

  async cancel(): Promise<void> {
    if (this.running > 0) this.conn.interrupt();
  }

  async reset(): Promise<void> {
    this.closeConnection();
    const { instance, conn } = await open(this.duck, this.root, this.opts);
    this.instance = instance;
    this.conn = conn;
  }

  async close(): Promise<void> {
    this.closeConnection();
    rmSync(this.root, { recursive: true, force: true });
  }

  private closeConnection(): void {
    try {
      this.conn.closeSync();
      this.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}

async function open(duck: NodeApi, root: string, opts: NativeOptions): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  const config: Record<string, string> = { temp_directory: path.join(root, 'spill') };
  if (opts.threads) config.threads = String(opts.threads);
  if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
  const instance = await duck.DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  const lockdown = [
    "SET TimeZone='UTC'",
    `SET allowed_directories=[${lit(path.join(root, 'import') + path.sep).text}]`,
    ...(opts.readable?.length ? [`SET allowed_paths=[${opts.readable.map((f) => lit(path.resolve(f)).text).join(', ')}]`] : []),
    'SET enable_external_access=false',
    'SET allow_community_extensions=false',
    'SET allow_persistent_secrets=false',
    'SET lock_configuration=true'
  ];
  for (const s of [...STARTUP_SQL, ...lockdown]) await conn.run(s);
  return { instance, conn };
}

async function writeBlob(blob: Blob, to: string): Promise<void> {
  const out = await openFile(to, 'w');
  try {
    const reader = blob.stream().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) await out.write(r.value);
  } finally {
    await out.close();
  }
}

/**
 * Values in the shape DuckDB-WASM's Arrow rows take after `plain()`: TIMESTAMP and DATE as epoch
 * milliseconds (node-api gives Date objects), 64-bit integers as numbers when exact.
 */
function plainValue(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, plainValue(x)]));
  }
  return plain(v);
}

function plainRow(r: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)]));
}
