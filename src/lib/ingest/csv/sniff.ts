import { splitRecords, type HeadRecord } from './records';

/**
 * The CSV dialect, decided in JS from the head of the file and passed to DuckDB explicitly. DuckDB's
 * own sniffer fails silently on real files (pipe → 0 rows, ragged rows → 1 column, blank lines →
 * 0 rows), so it is only asked for column types, with this dialect fixed.
 */
export interface Dialect {
  /** ',', ';', '\t', '|', or 'whitespace' for runs of spaces (aligned text, rewritten to tabs). */
  delimiter: string;
  quote: string;
  escape: string;
  header: boolean;
  /** Physical lines before the header (or first data row): preamble and blank lines. */
  skip: number;
  /** Non-blank lines in `skip` (reported as a preamble). */
  preamble: number[];
  /** Column names as the header gives them (raw), or column1… without a header. */
  names: string[];
  /** Whether each header cell was quoted. */
  quotedNames: boolean[];
  fieldCount: number;
  newline: '\n' | '\r\n' | '\r' | 'mixed';
  /** The records of the head, for type and footer checks. */
  records: HeadRecord[];
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The line breaks between records (breaks inside quoted values do not count). */
export function newlineStyle(records: HeadRecord[]): Dialect['newline'] {
  const kinds = new Set(records.map((r) => r.eol).filter((e) => e !== ''));
  if (kinds.size > 1) return 'mixed';
  return ([...kinds][0] as Dialect['newline'] | undefined) ?? '\n';
}

/** The most frequent field count of at least 2 (one-field lines are titles, comments, notes). */
function mode(xs: number[]): { value: number; count: number } {
  const m = new Map<number, number>();
  for (const x of xs) if (x >= 2) m.set(x, (m.get(x) ?? 0) + 1);
  let value = 0;
  let count = 0;
  for (const [v, c] of m) if (c > count || (c === count && v > value)) [value, count] = [v, c];
  return { value, count };
}

/** `"` unless the file quotes with `'` and never with `"` (some exports do). */
function guessQuote(text: string): string {
  const dq = (text.match(/(^|[,;\t|])[ ]*"/gm) ?? []).length;
  if (dq > 0) return '"';
  const sq = (text.match(/(^|[,;\t|])[ ]*'(?:[^'\n]|'')*'[ ]*(?=[,;\t|]|\r?$)/gm) ?? []).length;
  return sq >= 2 ? "'" : '"';
}

const TYPED = [
  /^[+-]?(\d+([.,]\d+)*|\.\d+)([eE][+-]?\d+)?%?$/,
  /^\d{4}-\d{2}-\d{2}([ T].*)?$/,
  /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}( .*)?$/,
  /^\d{8}$/
];

export function looksTyped(v: string): boolean {
  const s = v.trim();
  return s !== '' && TYPED.some((r) => r.test(s));
}

/**
 * `complete` says whether `text` is the whole file; if not, its last (maybe cut) line is ignored.
 * `forceHeader` overrides header detection (the user's choice).
 */
export function sniffDialect(text: string, complete: boolean, forceHeader?: boolean): Dialect {
  if (!complete) {
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (cut > 0) text = text.slice(0, cut + 1);
  }
  const quote = guessQuote(text);
  const escape = quote === '"' && text.includes('\\"') ? '\\' : quote;
  const maxRecords = 400;

  // The delimiter that gives the most records with the same field count (ties: more fields).
  let best: { delimiter: string; records: HeadRecord[]; m: number; count: number; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const records = splitRecords(text, { delimiter, quote, escape, maxRecords });
    const counts = records.filter((r) => !r.blank).map((r) => r.fields.length);
    const { value, count } = mode(counts);
    if (value < 2) continue;
    if (!best || count > best.count || (count === best.count && value > best.m)) {
      best = { delimiter, records, m: value, count, score: count / Math.max(1, counts.length) };
    }
  }
  let delimiter = best?.delimiter ?? ',';
  let records = best?.records ?? splitRecords(text, { delimiter: ',', quote, escape, maxRecords });
  let m = best?.m ?? 1;
  if (!best) {
    // Aligned text: runs of spaces separate the columns.
    const ws = splitRecords(text, { delimiter: ' ', quote: '', escape: '', whitespace: true, maxRecords });
    const counts = ws.filter((r) => !r.blank).map((r) => r.fields.length);
    const md = mode(counts);
    if (md.value >= 2 && md.count >= 0.9 * counts.length) {
      delimiter = 'whitespace';
      records = ws;
      m = md.value;
    }
  }

  // The header (or first data row) is the first record with the modal field count; what comes
  // before it is a preamble (report titles, `#` comments, blank lines).
  let h = records.findIndex((r) => !r.blank && r.fields.length === m);
  if (h < 0) h = records.findIndex((r) => !r.blank);
  if (h < 0) h = records.length; // nothing but blank lines
  const first = records[h] as HeadRecord | undefined;
  const skipped = records.slice(0, h);
  const skip = first ? first.line - 1 : 0;
  const preamble = skipped.filter((r) => !r.blank).map((r) => r.line);

  const rest = records.slice(h + 1).filter((r) => !r.blank);
  let header = true;
  if (first && rest.length > 0) {
    // A first row with a number or a date where the next rows have them too is data.
    header = !first.fields.some((v, i) => looksTyped(v) && rest.slice(0, 20).some((r) => looksTyped(r.fields[i] ?? '')));
  }
  if (forceHeader !== undefined) header = forceHeader;
  const newline = newlineStyle(records);
  const fieldCount = first ? first.fields.length : 0;
  const names = header && first ? first.fields : Array.from({ length: fieldCount }, (_, i) => `column${i + 1}`);
  const quotedNames = header && first ? first.quoted : names.map(() => false);
  return { delimiter, quote, escape, header, skip, preamble, names, quotedNames, fieldCount, newline, records: records.slice(h) };
}
