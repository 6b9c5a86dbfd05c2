import type { Fragment } from '../sql/quote';

/** A row of a query result, with values already made plain (see `plain`). */
export type Row = Record<string, unknown>;

/**
 * What the analyses and the importer need of a SQL engine. Two implementations run the same
 * DuckDB-WASM: `browser.ts` (in a Web Worker) and `node.ts` (the blocking Node build, for tests and
 * the command line), so the page and the command line give the same numbers. A third, `native.ts`,
 * runs native DuckDB for data beyond the browser (`journeyscope --engine native`, docs/SCALE.md).
 */
export interface Engine {
  /** Makes bytes (or, in the browser, a File read where it lies) readable by SQL under `path`. */
  registerFile(path: string, source: Uint8Array | Blob): Promise<void>;
  dropFile(path: string): Promise<void>;
  /**
   * Runs one or more statements and returns the rows of the last one. An aborted `signal` skips
   * the query if it has not started (it rejects with an AbortError) and cancels it if it runs.
   * Only the quoting builder (src/lib/sql/quote.ts) makes a Fragment: no text reaches the engine
   * any other way.
   */
  query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]>;
  /** Creates (or replaces) `table` from an Arrow IPC stream (Parquet arrives this way). */
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  /** Cancels the running query, if any; its promise rejects. */
  cancel(): Promise<void>;
  /** Throws away the database and starts a fresh, locked-down one (after a crash). */
  reset(): Promise<void>;
  close(): Promise<void>;
  /**
   * True when tables and queries that outgrow the engine's memory spill to disk (native DuckDB,
   * native.ts): the checks that refuse a file too big for a browser tab's memory do not apply.
   */
  readonly spills?: boolean;
  /**
   * True when DuckDB's own Parquet reader is built in (native DuckDB): a Parquet file is read
   * where it lies, by DuckDB's threads. DuckDB-WASM would download it as an extension, which
   * hangs offline, so the page reads Parquet in JavaScript (ingest/parquet/parquet.ts).
   */
  readonly readsParquet?: boolean;
}

/**
 * Applied before any file is read: no extension is ever downloaded (that hangs offline), and a
 * compressed in-memory database is attached beside the default one. Tables go to the default,
 * plain one unless the inputs are large (COMPRESSED_STORAGE_SQL, chosen in
 * src/lib/ingest/storage.ts): DuckDB-WASM keeps all tables in memory (3.1 GiB at most, nothing
 * spills) and, uncompressed, 10M events did not fit. Measured on the WASM build with the app's
 * code (bench/data/journeys-1m.csv, 1M rows, 9 columns): compressed, the raw table 135 MB → 19 MB,
 * raw + `events` 342 MB → 47 MB; at 10M rows 186 MB and 434 MB (see src/lib/ingest/capacity.ts).
 * Native DuckDB 1.5 (bench/native-engine.ts) accepts the same statements but, measured, keeps the
 * tables uncompressed (135 MB / 342 MB at 1M).
 */
export const STARTUP_SQL = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
  "ATTACH ':memory:' AS journeys (COMPRESS)"
];

/** New tables go to the compressed database from here on (allowed after the lockdown). */
export const COMPRESSED_STORAGE_SQL = 'USE journeys';

/**
 * Applied at start, right after STARTUP_SQL, before any file is read: no network, no file outside
 * the import folder (every dropped file is registered under /import/), no further configuration.
 * Order matters (lock last). A shared link carries a spec, never SQL, but this is the second wall.
 */
export const LOCKDOWN_SQL = [
  "SET allowed_directories=['/import/']",
  'SET enable_external_access=false',
  'SET allow_community_extensions=false',
  'SET lock_configuration=true'
];

/**
 * Arrow values made plain for JSON and the UI: 64-bit integers become numbers when exact and
 * strings otherwise (ids never lose digits), nested vectors become arrays and objects.
 */
export function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, plain);
  }
  const o = v as { toArray?: () => unknown[]; toJSON?: () => unknown };
  // Arrow structs (rows) serialise to objects, lists to arrays.
  if (typeof o.toJSON === 'function') {
    const j = o.toJSON();
    if (Array.isArray(j)) return j.map(plain);
    if (j && typeof j === 'object') return Object.fromEntries(Object.entries(j).map(([k, x]) => [k, plain(x)]));
    return plain(j);
  }
  if (typeof o.toArray === 'function') return o.toArray().map(plain);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Rows of an Arrow table as plain objects. */
export function tableRows<T extends Row>(table: { toArray(): unknown[] }): T[] {
  return table.toArray().map((r) => plain((r as { toJSON(): unknown }).toJSON()) as T);
}

/**
 * The engine stopped answering: its worker died (a trap, out of memory, ended) or it did not
 * answer within the supervisor's deadline (src/lib/session/supervisor.ts). Every pending call gets
 * it; the session rebuilds the engine. `retry` is false when running the same call again would
 * only meet the same end (it ran past the deadline, or the person cancelled it).
 */
export class EngineCrashed extends Error {
  constructor(
    readonly reason: string,
    readonly retry = true
  ) {
    super(`The analysis engine stopped (${reason}). It is being restarted; your files will be read again.`);
    this.name = 'EngineCrashed';
  }
}

export function isCrash(e: unknown): e is EngineCrashed {
  return (e as Error)?.name === 'EngineCrashed';
}

export function abortError(): DOMException {
  return new DOMException('The query was superseded', 'AbortError');
}

/**
 * The engine with every query tied to `signal`: an analysis run through it stops at its next
 * statement once the signal aborts, and a queued statement never starts (views whose inputs
 * changed must not hold up the query the person is waiting for).
 */
export function withSignal(engine: Engine, signal: AbortSignal): Engine {
  return {
    registerFile: (path, source) => engine.registerFile(path, source),
    dropFile: (path) => engine.dropFile(path),
    query: <T extends Row = Row>(stmt: Fragment) => engine.query<T>(stmt, signal),
    insertArrowIPC: (table, ipc) => engine.insertArrowIPC(table, ipc),
    cancel: () => engine.cancel(),
    reset: () => engine.reset(),
    close: () => engine.close()
  };
}
