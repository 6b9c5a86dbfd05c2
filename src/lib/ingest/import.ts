import type { Engine } from '../engine/engine';
import { ImportError } from '../schema/errors';
import { importCsv } from './csv/csv';
import { extensionOf, guessFormat, isGzip } from './file-format';
import { importJson } from './json/json';
import { importParquet } from './parquet/parquet';
import type { Rejected, Warning } from './report';
import { checkTextSize, type Place } from './capacity';

export interface SourceFile {
  name: string;
  /** Bytes, or (in the page) the dropped File, which DuckDB then reads where it lies. */
  data: Uint8Array | Blob;
}

export function byteSize(data: Uint8Array | Blob): number {
  return data instanceof Uint8Array ? data.length : data.size;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, total: number) => void;
  /** Milliseconds any one engine step may take before the import is cancelled (default 120 s). */
  timeoutMs?: number;
  /** Overrides header detection for CSV/TSV (the user confirmed or denied the header). */
  header?: boolean;
  /** The engine's memory limit in bytes: a file that clearly cannot fit is refused before reading. */
  memoryLimit?: number | null;
  /** Where the engine runs (the page or the command line), for the words of a refusal. */
  place?: Place;
  /**
   * Leaves the report's row checks (repeated lines, time problems: report-checks.ts) for later:
   * the file comes back with `checks: { running: true }` and `runReportChecks` completes it. The
   * page does this so that its first chart does not wait for them.
   */
  deferChecks?: boolean;
}

export interface ImportedFile {
  file: string;
  format: 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';
  compression?: 'gzip';
  delimiter?: string;
  encoding: string;
  header: boolean;
  /** Rows loaded into `table`. */
  rows: number;
  /** Data rows in the file: rows + rejected.length. */
  dataRows: number;
  /**
   * raw_<index>: the source columns, then "__line" BIGINT (physical 1-based line, header = 1;
   * Parquet/JSON: 1-based row) and "__row" BIGINT (0-based input order). A table or a view.
   */
  table: string;
  /** Source columns only, with their DuckDB types. */
  columns: { name: string; type: string }[];
  rejected: Rejected[];
  warnings: Warning[];
  /**
   * Only when the import deferred its row checks (ImportOptions.deferChecks): running until
   * `runReportChecks` has run them, then done with how many warnings they added to `warnings`.
   */
  checks?: ReportChecks;
}

/** Where a file's deferred report checks stand (see ImportedFile.checks). */
export type ReportChecks = { running: true } | { running: false; found: number };

/** What every reader gets: the file, its (decompressed) bytes or Blob, and where to register it. */
export interface ReaderContext {
  engine: Engine;
  file: string;
  index: number;
  data: Uint8Array | Blob;
  table: string;
  /** A path under /import/ (the only folder the locked-down engine may read). */
  path: string;
  opts: ImportOptions;
}

const HEAD = 1 << 20;

export async function readHead(data: Uint8Array | Blob, n = HEAD): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data.subarray(0, n) : new Uint8Array(await data.slice(0, n).arrayBuffer());
}

export async function readAll(data: Uint8Array | Blob): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

/** A registered name that is safe in any file system and unique per import slot. */
export function importPath(index: number, name: string): string {
  // Without .gz: the data registered is already decompressed, and DuckDB goes by the extension.
  const base = (name.split(/[\\/]/).pop() ?? 'file').replace(/\.gz(ip)?$/i, '');
  return `/import/${index}-${base.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80)}`;
}

export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

export async function importFile(engine: Engine, src: SourceFile, index: number, opts: ImportOptions = {}): Promise<ImportedFile> {
  const file = baseName(src.name);
  const size = byteSize(src.data);
  if (size === 0) throw new ImportError(`${file}: the file is empty (0 bytes)`, file);
  // By its size alone, before a byte is read (a 1 GB file was read for minutes, then refused).
  const packed = /\.(gz|gzip|parquet|parq|pq)$/i.test(file);
  const tooBigToRead = checkTextSize(file, size, opts.memoryLimit ?? null, opts.place, packed);
  if (tooBigToRead) throw new ImportError(tooBigToRead, file);
  let data = src.data;
  let head = await readHead(data);
  let compression: 'gzip' | undefined;
  if (isGzip(head)) {
    // Decompressed in JS: the line scan and the sniffing need the text, DuckDB then reads it as is.
    try {
      // Loaded when a gzip file comes, not with the page (it is not needed before the first render).
      const { gunzipSync } = await import('fflate');
      data = gunzipSync(await readAll(data));
    } catch (e) {
      throw new ImportError(`${file}: not a CSV or any table: it starts like gzip data but does not decompress (${(e as Error).message})`, file);
    }
    compression = 'gzip';
    if (data.length === 0) throw new ImportError(`${file}: the file is empty (gzip of 0 bytes)`, file);
    head = await readHead(data);
  }
  const guess = guessFormat(file, head);
  if (!guess.format) throw new ImportError(`${file}: not a CSV or any table this app reads: it is ${guess.notTable}`, file);
  if (guess.format === 'csv' || guess.format === 'tsv') {
    const tooBig = checkTextSize(file, byteSize(data), opts.memoryLimit ?? null, opts.place);
    if (tooBig) throw new ImportError(tooBig, file);
  }
  const ctx: ReaderContext = { engine, file, index, data, table: `raw_${index}`, path: importPath(index, file), opts };
  let out: ImportedFile;
  if (guess.format === 'parquet') out = await importParquet(ctx);
  else if (guess.format === 'json' || guess.format === 'ndjson') out = await importJson(ctx, guess.format);
  else out = await importCsv(ctx, head, compression === 'gzip' && extensionOf(file).ext === 'tsv' ? 'tsv' : guess.format);
  if (compression) out.compression = compression;
  return out;
}
