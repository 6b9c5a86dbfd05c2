import { gzipSync } from 'fflate';

/**
 * Seeded mutations of a file's bytes for the import fuzz suite (tests/ingest/fuzz.test.ts). Each
 * mutation is a pure function of the bytes and a random source, so a failing case is replayed
 * from its seed alone. What they imitate: exports cut short by a full disk or a failed download
 * (truncation at a quote, a delimiter, a line break or mid-cell), editors and pipelines that
 * insert stray quotes, delimiters, NULs, byte-order marks and line breaks, a cell pasted with a
 * megabyte of text, bit rot, and a gzip or Parquet file damaged in transit.
 */
export type Rand = () => number;

export interface Mutated {
  name: string;
  data: Uint8Array;
  /** What was done, for the failure message. */
  how: string;
}

const QUOTE = 0x22;
const NL = 0x0a;
const CR = 0x0d;

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array | number[]): Uint8Array {
  const ins = insert instanceof Uint8Array ? insert : Uint8Array.from(insert);
  const out = new Uint8Array(b.length - remove + ins.length);
  out.set(b.subarray(0, at), 0);
  out.set(ins, at);
  out.set(b.subarray(at + remove), at + ins.length);
  return out;
}

/** Offsets of the bytes that give a CSV its structure: quotes, delimiters, line breaks. */
export function structuralPositions(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE || c === NL || c === CR || c === 0x2c || c === 0x3b || c === 0x09 || c === 0x7c || c === 0x27) out.push(i);
  }
  return out;
}

const at = (r: Rand, b: Uint8Array) => int(r, b.length + 1);

/** Every mutation, by name: each returns the new bytes and a note of where. */
export const MUTATIONS: Record<string, (b: Uint8Array, r: Rand) => { data: Uint8Array; note: string }> = {
  flip(b, r) {
    const out = b.slice();
    const n = 1 + int(r, 4);
    const where: number[] = [];
    for (let k = 0; k < n && out.length; k++) {
      const i = int(r, out.length);
      out[i] = int(r, 256);
      where.push(i);
    }
    return { data: out, note: `bytes ${where.join(',')}` };
  },
  truncateStructural(b, r) {
    const s = structuralPositions(b);
    const i = s.length ? pick(r, s) + int(r, 2) : at(r, b);
    return { data: b.subarray(0, i), note: `cut at ${i} of ${b.length}` };
  },
  truncateAnywhere(b, r) {
    const i = at(r, b);
    return { data: b.subarray(0, i), note: `cut at ${i} of ${b.length}` };
  },
  insertQuote(b, r) {
    const i = at(r, b);
    return { data: splice(b, i, 0, [pick(r, [QUOTE, QUOTE, 0x27, 0x5c])]), note: `at ${i}` };
  },
  insertDelimiter(b, r) {
    const i = at(r, b);
    return { data: splice(b, i, 0, [pick(r, [0x2c, 0x3b, 0x09, 0x7c])]), note: `at ${i}` };
  },
  insertNul(b, r) {
    const i = at(r, b);
    return { data: splice(b, i, 0, Array(1 + int(r, 3)).fill(0)), note: `at ${i}` };
  },
  insertBom(b, r) {
    // Mostly at the start (a second BOM after a concatenation), sometimes inside.
    const i = r() < 0.6 ? 0 : at(r, b);
    const bom = pick(r, [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]]);
    return { data: splice(b, i, 0, bom), note: `${bom.length}-byte BOM at ${i}` };
  },
  insertLineBreak(b, r) {
    const i = at(r, b);
    return { data: splice(b, i, 0, pick(r, [[NL], [CR], [CR, NL], [NL, NL], [CR, CR, NL]])), note: `at ${i}` };
  },
  hugeField(b, r) {
    // A cell of 64 KB–1 MB, quoted or not, closed or not: a pasted document, a truncated blob.
    const size = pick(r, [65_536, 200_000, 1_000_000]);
    const filler = new TextEncoder().encode(pick(r, ['lorem,ipsum ', 'x', 'a"b', 'line\n', '\u00e9\u4e2d ']));
    const body = new Uint8Array(size);
    for (let k = 0; k < size; k += filler.length) body.set(filler.subarray(0, Math.min(filler.length, size - k)), k);
    const quoted = r() < 0.5;
    const closed = r() < 0.5;
    const ins = new Uint8Array(size + (quoted ? 1 : 0) + (quoted && closed ? 1 : 0));
    if (quoted) ins[0] = QUOTE;
    ins.set(body, quoted ? 1 : 0);
    if (quoted && closed) ins[ins.length - 1] = QUOTE;
    const s = structuralPositions(b);
    const i = s.length ? pick(r, s) + 1 : at(r, b);
    return { data: splice(b, Math.min(i, b.length), 0, ins), note: `${size} bytes${quoted ? (closed ? ' quoted' : ' unclosed quote') : ''} at ${i}` };
  },
  dropLine(b, r) {
    const nl = structuralPositions(b).filter((i) => b[i] === NL);
    if (nl.length < 2) return { data: b, note: 'no line' };
    const k = int(r, nl.length - 1);
    return { data: splice(b, nl[k] + 1, nl[k + 1] - nl[k], []), note: `line after byte ${nl[k]}` };
  },
  duplicateLine(b, r) {
    const nl = structuralPositions(b).filter((i) => b[i] === NL);
    if (nl.length < 2) return { data: b, note: 'no line' };
    const k = int(r, nl.length - 1);
    return { data: splice(b, nl[k + 1] + 1, 0, b.slice(nl[k] + 1, nl[k + 1] + 1)), note: `line after byte ${nl[k]}` };
  }
};

/** One to three mutations of `b`, chosen by `r`. */
export function mutateText(b: Uint8Array, r: Rand): { data: Uint8Array; how: string } {
  const names = Object.keys(MUTATIONS);
  const n = 1 + (r() < 0.3 ? 1 + int(r, 2) : 0);
  let data = b;
  const how: string[] = [];
  for (let k = 0; k < n; k++) {
    const name = pick(r, names);
    // A huge field once per case at most, and in about 1 case in 40: it is the costly one (a
    // second or more each on a loaded machine), and one is enough to find a quadratic path.
    const m = name === 'hugeField' && (how.some((h) => h.startsWith('hugeField')) || r() < 0.7) ? 'flip' : name;
    const out = MUTATIONS[m](data, r);
    data = out.data;
    how.push(`${m}(${out.note})`);
  }
  return { data, how: how.join(' + ') };
}

/** A gzip of `text`, then damaged (or not) the way a download goes wrong. */
export function mutateGzip(text: Uint8Array, r: Rand): { data: Uint8Array; how: string } {
  const gz = gzipSync(text);
  const kind = pick(r, ['intact', 'flip', 'truncate', 'trailing']);
  if (kind === 'intact') return { data: gz, how: 'gzip' };
  if (kind === 'flip') {
    const out = gz.slice();
    // Past the 10-byte header, so the magic stays and the reader believes it is gzip.
    const i = 10 + int(r, Math.max(1, out.length - 10));
    out[i] ^= 1 + int(r, 255);
    return { data: out, how: `gzip, byte ${i} flipped` };
  }
  if (kind === 'truncate') {
    const i = 2 + int(r, Math.max(1, gz.length - 2));
    return { data: gz.subarray(0, i), how: `gzip cut at ${i} of ${gz.length}` };
  }
  return { data: Uint8Array.from([...gz, ...gz.subarray(0, 1 + int(r, 20))]), how: 'gzip with trailing bytes' };
}

/** A Parquet file damaged: bytes flipped in the data or the footer, cut short, or its magic kept alone. */
export function mutateParquet(pq: Uint8Array, r: Rand): { data: Uint8Array; how: string } {
  const kind = pick(r, ['flip', 'flipFooter', 'truncate', 'magicOnly', 'footerLength']);
  const out = pq.slice();
  if (kind === 'flip') {
    const n = 1 + int(r, 8);
    for (let k = 0; k < n; k++) out[4 + int(r, out.length - 8)] = int(r, 256);
    return { data: out, how: `parquet, ${n} bytes flipped` };
  }
  if (kind === 'flipFooter') {
    const i = Math.max(4, out.length - 8 - 1 - int(r, Math.min(200, out.length - 12)));
    out[i] ^= 1 + int(r, 255);
    return { data: out, how: `parquet, footer byte ${i} flipped` };
  }
  if (kind === 'truncate') {
    const i = 4 + int(r, out.length - 4);
    return { data: out.subarray(0, i), how: `parquet cut at ${i} of ${out.length}` };
  }
  if (kind === 'magicOnly') return { data: new TextEncoder().encode('PAR1'), how: 'parquet magic only' };
  // The footer's length field (the 4 bytes before the closing PAR1) says more than the file holds.
  new DataView(out.buffer, out.byteOffset).setUint32(out.length - 8, 0x7fffffff - int(r, 1000), true);
  return { data: out, how: 'parquet footer length beyond the file' };
}
