/**
 * One pass over the bytes of a delimited text file that DuckDB cannot give us: where the physical
 * lines are. DuckDB skips empty lines silently and numbers its rejects by record (a quoted line
 * break does not count), so exact physical line numbers need this map. The scan is memchr-speed
 * (`indexOf`) and keeps only sparse lists, never the file.
 */

export interface LineMap {
  /** Bytes scanned. */
  bytes: number;
  /** Physical lines (a last line without a line break counts; a final line break does not start one). */
  physical: number;
  /** Records (DuckDB's line numbering: a record with quoted line breaks is one line). */
  logical: number;
  /** Logical numbers of empty lines (nothing, or only the CR of a CRLF). */
  empty: number[];
  /** [first logical line, extra] : from that logical line on, physical = logical + extra. */
  shifts: [number, number][];
  /** Line breaks outside quotes: counts by kind. */
  lf: number;
  crlf: number;
  cr: number;
  /** Lines (physical) holding a NUL byte, first 1000. */
  nulLines: number[];
  nul: number;
  /** Long lines with more fields than `fields` (in a quoted scan, lines where no quote opens a value; first 10000). */
  wide: MisfitLine[];
  /** Lines with fewer fields than `fields`, not empty (the same lines looked at; first 200000). */
  narrow: MisfitLine[];
  /**
   * With `narrow`: one-line records in which text follows a quote that closed a value (`"ab"cd`,
   * fields 0; first 10000). DuckDB rejects such a line and then goes on field by field through
   * the rest of it, one error per field, each with the whole line: a 1 MB line took 85 s.
   */
  broken: MisfitLine[];
}

/**
 * A line of the wrong shape (too wide, too short, or text after a closing quote: `fields` 0).
 * DuckDB would reject a wide one with one error per extra field, each carrying the whole line: its
 * rejects pass is then quadratic (a 100 KB line of 8000 fields took 47 s, 380 KB over 15 minutes).
 * A short line costs one error per missing field: 40,000 one-word lines in a file of 2,000
 * columns ran DuckDB-WASM out of memory after 95 s.
 */
export interface MisfitLine {
  logical: number;
  /** Byte offsets of the line's text (its line break excluded). */
  start: number;
  end: number;
  fields: number;
}

export interface ScanOptions {
  /** The line break byte: 10 (LF/CRLF files) or 13 (old Mac CR-only files). */
  newline: number;
  /** Quote byte, or -1 when the dialect has none. */
  quote: number;
  /** Escape byte inside quotes when it differs from the quote (backslash), else -1. */
  escape: number;
  delimiter: number;
  /**
   * The expected field count: lines in which a delimiter always separates (no quote byte, or no
   * quote on the line that opens a value) are counted and listed in `wide` when they have more
   * (WIDE_BYTES long at least), in `narrow` when they have fewer (with `narrow` only).
   */
  fields?: number;
  /**
   * Counts the fields of every line, not only of long ones, to list the short lines: twice the
   * work of a plain scan (1M rows: 0.36 s against 0.18 s), asked only once a file failed to read.
   */
  narrow?: boolean;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, total: number) => void;
}

// 2 MB per step, and the page gets the thread back between steps: 16 MB chunks made main-thread
// tasks of 130-210 ms in Chromium at 1M rows (the benchmark's long_task_phases), 2 MB stay near 30 ms.
const CHUNK = 2 << 20;
// Shorter lines cost DuckDB little even with many extra fields, and the hot loop stays a memchr.
const WIDE_BYTES = 256;
const MAX_WIDE = 10000;
const MAX_NARROW = 200_000;

/** Lets the page paint and handle input between chunks (a Blob's read yields already). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function scanLines(src: Uint8Array | Blob, o: ScanOptions): Promise<LineMap> {
  const total = src instanceof Uint8Array ? src.length : src.size;
  const m: LineMap = { bytes: total, physical: 0, logical: 0, empty: [], shifts: [], lf: 0, crlf: 0, cr: 0, nulLines: [], nul: 0, wide: [], narrow: [], broken: [] };
  const D = o.delimiter;
  // Quote-less scans count every line; quoted scans the lines on which no quote opens a value: a
  // cell of 200 KB of `lorem,ipsum ` pasted without quotes into a quoted file made DuckDB's rejects
  // pass run for minutes too, and 35 s to 8 minutes when a quote stood inside one of its words.
  const countWide = o.fields !== undefined;
  const quoteless = o.quote < 0;
  let carry = 0; // delimiters of the current line in earlier chunks
  let lineOpened = false; // a quote opened a value on the current record
  let recordBroken = false; // text followed a closing quote on the current record
  let recordBreaks = 0; // quoted line breaks in the current record
  const NL = o.newline;
  const Q = o.quote;
  let inQuote = false;
  let lineStart = 0; // absolute offset of the current physical line
  let recordStart = 0;
  let prevByte = -1;
  let pendingQuote = false; // a quote ended the previous chunk while in a quoted value
  let lastShift = 0;
  let crTotal = 0;
  let crInQuotes = 0;
  let lastNulLine = -1;

  for (let base = 0; base < total; base += CHUNK) {
    if (o.signal?.aborted) throw new DOMException('The import was cancelled', 'AbortError');
    if (src instanceof Uint8Array && base > 0) await yieldToPage();
    const c = src instanceof Uint8Array ? src.subarray(base, base + CHUNK) : new Uint8Array(await src.slice(base, base + CHUNK).arrayBuffer());
    const n = c.length;
    // Lone CRs and NULs are counted by memchr loops of their own.
    for (let p = c.indexOf(13); p >= 0; p = c.indexOf(13, p + 1)) crTotal++;
    let line = m.physical + 1;
    let from = 0;
    for (let p = c.indexOf(0); p >= 0; p = c.indexOf(0, p + 1)) {
      m.nul++;
      if (m.nulLines.length < 1000) {
        line += countByte(c, NL, from, p);
        from = p;
        if (line !== lastNulLine) m.nulLines.push((lastNulLine = line));
      }
    }
    let pos = 0;
    let nextQ = Q >= 0 ? c.indexOf(Q) : -1;
    // The next line break at or after a position, remembered: asked once per quote outside quoted
    // values, a fresh search each time was quadratic on a long line of stray quotes.
    let nlFrom = -1;
    let nlAt = -1;
    const nextNl = (from: number): number => {
      if (!(nlFrom >= 0 && from >= nlFrom && (nlAt < 0 || from <= nlAt))) {
        nlFrom = from;
        nlAt = c.indexOf(NL, from);
      }
      return nlAt < 0 ? -1 : nlAt;
    };
    // Delimiters in [from, to), for lines in input order: the next delimiter is remembered, so a
    // run of lines without one is not searched to its end once per line.
    let dAt = -2;
    const delimiters = (from: number, to: number): number => {
      if (dAt === -2 || (dAt >= 0 && dAt < from)) dAt = c.indexOf(D, from);
      let k = 0;
      for (; dAt >= 0 && dAt < to; dAt = c.indexOf(D, dAt + 1)) k++;
      return k;
    };
    if (pendingQuote) {
      pendingQuote = false;
      if (c[0] === Q) pos = 1; // a doubled quote split by the chunk edge: still quoted
      else inQuote = false;
    }
    while (pos < n) {
      if (inQuote) {
        let q = nextQ >= pos ? nextQ : c.indexOf(Q, pos);
        // A quote after an odd run of escapes is escaped; after an even run (`\\"`, an escaped
        // backslash) it closes the value, as DuckDB reads it (fuzzing found the lines off by one).
        while (q > 0 && o.escape >= 0 && escapedAt(c, q, pos, o.escape)) q = c.indexOf(Q, q + 1);
        const end = q < 0 ? n : q;
        const breaks = countByte(c, NL, pos, end);
        m.physical += breaks;
        recordBreaks += breaks;
        if (NL === 10) crInQuotes += countByte(c, 13, pos, end);
        if (breaks > 0) lineStart = base + end; // approximate: only used for blank checks outside quotes
        if (q < 0) {
          pos = n;
          break;
        }
        if (q + 1 >= n) {
          pendingQuote = true;
          pos = n;
          break;
        }
        if (c[q + 1] === Q && o.escape < 0) {
          pos = q + 2;
          nextQ = c.indexOf(Q, pos);
          continue;
        }
        inQuote = false;
        pos = q + 1;
        nextQ = Q >= 0 ? c.indexOf(Q, pos) : -1;
        if (o.narrow) {
          let k = pos;
          while (k < n && c[k] === 0x20) k++;
          if (k < n && c[k] !== D && c[k] !== NL && c[k] !== 13) recordBroken = true;
        }
        continue;
      }
      if (nextQ >= 0 && nextQ < pos) nextQ = c.indexOf(Q, pos);
      {
        // The hot loop: whole lines before the next quote, with local counters only.
        const stop = nextQ < 0 ? n : nextQ;
        const loopStart = pos;
        let physical = m.physical;
        let logical = m.logical;
        let lf = 0;
        let crlf = 0;
        let ls = lineStart - base;
        let nl = nextNl(pos);
        while (nl >= 0 && nl < stop) {
          const before = nl > 0 ? c[nl - 1] : prevByte;
          if (before === 13) crlf++;
          else lf++;
          physical++;
          logical++;
          const empty = nl === ls || (nl === ls + 1 && before === 13 && NL === 10);
          if (empty) m.empty.push(logical);
          else if (ls < loopStart && recordBroken && recordBreaks === 0) noteBroken(m, logical, base + ls, base + nl - (before === 13 ? 1 : 0));
          else if (countWide && (quoteless || ls >= loopStart || !lineOpened) && (o.narrow || nl - ls >= WIDE_BYTES)) {
            const fields = 1 + (ls < 0 ? carry + delimiters(0, nl) : delimiters(ls, nl));
            noteMisfit(m, o, logical, base + ls, base + nl - (before === 13 ? 1 : 0), fields);
          }
          ls = nl + 1;
          nl = c.indexOf(NL, ls);
        }
        if (logical !== m.logical) {
          lineOpened = recordBroken = false;
          recordBreaks = 0;
          // Quoted line breaks of the record that ended first here move every later record down.
          if (m.physical - m.logical !== lastShift) {
            lastShift = m.physical - m.logical;
            m.shifts.push([m.logical + 2, lastShift]);
          }
          if (NL === 10) {
            m.lf += lf;
            m.crlf += crlf;
          } else m.cr += lf + crlf;
          m.physical = physical;
          m.logical = logical;
          lineStart = recordStart = base + ls;
          pos = ls;
        }
        if (nextQ < 0 && nl < 0) {
          pos = n;
          break;
        }
      }
      const nl = nextNl(pos);
      if (nextQ >= 0 && (nl < 0 || nextQ < nl)) {
        // A quote opens a value only at its start (after a delimiter, a line start, or spaces).
        let k = nextQ - 1;
        while (k >= 0 && c[k] === 0x20) k--;
        const before = k >= 0 ? c[k] : prevByte;
        const atStart = base + k + 1 <= recordStart || before === o.delimiter || before === NL || before === 13 || before === -1;
        pos = nextQ + 1;
        if (atStart) inQuote = lineOpened = true;
        nextQ = c.indexOf(Q, pos);
        continue;
      }
      if (nl < 0) {
        pos = n;
        break;
      }
      const before = nl > 0 ? c[nl - 1] : prevByte;
      const len = base + nl - lineStart;
      if (NL === 10 && before === 13) m.crlf++;
      else if (NL === 10) m.lf++;
      else m.cr++;
      m.physical++;
      m.logical++;
      if (len === 0 || (len === 1 && NL === 10 && before === 13)) m.empty.push(m.logical);
      const extra = m.physical - m.logical;
      if (extra !== lastShift) {
        m.shifts.push([m.logical + 1, extra]);
        lastShift = extra;
      }
      lineStart = recordStart = base + nl + 1;
      lineOpened = recordBroken = false;
      recordBreaks = 0;
      pos = nl + 1;
    }
    if (countWide) carry = lineStart >= base ? countByte(c, D, lineStart - base, n) : carry + countByte(c, D, 0, n);
    prevByte = n > 0 ? c[n - 1] : prevByte;
    o.onProgress?.(Math.min(total, base + n), total);
  }
  if (recordStart < total) {
    m.physical++;
    m.logical++;
    if (recordBroken && recordBreaks === 0) noteBroken(m, m.logical, recordStart, total - (prevByte === 13 ? 1 : 0));
    else if (countWide && (quoteless || !lineOpened) && (o.narrow || total - recordStart >= WIDE_BYTES)) noteMisfit(m, o, m.logical, recordStart, total - (prevByte === 13 ? 1 : 0), carry + 1);
  }
  if (NL === 10) m.cr = Math.max(0, crTotal - m.crlf - crInQuotes);
  return m;
}

/** Whether the quote at `q` follows an odd number of escape bytes (counted back to `from`). */
function escapedAt(c: Uint8Array, q: number, from: number, escape: number): boolean {
  let k = 0;
  for (let j = q - 1; j >= from && c[j] === escape; j--) k++;
  return k % 2 === 1;
}

function noteMisfit(m: LineMap, o: ScanOptions, logical: number, start: number, end: number, fields: number): void {
  const want = o.fields ?? fields;
  if (fields > want && end - start >= WIDE_BYTES && m.wide.length < MAX_WIDE) m.wide.push({ logical, start, end, fields });
  else if (o.narrow && fields < want && end > start && m.narrow.length < MAX_NARROW) m.narrow.push({ logical, start, end, fields });
}

function noteBroken(m: LineMap, logical: number, start: number, end: number): void {
  if (m.broken.length < MAX_WIDE) m.broken.push({ logical, start, end, fields: 0 });
}

function countByte(c: Uint8Array, b: number, from: number, to: number): number {
  // Searched within [from, to) only: a search running on to the chunk's end, once per quoted
  // value of a long line, made lines of many quotes quadratic (a fuzzed 200 KB line: minutes).
  const s = c.subarray(Math.max(0, from), Math.max(0, to));
  let k = 0;
  for (let p = s.indexOf(b); p >= 0; p = s.indexOf(b, p + 1)) k++;
  return k;
}

/** Physical line of a logical (DuckDB) line number. */
export function physicalOf(m: Pick<LineMap, 'shifts'>, logical: number): number {
  let extra = 0;
  for (const [from, e] of m.shifts) {
    if (from > logical) break;
    extra = e;
  }
  return logical + extra;
}
