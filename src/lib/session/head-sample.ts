import { byteSize, readHead, type SourceFile } from '../ingest/import';
import { guessFormat, isGzip } from '../ingest/file-format';

/**
 * Progressive import (docs/PROGRESSIVE.md): a big delimited text file is first read from its head —
 * its first whole lines — so that the mapping screen shows while the whole file is read behind it.
 * Below SAMPLE_MIN_BYTES a file is read in full at once (that takes about as long as the head).
 */
export const SAMPLE_MIN_BYTES = 4 << 20;
/** How much of the head is read: enough lines to guess roles and time formats (≈ 15,000 events). */
export const SAMPLE_BYTES = 1 << 20;
/** Raw tables of heads are raw_<SAMPLE_SLOT + n>: never a slot of a real file. */
export const SAMPLE_SLOT = 1_000_000;

/**
 * The head of `src` as a file of its own (the same name, cut after its last line break within
 * SAMPLE_BYTES), or null when the file is read in full at once: small, compressed (the head of a
 * gzip stream is not text), Parquet or JSON (their readers need the whole file), or one line
 * longer than the head.
 */
export async function headOf(src: SourceFile): Promise<SourceFile | null> {
  if (byteSize(src.data) < SAMPLE_MIN_BYTES) return null;
  const head = await readHead(src.data, SAMPLE_BYTES);
  if (isGzip(head)) return null;
  const format = guessFormat(src.name, head).format;
  if (format !== 'csv' && format !== 'tsv') return null;
  const cut = head.lastIndexOf(0x0a);
  // The header and at least one line: otherwise the head says nothing the full read would not.
  if (cut <= 0 || head.indexOf(0x0a) === cut) return null;
  return { name: src.name, data: head.slice(0, cut + 1) };
}
