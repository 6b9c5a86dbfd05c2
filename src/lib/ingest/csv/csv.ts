import { ident, raw, sql } from '../../sql/quote';
import { ImportError } from '../../schema/errors';
import { columnsToWiden, fieldsReason, loadCsv, rejectReasons, sniffTypes, TEXT_AFTER_QUOTE, type CsvRead, type RejectRow } from './csv-read';
import { detectFooter, transcode, type Footer } from './csv-text';
import { decode, encodingName, guessEncoding, type EncodingGuess } from '../encoding';
import type { ImportedFile, ReaderContext } from '../import';
import { byteSize, readAll } from '../import';
import { physicalOf, scanLines, type LineMap, type MisfitLine } from './line-map';
import { typeWord } from '../type-words';
import { cleanNames, lineList, plural, rejectedWarning, type Rejected, type Warning } from '../report';
import { readNumbers } from '../numbers';
import { attachLines } from './row-lines';
import { sniffDialect, type Dialect } from './sniff';
import { checksOrLater } from '../report-checks';
import { describeColumns } from '../table';
import { guarded } from '../watchdog';
import { isOutOfMemory } from '../capacity';
import { tooManyColumns } from '../column-limit';

const MAX_LINE = 8 << 20;

interface Prepared {
  bytes: Uint8Array | Blob;
  enc: EncodingGuess;
  dialect: Dialect;
  map: LineMap;
  transcoded: boolean;
  warnings: Warning[];
}

/** Reads a CSV/TSV: sniff in JS, scan lines, one strict DuckDB pass (a second, with rejects, only on error). */
export async function importCsv(ctx: ReaderContext, head: Uint8Array, format: 'csv' | 'tsv'): Promise<ImportedFile> {
  const { engine, file, opts } = ctx;
  const ms = opts.timeoutMs ?? 120_000;
  const step = <T>(what: string, f: () => Promise<T>) => guarded(engine, file, what, ms, opts.signal, f);
  const size = byteSize(ctx.data);
  const enc = guessEncoding(head.subarray(0, 65536));
  if (enc.kind === 'binary') throw new ImportError(`${file}: not a CSV or any table: ${enc.reason} (if it is compressed, only gzip is read)`, file);
  // DuckDB sniffs the column types, then reads the file, while the page scans the lines: the file
  // is registered as it is before the scan (at 1M rows the scan took about 1 s that read_csv
  // waited for). A footer found by the scan, or bytes rewritten after it, mean a second sniff and
  // read; a read that fails is handled once the scan is done, as any first read.
  const data = `${ctx.table}__data`;
  const early: { bytes: Uint8Array | Blob; dialect: Dialect; types: Promise<string[] | null>; read: Promise<CsvRead>; load: Promise<RejectRow[]> }[] = [];
  let p: Prepared;
  try {
    p = await prepare(ctx, head, enc, size, false, (bytes, dialect) => {
      if (dialect.fieldCount === 0) return;
      const types = register(ctx, bytes, undefined).then(() => sniffTypes(engine, csvRead(ctx, dialect)));
      const read = types.then((t) => withColumns(csvRead(ctx, dialect), dialect, t));
      const load = read.then((r) => loadCsv(engine, data, r));
      load.catch(() => undefined);
      early.push({ bytes, dialect, types, read, load });
    });
  } catch (e) {
    // Nothing of this import may run on after it failed (a cancelled scan): the read ends first.
    await early[0]?.load.catch(() => undefined);
    throw e;
  }
  if (p.dialect.fieldCount === 0) throw new ImportError(`${file}: the file is empty (no text, only blank lines)`, file);

  let footer = await detectFooter(p.bytes, p.map, p.dialect, p.dialect.newline === '\r' ? 13 : 10);
  const cleaned = cleanNames(p.dialect.names, p.dialect.quotedNames);
  const sniffing = early[0];
  let r: CsvRead;
  let loading: Promise<RejectRow[]> | null = null;
  if (sniffing && !footer && sniffing.bytes === p.bytes && sameDialect(sniffing.dialect, p.dialect)) {
    r = await step('reading column types', () => sniffing.read);
    const mine = withColumns(csvRead(ctx, p.dialect), p.dialect, await sniffing.types);
    // The early read is this file's read only if it read the very columns this one would.
    if (JSON.stringify(mine) === JSON.stringify(r)) loading = sniffing.load;
    else {
      await sniffing.load.catch(() => undefined);
      r = mine;
    }
  } else {
    await sniffing?.types;
    // The early read must be over before the file is registered again.
    await sniffing?.load.catch(() => undefined);
    await register(ctx, p.bytes, footer);
    const base = csvRead(ctx, p.dialect);
    r = withColumns(base, p.dialect, await step('reading column types', () => sniffTypes(engine, base)));
  }

  let rejects: RejectRow[] = [];
  let skipped: Skipped[] = [];
  const warnings: Warning[] = [...p.warnings, ...cleaned.warnings];
  try {
    await step('reading the file', () => loading ?? loadCsv(engine, data, r));
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    // Out of memory is not a problem of the file's text: reading it again would only fail again.
    if (e instanceof ImportError || isOutOfMemory(e)) throw e;
    if (/unterminated quote/i.test(msg) && r.quote !== '') {
      const line = Number(/Line: (\d+)/.exec(msg)?.[1] ?? 0);
      warnings.push({ code: 'unbalanced_quote', message: `a quote opened on line ${physicalOf(p.map, line)} is never closed: quotes are read as plain characters in this file` });
      r.quote = '';
      r.escape = '';
      p = { ...p, map: await scan(p.bytes, p.dialect, -1, -1, ctx) };
      // Without quotes every line is a record: the footer's first line is its logical start, which
      // the quoted scan numbered otherwise (fuzz seed 9152: rows and lines did not add up).
      if (footer) footer = { ...footer, logicalStart: footer.lines[0] };
      if (p.map.cr > 0 && p.dialect.newline === '\n') p = await loneCrsAsBreaks(ctx, p, footer, warnings);
    } else if (/unicode|utf-?8/i.test(msg) && !p.transcoded) {
      p = await prepare(ctx, head, { kind: 'utf-8-invalid' }, size, true);
      await register(ctx, p.bytes, footer);
      warnings.push(...p.warnings);
    }
    // The lines of the wrong width, short ones too, from a scan that counts every line's fields.
    const quoted = r.quote !== '';
    p = { ...p, map: await scan(p.bytes, p.dialect, quoted ? quoteByte(p.dialect) : -1, quoted ? escapeByte(p.dialect) : -1, ctx, true) };
    const cleared = await clearMisfits(p.bytes, p.map, p.dialect, footer);
    if (cleared) {
      p = { ...p, bytes: cleared.bytes };
      r.comment = cleared.comment;
      skipped = cleared.skipped;
      await register(ctx, p.bytes, footer);
    }
    try {
      await step('reading the file', () => loadCsv(engine, data, r));
    } catch {
      const rejectTables = { table: `${ctx.table}__rej`, scan: `${ctx.table}__rejscan` };
      rejects = await step('reading the file again, line by line', () => loadCsv(engine, data, r, rejectTables));
      // Columns whose values stop fitting their type far into the file are read as text (columnsToWiden).
      for (let pass = 0; pass < r.names.length; pass++) {
        const widen = columnsToWiden(rejects, r, p.map.logical);
        if (!widen.length) break;
        for (const w of widen) {
          warnings.push({ code: 'read_as_text', message: `column ${JSON.stringify(r.names[w.index])} is read as text: ${plural(w.lines, 'line')} further down the file hold values like ${JSON.stringify(w.example)}, not ${typeWord(r.types[w.index])}` });
          r.types[w.index] = 'VARCHAR';
        }
        rejects = await step('reading the file again with text columns', () => loadCsv(engine, data, r, rejectTables));
      }
    }
  }

  // Rejected lines, blank lines (whitespace only: DuckDB rejects them), the footer.
  const reasons = rejectReasons(rejects, r);
  for (const w of skipped) reasons.set(w.logical, { reason: w.reason ?? fieldsReason(w.fields, p.dialect.fieldCount), blank: w.blank });
  const rejected: Rejected[] = [];
  const blankLogical: number[] = [];
  for (const [line, x] of reasons) {
    if (x.blank) blankLogical.push(line);
    else rejected.push({ line: physicalOf(p.map, line), reason: x.reason });
  }
  const base = p.dialect.skip + (p.dialect.header ? 1 : 0);
  const lastLogical = footer ? footer.logicalStart - 1 : p.map.logical;
  const empties = p.dialect.fieldCount > 1 ? p.map.empty.filter((l) => l <= lastLogical) : [];
  const gaps = [...empties, ...blankLogical, ...[...reasons].filter(([, x]) => !x.blank).map(([l]) => l)];
  const typed = await step('reading numbers written as text', () => readNumbers(engine, data, r.names.map((name, i) => ({ name, type: r.types[i] })), warnings));
  r.types = typed.map((c) => c.type);
  await step('numbering the lines', () => attachLines(engine, data, ctx.table, r.names, { base, gaps, shifts: p.map.shifts }));
  if (footer) rejected.push(...footer.lines.map((line) => ({ line, reason: 'footer after the data (totals or notes), not a data row' })));
  rejected.sort((a, b) => a.line - b.line);

  const rows = Number((await engine.query<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(ctx.table)}`))[0].n);
  const gapsAfterBase = new Set(gaps.filter((g) => g > base)).size;
  if (rows + gapsAfterBase !== Math.max(0, lastLogical - base)) {
    warnings.push({ code: 'line_numbers_inexact', message: `line numbers may be off: ${rows} rows and ${gapsAfterBase} skipped lines for ${lastLogical - base} lines` });
  }
  // Data lines, yet no row and no line rejected: DuckDB read them all into one quoted header or
  // value (a fuzzed header opening a quote that swallowed the file). Nothing would be accounted for.
  if (rows === 0 && rejected.length === 0 && lastLogical - base > gapsAfterBase) {
    throw new ImportError(`${file}: no line could be read as a table: a quote in the header or the first lines does not close where a value ends, so ${plural(lastLogical - base - gapsAfterBase, 'line')} would be read as one value`, file);
  }
  // With quotes read as plain characters, the lines that still do not fit are the quote's doing,
  // not a wrong delimiter: the file loads with both warnings, even when no row is left.
  const quoteDropped = warnings.some((w) => w.code === 'unbalanced_quote');
  if (rows === 0 && !quoteDropped && rejected.length > 0 && rejected.length > (footer?.lines.length ?? 0)) {
    throw new ImportError(`${file}: no line could be read as a table with delimiter ${JSON.stringify(r.delimiter)} (${plural(rejected.length, 'line')} rejected, e.g. line ${rejected[0].line}: ${rejected[0].reason})`, file);
  }
  const dataRejected = rejected.filter((x) => !footer?.lines.includes(x.line));
  if (dataRejected.length) warnings.push(rejectedWarning(dataRejected));
  noteWarnings(warnings, p, footer, base, lastLogical, empties, blankLogical, rows, rejected.length);
  if (p.map.nul > 0) await stripNul(ctx, r.names, r.types, warnings, p.map);
  const columns = await describeColumns(engine, data, ctx.table);
  const later = await checksOrLater(engine, file, ctx.table, columns, rows, warnings, opts);
  return {
    file,
    format,
    delimiter: p.dialect.delimiter,
    encoding: encodingName(p.enc),
    header: p.dialect.header,
    rows,
    dataRows: rows + rejected.length,
    table: ctx.table,
    columns,
    rejected,
    warnings,
    ...later
  };
}

/**
 * `r` with the columns' names (cleaned: cleanNames) and types: the sniffer's (`sniffed`, when it
 * gave one per column; 64-bit integers kept as text, safeType), else text.
 */
function withColumns(r: CsvRead, d: Dialect, sniffed: string[] | null): CsvRead {
  const names = cleanNames(d.names, d.quotedNames).names;
  const types = sniffed && sniffed.length === names.length ? sniffed.map((t, i) => safeType(t, i, d)) : names.map(() => 'VARCHAR');
  return { ...r, names, types };
}

/** How DuckDB reads the file with `d` (no column names or types yet). */
function csvRead(ctx: ReaderContext, d: Dialect): CsvRead {
  const ws = d.delimiter === 'whitespace';
  return {
    path: ctx.path,
    delimiter: ws ? '\t' : d.delimiter,
    quote: ws ? '' : d.quote,
    escape: ws ? '' : d.escape,
    header: d.header,
    skip: d.skip,
    names: [],
    types: [],
    maxLineSize: MAX_LINE
  };
}

function sameDialect(a: Dialect, b: Dialect): boolean {
  return a.delimiter === b.delimiter && a.quote === b.quote && a.escape === b.escape && a.header === b.header && a.skip === b.skip && a.newline === b.newline;
}

/**
 * Sniffs the dialect, transcodes when DuckDB could not read the bytes as they are, scans lines.
 * `beforeScan` is told the bytes and dialect the line scan starts with.
 */
async function prepare(ctx: ReaderContext, head: Uint8Array, enc: EncodingGuess, size: number, force: boolean, beforeScan?: (bytes: Uint8Array | Blob, d: Dialect) => void): Promise<Prepared> {
  const warnings: Warning[] = [];
  let dialect = sniffDialect(decode(head, enc), size <= head.length, ctx.opts.header);
  // Before the engine sees the file: a result this wide traps DuckDB-WASM (column-limit.ts).
  const tooWide = tooManyColumns(ctx.file, dialect.fieldCount, `line ${dialect.skip + 1} has`);
  if (tooWide) throw new ImportError(tooWide, ctx.file);
  let bytes: Uint8Array | Blob = ctx.data;
  let transcoded = false;
  const doTranscode = async (normalizeNewlines: boolean) => {
    const t = transcode(await readAll(ctx.data), enc, { whitespace: dialect.delimiter === 'whitespace', normalizeNewlines });
    bytes = t.bytes;
    transcoded = true;
    if (t.replacedLines.length) {
      warnings.push({ code: 'invalid_utf8_replaced', message: `bytes that are not UTF-8 were replaced by � on ${plural(t.replacedLines.length, 'line')}: ${lineList(t.replacedLines)}` });
    }
    if (normalizeNewlines) {
      warnings.push(MIXED_ENDINGS);
      dialect = { ...dialect, newline: '\n' };
    }
  };
  if (force || enc.kind !== 'utf-8' || dialect.delimiter === 'whitespace' || dialect.newline === 'mixed') {
    await doTranscode(dialect.newline === 'mixed');
  }
  beforeScan?.(bytes, dialect);
  let map = await scan(bytes, dialect, quoteByte(dialect), escapeByte(dialect), ctx);
  if (!transcoded || dialect.newline !== '\n') {
    const kinds = [map.lf, map.crlf, map.cr].filter((x) => x > 0).length;
    if (kinds > 1) {
      await doTranscode(true);
      map = await scan(bytes, dialect, quoteByte(dialect), escapeByte(dialect), ctx);
    }
  }
  if (enc.kind === 'utf-16le' || enc.kind === 'utf-16be') warnings.push({ code: 'encoding_converted', message: `the file is ${enc.kind.toUpperCase()}${enc.bom ? '' : ' (no byte-order mark)'}: converted to UTF-8` });
  if (enc.kind === 'windows-1252' || enc.kind === 'iso-8859-1') warnings.push({ code: 'encoding_guessed', message: `the file is not UTF-8: read as ${enc.kind} (a guess; check accented letters)` });
  return { bytes, enc, dialect, map, transcoded, warnings };
}

/**
 * Read without quotes, a lone CR that sat inside a quoted value is a line break to DuckDB, not to
 * an LF scan: it is made an LF (same length, so offsets and the footer cut hold) and scanned again.
 * Left as it was, the line after it was read field by field (fuzz seed 1545: 100 s).
 */
async function loneCrsAsBreaks(ctx: ReaderContext, p: Prepared, footer: Footer | undefined, warnings: Warning[]): Promise<Prepared> {
  const bytes = (await readAll(p.bytes)).slice();
  for (let k = bytes.indexOf(13); k >= 0; k = bytes.indexOf(13, k + 1)) if (bytes[k + 1] !== 10) bytes[k] = 10;
  await register(ctx, bytes, footer);
  if (!warnings.some((w) => w.code === 'line_endings_normalized')) warnings.push(MIXED_ENDINGS);
  return { ...p, bytes, map: await scan(bytes, p.dialect, -1, -1, ctx) };
}

const MIXED_ENDINGS: Warning = { code: 'line_endings_normalized', message: 'the file mixes line endings (CRLF, LF, CR): they were all read as line breaks' };

function quoteByte(d: Dialect): number {
  return d.delimiter === 'whitespace' || d.quote === '' ? -1 : d.quote.charCodeAt(0);
}

function escapeByte(d: Dialect): number {
  return d.escape && d.escape !== d.quote ? d.escape.charCodeAt(0) : -1;
}

function scan(bytes: Uint8Array | Blob, d: Dialect, quote: number, escape: number, ctx: ReaderContext, narrow = false): Promise<LineMap> {
  const delimiter = d.delimiter === 'whitespace' ? 9 : d.delimiter.charCodeAt(0);
  return scanLines(bytes, { newline: d.newline === '\r' ? 13 : 10, quote, escape, delimiter, fields: d.fieldCount, narrow, signal: ctx.opts.signal, onProgress: ctx.opts.onProgress });
}

/** The lines of `list` in the data (not the header, preamble or footer). */
function misfits(list: MisfitLine[], d: Dialect, footer: Footer | undefined): MisfitLine[] {
  const base = d.skip + (d.header ? 1 : 0);
  const end = footer?.logicalStart ?? Infinity;
  return list.filter((w) => w.logical > base && w.logical < end);
}

/** A line of the wrong width DuckDB was kept from reading field by field (clearMisfits): its reason comes from the scan. */
interface Skipped {
  logical: number;
  fields: number;
  /** The reason when it is not the field count. */
  reason?: string;
  /** Only spaces: a blank line, as DuckDB's rejects would have said. */
  blank: boolean;
}

/**
 * Below this many missing fields over all short lines, DuckDB reads them itself (one error per
 * missing field, about 25 µs each in DuckDB-WASM): its reasons then stay the first it finds.
 */
const SHORT_LINE_ERRORS_MIN = 20_000;
/** Broken lines (text after a closing quote) this long or longer are skipped: DuckDB's cost grows with length × fields. */
const BROKEN_BYTES_MIN = 4096;
/** Bytes a comment may start with, tried in turn: one the file never holds marks the lines skipped. */
const COMMENT_BYTES = [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * A copy of the bytes in which DuckDB's rejects pass does not go field by field through lines of
 * the wrong width: it records one error per extra or missing field, each with the whole line
 * (quadratic in a wide line's length; 80 million errors and out of memory for 40,000 one-word
 * lines under 2,000 columns). Same length, so line breaks, byte offsets and the footer cut stay
 * where they were. Each wide line, each short line when they would cost many errors, and each
 * long line with text after a closing quote starts with a byte the file never holds, read as a
 * comment: DuckDB skips the line, and its reason comes from the scan. Without such a byte, wide
 * lines' delimiters become spaces instead, and DuckDB rejects each as one short field (not in a
 * one-column file, where that makes it a row). The scan lists wide and short lines only when no
 * quote opens a value on them, and lines with text after a closing quote only when the record is
 * one physical line (a comment ends at the first line break).
 */
async function clearMisfits(bytes: Uint8Array | Blob, map: LineMap, d: Dialect, footer: Footer | undefined): Promise<{ bytes: Uint8Array; comment?: string; skipped: Skipped[] } | undefined> {
  const wide = misfits(map.wide, d, footer);
  let short = misfits(map.narrow, d, footer);
  if (short.reduce((n, w) => n + d.fieldCount - w.fields, 0) < SHORT_LINE_ERRORS_MIN) short = [];
  // Short broken lines cost DuckDB little: it gives their reason itself.
  const broken = misfits(map.broken, d, footer).filter((w) => w.end - w.start >= BROKEN_BYTES_MIN);
  if (wide.length === 0 && short.length === 0 && broken.length === 0) return undefined;
  const out = (await readAll(bytes)).slice();
  const mark = COMMENT_BYTES.find((b) => out.indexOf(b) < 0);
  if (mark === undefined) {
    if (d.fieldCount < 2 || wide.length === 0) return undefined;
    const D = d.delimiter === 'whitespace' ? 9 : d.delimiter.charCodeAt(0);
    for (const w of wide) for (let k = out.indexOf(D, w.start); k >= 0 && k < w.end; k = out.indexOf(D, k + 1)) out[k] = 0x20;
    return { bytes: out, skipped: wide.map((w) => ({ logical: w.logical, fields: w.fields, blank: false })) };
  }
  const text = new TextDecoder();
  const lines = [...wide, ...short, ...broken];
  const skipped: Skipped[] = lines.map((w) => ({ logical: w.logical, fields: w.fields, blank: text.decode(out.subarray(w.start, w.end)).trim() === '' }));
  for (const x of skipped.slice(wide.length + short.length)) x.reason = TEXT_AFTER_QUOTE;
  for (const w of lines) out[w.start] = mark;
  return { bytes: out, comment: String.fromCharCode(mark), skipped };
}

async function register(ctx: ReaderContext, bytes: Uint8Array | Blob, footer: Footer | undefined): Promise<void> {
  const cut = footer ? (bytes instanceof Uint8Array ? bytes.subarray(0, footer.offset) : bytes.slice(0, footer.offset)) : bytes;
  await ctx.engine.dropFile(ctx.path).catch(() => undefined);
  await ctx.engine.registerFile(ctx.path, cut);
}

/**
 * DuckDB's sniffer gives DOUBLE to integers too big for BIGINT (64-bit ids): those stay text, so
 * no id loses a digit. A DOUBLE column whose sampled values are all integers is such a column.
 */
function safeType(type: string, i: number, d: Dialect): string {
  if (type !== 'DOUBLE') return type;
  const values = d.records.slice(d.header ? 1 : 0).map((r) => (r.fields[i] ?? '').trim()).filter((v) => v !== '');
  return values.length > 0 && values.every((v) => /^[+-]?\d+$/.test(v)) ? 'VARCHAR' : type;
}

function noteWarnings(w: Warning[], p: Prepared, footer: Footer | undefined, base: number, lastLogical: number, empties: number[], blankLogical: number[], rows: number, rejected: number): void {
  const d = p.dialect;
  if (d.preamble.length) {
    w.push({ code: 'preamble_skipped', message: `${plural(d.skip, 'line')} before the header were skipped (${lineList(Array.from({ length: d.skip }, (_, i) => i + 1))})` });
  }
  // Blank lines before the header (unless part of a reported preamble) or between rows; trailing
  // ones at the end of a file are normal and not worth a warning.
  const blankSet = new Set([...p.map.empty, ...blankLogical]);
  let lastDataLine = lastLogical;
  while (lastDataLine > base && blankSet.has(lastDataLine)) lastDataLine--;
  const before = d.preamble.length ? [] : Array.from({ length: d.skip }, (_, i) => i + 1).filter((l) => blankSet.has(l));
  const between = [...empties, ...blankLogical].filter((l) => l > base && l < lastDataLine);
  const blanks = [...new Set([...before, ...between])].map((l) => physicalOf(p.map, l)).sort((a, b) => a - b);
  if (blanks.length) w.push({ code: 'blank_lines_skipped', message: `${plural(blanks.length, 'blank line')} skipped: ${lineList(blanks)}` });
  if (footer) w.push({ code: 'footer_excluded', message: `lines ${lineList(footer.lines)} after the data (totals, notes) were not loaded as rows` });
  if (!d.header) w.push({ code: 'no_header_detected', message: `the first line looks like data, not a header: columns are named column1…column${d.fieldCount}` });
  if (rows === 0 && rejected === 0) w.push({ code: 'no_data_rows', message: 'the file has a header but no data rows' });
}

async function stripNul(ctx: ReaderContext, names: string[], types: string[], w: Warning[], map: LineMap): Promise<void> {
  // Removed in SQL, not by copying the file: a stray NUL is a few bytes of a possibly large file.
  const data = `${ctx.table}__data`;
  const text = names.filter((_, i) => types[i] === 'VARCHAR');
  if (text.length) {
    const sets = text.map((n) => `${ident(n).text} = replace(${ident(n).text}, chr(0), '')`).join(', ');
    const exists = await ctx.engine.query(sql`SELECT 1 FROM duckdb_tables() WHERE table_name = ${data}`);
    const target = exists.length ? data : ctx.table;
    await ctx.engine.query(raw(`UPDATE ${ident(target).text} SET ${sets}`));
  }
  w.push({ code: 'nul_bytes', message: `NUL bytes were removed on ${plural(map.nulLines.length, 'line')}: ${lineList(map.nulLines)}` });
}
