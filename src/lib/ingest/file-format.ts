/**
 * Which reader a file needs, from its first bytes first and its name second: a file's name often
 * lies (a `.csv` that is gzip, a `.txt` that is a table), its magic bytes do not.
 */

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';

export interface FormatGuess {
  /** Undefined when the bytes are not any table format this app reads. */
  format?: FileFormat;
  compression?: 'gzip';
  /** Why a file is not a table (zip, pdf, image …), for the error message. */
  notTable?: string;
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Excel .xlsx workbook): export it as CSV first'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel/Office document: export it as CSV first'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd archive']
];

function starts(b: Uint8Array, m: number[]): boolean {
  return m.every((x, i) => b[i] === x);
}

export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

export function isParquet(head: Uint8Array): boolean {
  return starts(head, [0x50, 0x41, 0x52, 0x31]); // PAR1
}

/** Strips a trailing `.gz` and returns the lower-case extension of what remains. */
export function extensionOf(name: string): { ext: string; gz: boolean } {
  let n = name.toLowerCase();
  const gz = n.endsWith('.gz') || n.endsWith('.gzip');
  if (gz) n = n.replace(/\.gz(ip)?$/, '');
  const dot = n.lastIndexOf('.');
  return { ext: dot >= 0 ? n.slice(dot + 1) : '', gz };
}

/**
 * `head` is the first bytes of the (decompressed, when gzip) content. Text files are told apart by
 * their first non-space character: `[` is a JSON array, `{` NDJSON unless the name says `.json` and
 * the first line is not a complete object.
 */
export function guessFormat(name: string, head: Uint8Array): FormatGuess {
  if (isParquet(head)) return { format: 'parquet' };
  for (const [m, what] of MAGIC) if (starts(head, m)) return { notTable: what };
  const { ext } = extensionOf(name);
  if (ext === 'parquet' || ext === 'pq') return { notTable: 'not a Parquet file (no PAR1 header)' };
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  const first = head[i];
  if (ext === 'ndjson' || ext === 'jsonl') return { format: 'ndjson' };
  if (first === 0x5b /* [ */ && (ext === 'json' || looksJsonArray(head, i))) return { format: 'json' };
  if (first === 0x7b /* { */) {
    if (ext === 'json') return { format: firstLineIsObject(head, i) ? 'ndjson' : 'json' };
    return { format: 'ndjson' };
  }
  if (ext === 'json') return { format: 'json' };
  if (ext === 'tsv' || ext === 'tab') return { format: 'tsv' };
  return { format: 'csv' };
}

// `[{` or `[\n  {` or `[]`: a CSV cannot start like that in practice.
function looksJsonArray(head: Uint8Array, i: number): boolean {
  let j = i + 1;
  while (j < head.length && (head[j] === 0x20 || head[j] === 0x09 || head[j] === 0x0a || head[j] === 0x0d)) j++;
  return head[j] === 0x7b || head[j] === 0x5d || head[j] === 0x5b;
}

function firstLineIsObject(head: Uint8Array, i: number): boolean {
  const nl = head.indexOf(0x0a, i);
  if (nl < 0) return false;
  const line = new TextDecoder().decode(head.subarray(i, nl)).trim();
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
