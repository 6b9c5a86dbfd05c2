import type { Engine, Row } from '../engine/engine';
import { Fragment, ident, join, raw, sql } from '../sql/quote';
import { lineList, plural, type Warning } from './report';
import { nameCandidates, type ColumnInfo } from './roles';

const HIDDEN = new Set(['__line', '__row']);

/**
 * The first `n` rows of a raw table in input order (`select`: its columns, all by default). A
 * filter on `__row` (0, 1, 2 … in input order) reads only those rows, where `ORDER BY "__row"
 * LIMIT n` keeps the top n of every row (0.2-0.4 s at 1M rows in the page against 30-50 ms); when
 * the filter does not give exactly n rows (a smaller table, rows left out), the sorted query answers.
 * With the table's row count (`total`), a table of fewer than n rows is answered by the filter
 * alone when it gave every row (`__row` values are distinct: all of them below n means no gap).
 */
export async function firstRows(engine: Engine, table: string, n: number, select: Fragment = raw('*'), total?: number): Promise<Row[]> {
  const k = Math.trunc(n);
  const rows = await engine.query<Row>(sql`SELECT ${select} FROM ${ident(table)} WHERE "__row" < ${k} ORDER BY "__row"`);
  const complete = rows.length === k || (total !== undefined && rows.length === Math.min(k, total));
  return complete ? rows : engine.query<Row>(sql`SELECT ${select} FROM ${ident(table)} ORDER BY "__row" LIMIT ${k}`);
}

/** Rows of the sample the roles are guessed from. */
export const ROLE_SAMPLE_ROWS = 200;

/**
 * The first rows of a raw table in the columns `guessRoles` reads (those whose names fit a role;
 * none read, no query): the page's mapping and the time check guess from this same sample.
 */
export async function roleSample(engine: Engine, table: string, columns: ColumnInfo[], total?: number): Promise<Row[]> {
  const wanted = nameCandidates(columns);
  return wanted.length === 0 ? [] : firstRows(engine, table, ROLE_SAMPLE_ROWS, join(wanted.map((c) => ident(c.name))), total);
}

/** The source columns of a raw table and their DuckDB types (without __line and __row). */
export async function describeColumns(engine: Engine, ...tables: string[]): Promise<{ name: string; type: string }[]> {
  for (const t of tables) {
    try {
      const rows = await engine.query<{ column_name: string; column_type: string }>(sql`DESCRIBE ${ident(t)}`);
      return rows.filter((r) => !HIDDEN.has(r.column_name)).map((r) => ({ name: r.column_name, type: r.column_type }));
    } catch {
      // the data table was replaced by the numbered one: try the next name
    }
  }
  return [];
}

/** Above this many rows the duplicate check is skipped. */
export const DUPLICATE_CHECK_MAX_ROWS = 2_000_000;
/** Up to this many rows the repeated lines are also listed (a window over every column). */
const DUPLICATE_LINES_MAX_ROWS = 100_000;

/**
 * Rows that repeat an earlier row in every column: reported, never removed (an export may
 * legitimately hold two identical purchases). Counted on one 64-bit hash of each row (a collision
 * could only add a false warning, never change data); listed by line for smaller files.
 */
export async function finishTable(engine: Engine, table: string, columns: { name: string }[], rows: number, w: Warning[]): Promise<void> {
  if (rows < 2 || rows > DUPLICATE_CHECK_MAX_ROWS || columns.length === 0) return;
  const cols = join(columns.map((c) => ident(c.name)));
  const [{ n }] = await engine.query<{ n: number }>(sql`SELECT (count(*) - count(DISTINCT hash(${cols})))::BIGINT AS n FROM ${ident(table)}`);
  const count = Number(n);
  if (count === 0) return;
  let lines = '';
  if (rows <= DUPLICATE_LINES_MAX_ROWS) {
    const dup = await engine.query<{ line: number }>(
      sql`SELECT "__line" AS line FROM (SELECT "__line", row_number() OVER (PARTITION BY ${cols} ORDER BY "__row") AS k FROM ${ident(table)}) WHERE k > 1 ORDER BY line`
    );
    lines = ': ' + lineList(dup.map((d) => Number(d.line)));
  }
  w.push({ code: 'duplicate_rows', message: `${plural(count, 'line')} ${count === 1 ? 'repeats' : 'repeat'} an earlier line exactly${lines}` });
}
