import type { Engine } from '../engine/engine';
import { ident, join, sql } from '../sql/quote';
import { lineList, plural, type Warning } from './report';

const HIDDEN = new Set(['__line', '__row']);

/** The source columns of a raw table and their DuckDB types (without __line and __row). */
export async function describeColumns(engine: Engine, ...tables: string[]): Promise<{ name: string; type: string }[]> {
  for (const t of tables) {
    try {
      const rows = await engine.query<{ column_name: string; column_type: string }>(sql`DESCRIBE ${ident(t)}`.text);
      return rows.filter((r) => !HIDDEN.has(r.column_name)).map((r) => ({ name: r.column_name, type: r.column_type }));
    } catch {
      // the data table was replaced by the numbered one: try the next name
    }
  }
  return [];
}

/** Above this many rows the duplicate check is skipped: it hashes every column of every row. */
export const DUPLICATE_CHECK_MAX_ROWS = 2_000_000;

/**
 * Rows that repeat an earlier row in every column: reported, never removed (an export may
 * legitimately hold two identical purchases).
 */
export async function finishTable(engine: Engine, table: string, columns: { name: string }[], rows: number, w: Warning[]): Promise<void> {
  if (rows < 2 || rows > DUPLICATE_CHECK_MAX_ROWS || columns.length === 0) return;
  const cols = join(columns.map((c) => ident(c.name)));
  const dup = await engine.query<{ line: number }>(
    sql`SELECT "__line" AS line FROM (SELECT "__line", row_number() OVER (PARTITION BY ${cols} ORDER BY "__row") AS k FROM ${ident(table)}) WHERE k > 1 ORDER BY line`.text
  );
  if (dup.length) {
    w.push({ code: 'duplicate_rows', message: `${plural(dup.length, 'line')} repeat an earlier line exactly: ${lineList(dup.map((d) => Number(d.line)))}` });
  }
}
