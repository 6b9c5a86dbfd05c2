import { asText, column, type EventSchema } from './columns';
import { sql, type Fragment } from './quote';

/** A value of a column (as text) and how many events hold it. */
export interface ValueCount {
  value: string;
  count: number;
}

/**
 * A column's non-null values as text with their event counts, most frequent first (ties in
 * code-point order), at most `limit`; with `search`, only values containing it in any case.
 * Read on `events` unfiltered: the filter bar lists what a filter may keep or remove.
 */
export function valueCountsSql(schema: EventSchema, name: string, search: string, limit: number): Fragment {
  const c = column(schema, name, 'column');
  const text = asText(c.expr, c.type);
  const where = search === '' ? sql`${c.expr} IS NOT NULL` : sql`${c.expr} IS NOT NULL AND contains(lower(${text}), lower(${search}))`;
  return sql`SELECT ${text} AS v, count(*)::BIGINT AS n FROM events WHERE ${where} GROUP BY 1 ORDER BY n DESC, v LIMIT ${Math.max(1, Math.trunc(limit))}`;
}
