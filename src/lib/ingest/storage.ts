import { COMPRESSED_STORAGE_SQL, type Engine } from '../engine/engine';
import { raw } from '../sql/quote';

/**
 * Where the tables of a session live: plain in-memory tables, or the compressed in-memory
 * database attached at start-up (engine.ts). Compression is what lets 10M events fit in
 * DuckDB-WASM's memory (capacity.ts), but writing compressed is slow: in Chromium, reading
 * bench/data/journeys-1m.csv (69 MB, 1M rows) into a table took 2.8 s compressed and 1.5 s plain,
 * and an import and a build each write a table of every row. So a session stays plain while its
 * inputs fit uncompressed with room to spare, and turns compressed once they do not.
 */

/**
 * Peak engine memory per byte of CSV text with plain tables: measured 9 at 1M rows (the raw table,
 * `events` and the build's sort of that time; see capacity.ts), a ceiling now that nothing is sorted.
 */
export const PLAIN_PEAK_PER_TEXT_BYTE = 9;
/** Text bytes per byte of a gzip or Parquet file: a generous guess (CSV gzips 5–10×). */
export const PACKED_EXPANSION = 10;

export interface InputSize {
  name: string;
  bytes: number;
}

/** Roughly how much CSV-like text `input` holds. */
export function textBytes(input: InputSize): number {
  return /\.(gz|gzip|parquet|parq|pq)$/i.test(input.name) ? input.bytes * PACKED_EXPANSION : input.bytes;
}

/**
 * Compressed storage is needed when plain tables of all `inputs` could take more than half of the
 * engine's memory `limit` (the other half is for the queries); always when the limit is unknown.
 */
export function needsCompression(inputs: readonly InputSize[], limit: number | null): boolean {
  if (!limit) return true;
  const text = inputs.reduce((s, i) => s + textBytes(i), 0);
  return text * PLAIN_PEAK_PER_TEXT_BYTE > limit / 2;
}

/** From now on, new tables go to the compressed database. */
export async function useCompressedStorage(engine: Engine): Promise<void> {
  await engine.query(raw(COMPRESSED_STORAGE_SQL));
}
