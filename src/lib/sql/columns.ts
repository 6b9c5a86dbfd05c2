import { SpecError } from '../schema/errors';
import { Fragment, ident, raw } from './quote';

/**
 * The canonical `events` table every analysis reads (built by src/lib/ingest/events.ts):
 *
 *   row_id   BIGINT     input order: files in the order given, then rows within a file
 *   file     VARCHAR    source file name
 *   line     BIGINT     physical line in the file (1-based, header = 1; Parquet/JSON: row number)
 *   user_id  VARCHAR    never null in `events` (rows without one are reported, not loaded)
 *   ts       TIMESTAMP  UTC, never null in `events`
 *   event    VARCHAR
 *   stage    VARCHAR    from the spec's `stages`, null when the event is in none
 *   channel, campaign VARCHAR; revenue DOUBLE; order_id VARCHAR; score DOUBLE (null when unmapped)
 *   …        every other source column, by its own name (columns only some files have are null
 *            in the others); a source column whose name is one of the above is reached via its role.
 */
export const CANONICAL: Record<string, string> = {
  row_id: 'BIGINT',
  file: 'VARCHAR',
  line: 'BIGINT',
  user_id: 'VARCHAR',
  ts: 'TIMESTAMP',
  event: 'VARCHAR',
  stage: 'VARCHAR',
  channel: 'VARCHAR',
  campaign: 'VARCHAR',
  revenue: 'DOUBLE',
  order_id: 'VARCHAR',
  score: 'DOUBLE'
};

/** Spec role names that differ from their canonical column. */
const ROLE_COLUMN: Record<string, string> = { user: 'user_id', time: 'ts', order: 'order_id' };

/** Column name → DuckDB type of the events table the analysis runs on. */
export type EventSchema = Record<string, string>;

export interface ColumnRefSql {
  expr: Fragment;
  type: string;
}

/** Resolves a column named in a spec (a role or a source column) to SQL on `events`. */
export function column(schema: EventSchema, name: string, field: string): ColumnRefSql {
  const canonical = ROLE_COLUMN[name] ?? name;
  const type = schema[canonical];
  if (type === undefined) {
    const known = Object.keys(schema).filter((c) => !['row_id', 'file', 'line'].includes(c));
    throw new SpecError(`${field}: no column "${name}" in the data (columns: ${known.join(', ')})`, field);
  }
  return { expr: ident(canonical), type };
}

export function isNumericType(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/i.test(type);
}

/**
 * A column as text the way the contract shows values: numbers in their shortest form (`13085`,
 * never `13085.0`), timestamps ISO-like, everything else as DuckDB casts it.
 */
export function asText(expr: Fragment, type: string): Fragment {
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/i.test(type)) {
    return raw(`CASE WHEN ${expr.text} = trunc(${expr.text}) AND abs(${expr.text}) < 1e15 THEN CAST(CAST(${expr.text} AS BIGINT) AS VARCHAR) ELSE CAST(${expr.text} AS VARCHAR) END`);
  }
  if (/^VARCHAR/i.test(type)) return expr;
  return raw(`CAST(${expr.text} AS VARCHAR)`);
}
