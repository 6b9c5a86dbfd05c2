import { decode, type EncodingGuess } from '../encoding';
import type { LineMap } from './line-map';
import { splitRecords } from './records';
import type { Dialect } from './sniff';

/**
 * The JS-side text work on a CSV that DuckDB cannot read as it is: transcoding to UTF-8, aligned
 * text to tabs, mixed line breaks to LF. Only these files are copied into JS memory; every change
 * keeps the physical lines where they were, so line numbers stay exact.
 */
export interface Transcoded {
  bytes: Uint8Array;
  /** Physical lines where invalid UTF-8 became U+FFFD. */
  replacedLines: number[];
}

export function transcode(all: Uint8Array, enc: EncodingGuess, opts: { whitespace: boolean; normalizeNewlines: boolean }): Transcoded {
  let s = decode(all, enc);
  if (opts.normalizeNewlines) s = s.replace(/\r\n?/g, '\n');
  if (opts.whitespace) {
    s = s.replace(/^[ \t]+/gm, '').replace(/[ \t]+(?=\r?$)/gm, '').replace(/[ \t]+/g, '\t');
  }
  const replacedLines: number[] = [];
  if (enc.kind === 'utf-8-invalid') {
    let line = 1;
    let from = 0;
    for (let p = s.indexOf('\uFFFD'); p >= 0 && replacedLines.length < 1000; p = s.indexOf('\uFFFD', p + 1)) {
      for (let k = s.indexOf('\n', from); k >= 0 && k < p; k = s.indexOf('\n', k + 1)) line++;
      from = p;
      if (replacedLines.at(-1) !== line) replacedLines.push(line);
    }
  }
  return { bytes: new TextEncoder().encode(s), replacedLines };
}

export interface Footer {
  /** Byte offset where the footer starts (the data is cut there). */
  offset: number;
  /** Physical and logical line numbers of the footer's lines (blank ones included). */
  lines: number[];
  logicalStart: number;
}

const TOTAL = /^\s*(grand\s+)?(total|totals|sum|summe|gesamt|subtotal|insgesamt)\b/i;

/**
 * Totals rows and notes after the data (spreadsheet and ad-platform exports). Read from the last
 * 64 KiB: from the end, blank lines, one-field notes and rows whose first cell says "Total" are the
 * footer, up to the first ordinary row. A short row with delimiters is left to be rejected instead.
 */
export async function detectFooter(data: Uint8Array | Blob, map: LineMap, d: Dialect, nl: number): Promise<Footer | undefined> {
  if (d.fieldCount < 2) return undefined;
  const size = data instanceof Uint8Array ? data.length : data.size;
  const from = Math.max(0, size - 65536);
  const tail = data instanceof Uint8Array ? data.subarray(from) : new Uint8Array(await data.slice(from).arrayBuffer());
  // Line starts in the tail (the first partial line is dropped unless the tail is the whole file).
  const starts: number[] = [];
  if (from === 0) starts.push(0);
  for (let p = tail.indexOf(nl); p >= 0; p = tail.indexOf(nl, p + 1)) if (p + 1 < tail.length) starts.push(p + 1);
  const lines = starts.map((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : tail.length;
    return { offset: from + s, text: new TextDecoder().decode(tail.subarray(s, end)) };
  });
  if (lines.length < 2) return undefined;
  let k = lines.length;
  let found = false;
  while (k > 0) {
    const text = lines[k - 1].text;
    if (text.trim() === '') {
      k--;
      continue;
    }
    const rec = splitRecords(text, { delimiter: d.delimiter, quote: d.quote, escape: d.escape, maxRecords: 1 })[0];
    const note = rec.fields.length === 1;
    const total = TOTAL.test(rec.fields[0] ?? '');
    if (!note && !total) break;
    found = true;
    k--;
  }
  // Leading blank lines belong to the data's end, not the footer.
  while (k < lines.length && lines[k].text.trim() === '') k++;
  if (!found || k >= lines.length || k === 0) return undefined;
  // Only trust this when the tail has no quoted line breaks (then counting back from the end is exact).
  if (map.physical !== map.logical && map.shifts.at(-1)?.[0] !== undefined && map.shifts.at(-1)![0] > map.logical - (lines.length - k)) return undefined;
  const count = lines.length - k;
  const firstPhysical = map.physical - count + 1;
  const firstLogical = map.logical - count + 1;
  if (firstLogical <= d.skip + (d.header ? 1 : 0) + 1) return undefined; // the footer would be all the data
  return { offset: lines[k].offset, lines: Array.from({ length: count }, (_, i) => firstPhysical + i), logicalStart: firstLogical };
}
