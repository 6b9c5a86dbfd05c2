import type { Engine } from '../../engine/engine';
import { Fragment, ident, lit, raw, sql } from '../../sql/quote';
import { splitRecords } from './records';

/** The explicit read_csv options: DuckDB guesses nothing at load time. */
export interface CsvRead {
  path: string;
  delimiter: string;
  /** '' disables quoting (a file with an unbalanced quote). */
  quote: string;
  escape: string;
  header: boolean;
  skip: number;
  names: string[];
  types: string[];
  maxLineSize: number;
  /** A byte that starts no line of the file but the short lines marked to be skipped (csv.ts, clearMisfits). */
  comment?: string;
}

// Integers above BIGINT arrive as DOUBLE from the sniffer and are turned into text (see csv.ts);
// times only in their ISO form, so that no day/month order or offset is decided here.
const TYPE_CANDIDATES = "['BOOLEAN','BIGINT','DOUBLE','DATE','TIMESTAMP','VARCHAR']";
const DATE_FORMATS = "dateformat='%Y-%m-%d', timestampformat='%Y-%m-%d %H:%M:%S'";

function dialectSql(r: Omit<CsvRead, 'names' | 'types'>): Fragment {
  return sql`compression='none', header=${r.header}, skip=${r.skip}, delim=${r.delimiter}, quote=${r.quote}, escape=${r.escape}, max_line_size=${r.maxLineSize}`;
}

/** Column types from DuckDB's sniffer on its sample, with the dialect fixed; null if it fails. */
export async function sniffTypes(engine: Engine, r: Omit<CsvRead, 'names' | 'types'>): Promise<string[] | null> {
  try {
    const rows = await engine.query<{ Columns: { name: string; type: string }[] }>(
      sql`SELECT Columns FROM sniff_csv(${r.path}, ${dialectSql(r)}, ignore_errors=true, auto_type_candidates=${raw(TYPE_CANDIDATES)}, ${raw(DATE_FORMATS)})`
    );
    return rows[0]?.Columns.map((c) => c.type) ?? null;
  } catch {
    return null;
  }
}

export function readCsvSql(r: CsvRead, rejects?: { table: string; scan: string }): Fragment {
  const columns = raw('{' + r.names.map((n, i) => `${lit(n).text}: ${lit(r.types[i]).text}`).join(', ') + '}');
  const rej = rejects ? sql`, store_rejects=true, rejects_table=${rejects.table}, rejects_scan=${rejects.scan}` : raw('');
  const comment = r.comment ? sql`, comment=${r.comment}` : raw('');
  return sql`read_csv(${r.path}, auto_detect=false, ${dialectSql(r)}, columns=${columns}, ${raw(DATE_FORMATS)}${comment}${rej})`;
}

export type RejectRow = {
  line: number;
  error_type: string;
  csv_line: string | null;
  error_message: string | null;
  column_name: string | null;
};

/** One reason per line (DuckDB reports a short row once per missing column). */
export function rejectReasons(rows: RejectRow[], r: CsvRead): Map<number, { reason: string; blank: boolean }> {
  const out = new Map<number, { reason: string; blank: boolean }>();
  for (const row of rows) {
    if (out.has(row.line)) continue;
    const text = row.csv_line ?? '';
    const blank = text.trim() === '';
    let reason: string;
    if (row.error_type === 'MISSING COLUMNS' || row.error_type === 'TOO MANY COLUMNS') {
      reason = fieldsReason(splitRecords(text, { delimiter: r.delimiter, quote: r.quote, escape: r.escape, maxRecords: 1 })[0]?.fields.length ?? 0, r.names.length);
    } else if (row.error_type === 'CAST') {
      const m = /Could not convert string "(.*)" to '(\w+)'/.exec(row.error_message ?? '');
      reason = m ? `column "${row.column_name}": "${m[1]}" is not a ${m[2]}` : `column "${row.column_name}": ${firstLine(row.error_message)}`;
    } else if (row.error_type === 'UNQUOTED VALUE') {
      reason = TEXT_AFTER_QUOTE;
    } else {
      reason = `${row.error_type.toLowerCase()}: ${firstLine(row.error_message)}`;
    }
    out.set(row.line, { reason, blank });
  }
  return out;
}

/** Why a line was rejected on which text follows the quote that closed a value (`"ab"cd`): DuckDB's UNQUOTED VALUE. */
export const TEXT_AFTER_QUOTE = 'text follows the closing quote of a value';

/** Why a line of the wrong width was rejected. */
export function fieldsReason(fields: number, expected: number): string {
  return `${fields} ${fields === 1 ? 'field' : 'fields'}, expected ${expected}`;
}

function firstLine(s: string | null): string {
  return (s ?? '').split('\n')[0].slice(0, 200);
}

/**
 * Columns to read as text instead of their sniffed type: DuckDB types a column from a sample of its
 * first rows, and when many lines further down do not fit (ids that turn into codes, numbers that
 * turn into notes), rejecting them would drop a share of the file. At least WIDEN_MIN_LINES lines
 * and WIDEN_MIN_SHARE of the data lines: a few stray values stay rejected lines, each reported.
 */
export const WIDEN_MIN_LINES = 100;
export const WIDEN_MIN_SHARE = 0.01;
export function columnsToWiden(rows: RejectRow[], r: Pick<CsvRead, 'names' | 'types'>, dataLines: number): { index: number; lines: number; example: string }[] {
  const byColumn = new Map<string, { lines: Set<number>; example: string }>();
  for (const row of rows) {
    if (row.error_type !== 'CAST' || row.column_name === null) continue;
    const c = byColumn.get(row.column_name) ?? { lines: new Set<number>(), example: /Could not convert string "(.*)" to/.exec(row.error_message ?? '')?.[1] ?? '' };
    c.lines.add(row.line);
    byColumn.set(row.column_name, c);
  }
  const out: { index: number; lines: number; example: string }[] = [];
  for (const [name, c] of byColumn) {
    const index = r.names.indexOf(name);
    if (index < 0 || r.types[index] === 'VARCHAR') continue;
    if (c.lines.size >= WIDEN_MIN_LINES && c.lines.size >= WIDEN_MIN_SHARE * dataLines) out.push({ index, lines: c.lines.size, example: c.example });
  }
  return out;
}

export async function loadCsv(engine: Engine, table: string, r: CsvRead, rejects?: { table: string; scan: string }): Promise<RejectRow[]> {
  await engine.query(sql`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${readCsvSql(r, rejects)}`);
  if (!rejects) return [];
  const rows = await engine.query<RejectRow>(
    sql`SELECT line::BIGINT AS line, error_type::VARCHAR AS error_type, csv_line, error_message, column_name FROM ${ident(rejects.table)} ORDER BY line, column_idx`
  );
  await engine.query(sql`DROP TABLE IF EXISTS ${ident(rejects.table)}; DROP TABLE IF EXISTS ${ident(rejects.scan)}`);
  return rows;
}
