import type { Engine } from '../engine/engine';
import { raw } from '../sql/quote';

/**
 * Will a file fit in the analysis engine's memory? DuckDB-WASM keeps every table in memory (its
 * `memory_limit` is 3.1 GiB in the browser and nothing spills to disk), and a query that needs
 * more fails with "Out of Memory Error" — in the page that leaves the worker unusable. So a file
 * that clearly cannot fit is refused before the work starts, with a message a person can act on.
 *
 * Measured on DuckDB-WASM 1.32.0 (its Node build, one thread, the app's own Session code, the
 * same 3.1 GiB limit) with the benchmark's journeys files (9 columns: mostly short text, one ISO
 * time, two numbers; 68.9 bytes of CSV per row), imported and built with the benchmark's mapping
 * (13 columns in `events`), then the overview, stages, funnel, retention and breakdown. Peaks
 * were found by running the same session under a lower `memory_limit`.
 *
 * Before (plain in-memory tables, `events` sorted by user and time):
 *   1M rows: raw table 135 MB (15 bytes per cell), raw + `events` 342 MB; the session failed at
 *   600 MB ("572.0 MiB/572.2 MiB used", in the build's sort) and passed at 650 MB: 9 bytes of
 *   engine memory per byte of CSV. 10M rows (689 MB) would have needed about 6 GB: the browser run
 *   at 10M failed with "Out of Memory Error (3.1 GiB/3.1 GiB used)".
 * Now (a compressed in-memory database for inputs this large, see storage.ts, and `events` left in
 * input order):
 *   1M rows: raw table 19 MB, raw + `events` 44 MB; the session failed at 250 MB (238 MiB, while
 *   reading: the duplicate-row check, which runs up to 2M rows) and passed at 350 MB.
 *   10M rows: raw table 186 MB, raw + `events` 434 MB; the whole session passed within 3.1 GiB and
 *   failed at 2.0 GB (1.8 GiB, in the build): a peak of 2.0–3.3 GB, 2.9–4.8 bytes per byte of CSV.
 *   What remains is mostly working memory of the queries, which hold uncompressed rows.
 *
 * Two checks, both meant to refuse only what clearly does not fit (a file near the line may still
 * fail in the engine; that error is turned into a clear message too, see outOfMemoryMessage):
 *   1. Before reading any file, by its size: at least 3.5 bytes of engine memory per byte of text
 *      (measured: more than 3.6 at 1M, 2.9–4.8 at 10M). A file over 1/3.5 of the limit (950 MB
 *      against 3.1 GiB) is refused at once, before a byte of it is read. 3 let a 1 GB CSV through
 *      to minutes of reading, and it never fitted: the page refused it after 1–2.7 minutes (check 2
 *      below, or out of memory) and the command line, with the same limit, grew to 4.3 GB. The
 *      benchmark's shape reaches check 2's limit near 12M rows, 830 MB of text, so no file that
 *      check would let through is refused here. A gzip or Parquet file holds more text than its
 *      size, so its size alone is a lower bound too.
 *   2. After the import, by rows × columns: 2 bytes per raw cell (186 MB / 90M cells) and 19 bytes
 *      per `events` cell (the 1M floor: 250 MB / 13M cells; at 10M the peak is 15–26 bytes per cell), where `events` has its 12 fixed
 *      columns plus the source columns no role takes (at least columns − 8, the 8 roles). 10M rows
 *      of the journeys shape come to 2.65 GB, under 3.1 GiB (about 12M rows would be let through).
 *      Checked on all files together, since they stack into one `events` table.
 */

/** Bytes of engine memory per byte of CSV text, at least (see above): the size check. */
export const MIN_PEAK_PER_CSV_BYTE = 3.5;
/** Bytes per cell of the raw table after import (measured, compressed: 186 MB / 90M cells). */
export const RAW_CELL_BYTES = 2;
/** Peak bytes per cell of `events` over the import, the build and the analyses (measured floor: 250 MB / 13M cells at 1M). */
export const EVENTS_CELL_PEAK_BYTES = 19;
/** Columns `events` always has (row_id, file, line, user_id, ts, event, stage, channel, campaign, revenue, order_id, score). */
export const EVENTS_FIXED_COLUMNS = 12;
/** Roles a source column can take (user, time, event, channel, campaign, revenue, order, score). */
export const ROLE_COLUMNS = 8;

/** "3.1 GiB", "512.0 MiB", "19.2 GB", "1024 bytes" → bytes; null when it does not read. */
export function parseSize(text: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGTP]?i?B|bytes?)\s*$/i.exec(text);
  if (!m) return null;
  const unit = m[2].toUpperCase();
  if (unit.startsWith('BYTE') || unit === 'B') return Math.round(Number(m[1]));
  const power = 'KMGTP'.indexOf(unit[0]) + 1;
  const base = unit.includes('I') ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** power);
}

/** Bytes for people: "3.1 GiB", "689 MB" style, binary units above 1 GiB to match DuckDB's figure. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

/**
 * The engine's memory limit in bytes (DuckDB's `memory_limit`), or null if it cannot be read or
 * does not bound the data (an engine that spills to disk): then nothing is refused.
 */
export async function engineMemoryLimit(engine: Engine): Promise<number | null> {
  if (engine.spills) return null;
  try {
    const [r] = await engine.query<{ l: string }>(raw("SELECT current_setting('memory_limit') AS l"));
    return parseSize(String(r?.l ?? ''));
  } catch {
    return null;
  }
}

/** Where the engine runs, for the messages: the page's tab or the command line's process. */
export type Place = 'page' | 'command line';

const ADVICE = 'Load a shorter period or fewer columns (split the export, e.g. by month, and load one part).';
const CLI_ADVICE = 'Split the export into shorter periods (e.g. one file per month) and pass one part with --data, or drop columns you do not need.';
const where = (place: Place) => (place === 'page' ? 'this browser tab' : 'the command line');
const advice = (place: Place) => (place === 'page' ? ADVICE : CLI_ADVICE);
/** What to do when an analysis (not the data) needs too much memory. */
export const ANALYSIS_ADVICE = 'Narrow it with a filter, a shorter window or fewer breakdown values.';

/**
 * Before reading: a message when `bytes` of text (or of a gzip/Parquet file, which holds more text
 * than its size: `packed`) clearly cannot fit in `limit`; else null.
 */
export function checkTextSize(file: string, bytes: number, limit: number | null, place: Place = 'page', packed = false): string | null {
  if (!limit || bytes * MIN_PEAK_PER_CSV_BYTE <= limit) return null;
  return (
    `${file} is too big for ${where(place)}: ${formatSize(bytes)} of ${packed ? 'compressed data holds more text and' : 'text'} needs at least ` +
    `${formatSize(bytes * MIN_PEAK_PER_CSV_BYTE)} of memory in the analysis engine, which may use ${formatSize(limit)} here ` +
    `(files up to about ${formatSize(limit / MIN_PEAK_PER_CSV_BYTE)} can be tried). ${advice(place)}`
  );
}

export interface TableShape {
  file: string;
  rows: number;
  /** Source columns (without the importer's __line and __row). */
  columns: number;
}

/** Estimated peak engine memory (bytes) of importing `files` and building `events` from them. */
export function estimateBuildPeak(files: readonly TableShape[]): number {
  let bytes = 0;
  for (const f of files) {
    const eventsColumns = EVENTS_FIXED_COLUMNS + Math.max(0, f.columns - ROLE_COLUMNS);
    bytes += f.rows * (f.columns * RAW_CELL_BYTES + eventsColumns * EVENTS_CELL_PEAK_BYTES);
  }
  return bytes;
}

/**
 * After the import of the last of `files`: a message when all of them together clearly cannot be
 * built into `events` within `limit`; else null.
 */
export function checkRows(files: readonly TableShape[], limit: number | null, place: Place = 'page'): string | null {
  if (!limit || files.length === 0) return null;
  const need = estimateBuildPeak(files);
  if (need <= limit) return null;
  const last = files[files.length - 1];
  const others = files.slice(0, -1);
  const room = limit - estimateBuildPeak(others);
  const perRow = estimateBuildPeak([{ ...last, rows: 1 }]);
  const fit = Math.max(0, Math.floor(room / perRow));
  const with_ = others.length ? ` together with the ${others.length === 1 ? 'file' : `${others.length} files`} already loaded` : '';
  return (
    `${last.file} is too big for ${where(place)}: ${last.rows.toLocaleString('en')} rows × ${last.columns} columns${with_} ` +
    `need about ${formatSize(need)} of memory in the analysis engine to build the journey, which may use ${formatSize(limit)} here ` +
    `(about ${roundDown(fit).toLocaleString('en')} rows of this file would fit). ${advice(place)}`
  );
}

function roundDown(n: number): number {
  if (n < 1000) return n;
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / p) * p;
}

/** DuckDB's "Out of Memory Error", also when the page's engine wrapped it into EngineCrashed. */
export function isOutOfMemory(e: unknown): boolean {
  return /out of memory/i.test(String((e as Error)?.message ?? e));
}

/** Whose memory ran out: the page's engine, the command line's DuckDB-WASM, or native DuckDB. */
export type MemoryOwner = Place | 'native';

const OWNER_WORDS: Record<MemoryOwner, string> = {
  page: 'the analysis engine in this browser tab',
  'command line': "the command line's engine (DuckDB-WASM, held to a browser tab's memory)",
  native: 'native DuckDB'
};
/** Where more memory is to be had, after the advice on doing with less. */
const MORE_MEMORY: Record<MemoryOwner, string> = {
  page: '',
  'command line': ' Or add --engine native: native DuckDB spills to disk what does not fit in memory.',
  native: ' Or raise --memory-limit, or point --temp-dir at a disk with room: what does not fit in memory spills there.'
};

/**
 * The message a person sees when the engine ran out of memory while `doing` something ("reading
 * sales.csv", "building the journey", "this funnel"): what happened, the limit (from DuckDB's own
 * "(3.1 GiB/3.1 GiB used)" when it says so), and what to do where it happened (`owner`).
 */
export function outOfMemoryMessage(e: unknown, doing: string, advice?: string, owner: MemoryOwner = 'page'): string {
  const msg = String((e as Error)?.message ?? e);
  const used = /\(([0-9.]+ ?[KMGT]i?B)\/([0-9.]+ ?[KMGT]i?B) used\)/i.exec(msg);
  const limit = used ? ` (${used[2]})` : '';
  return (
    `Not enough memory: ${doing} needs more than ${OWNER_WORDS[owner]} may use${limit}. ` +
    `The engine is usable again and what was loaded before is still there. ${advice ?? (owner === 'page' ? ADVICE : CLI_ADVICE)}${MORE_MEMORY[owner]}`
  );
}

/** An out-of-memory failure, already explained (see outOfMemoryMessage). */
export class OutOfMemory extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemory';
  }
}
