import type { Filter } from '../schema/types';
import { column, type EventSchema } from './columns';
import { filtersSql } from './filters';
import { raw, type Fragment } from './quote';

/**
 * The rows an analysis counts, as a subquery over `events` (contract: Orders): the filters first,
 * then, when an order column is mapped, the rows of one user with the same event name and the same
 * non-null order value become one occurrence — at the earliest of their times (input order breaks
 * ties), with that row's properties and the sum of their revenue. A row with a null order is an
 * occurrence of its own. Without an order column the filtered rows are returned as they are, so
 * nothing changes (and no grouping runs over millions of rows for nothing).
 *
 * The result has every column of `events`, so callers read it exactly as they read `events`.
 */
export function occurrencesSql(schema: EventSchema, filters: readonly Filter[] | undefined, orders: boolean): Fragment {
  const where = filtersSql(schema, filters, 'filters').text;
  if (!orders) return raw(`(SELECT * FROM events WHERE ${where})`);
  const order = column(schema, 'order', 'columns.order').expr.text;
  // A table without a revenue column (a hand-made one) has no sum to take.
  const revenue = schema.revenue === undefined ? null : column(schema, 'revenue', 'columns.revenue').expr.text;
  // Each order's first line by (time, row_id) found by grouping, then read back by its row_id (unique
  // in `events`): a hash aggregate, measured 4-5x faster in DuckDB-WASM than a window sorting every
  // row by (user, event, order). Rows without an order pass as they are. The `IS NOT NULL` on the
  // rows read back changes nothing (the first lines have an order) but lets the scan skip the rows
  // without one before the join (at 1M journeys a funnel probed 653k rows to keep 63k).
  const first = `SELECT arg_min(row_id, (ts, row_id)) AS __occ_row${revenue === null ? '' : `, sum(${revenue}) AS __occ_revenue`}
      FROM events WHERE ${order} IS NOT NULL AND ${where} GROUP BY user_id, "event", ${order}`;
  return raw(`(SELECT e.*${revenue === null ? '' : ` REPLACE (o.__occ_revenue AS ${revenue})`}
      FROM events e JOIN (${first}) o ON e.row_id = o.__occ_row WHERE e.${order} IS NOT NULL
    UNION ALL SELECT * FROM events WHERE ${order} IS NULL AND ${where})`);
}

/**
 * What follows `FROM` where an analysis reads its rows: `events WHERE <filters>` (the very text the
 * analyses read before orders existed, so their statements are unchanged without an order column)
 * or, with one, the occurrences in its place followed by `WHERE TRUE`. Either way a caller may
 * append `AND <condition>`.
 */
export function rowsFromSql(schema: EventSchema, filters: readonly Filter[] | undefined, orders: boolean): Fragment {
  if (!orders) return raw(`events WHERE ${filtersSql(schema, filters, 'filters').text}`);
  return raw(`${occurrencesSql(schema, filters, true).text} WHERE TRUE`);
}

/** Whether the spec maps an order column (top level or in any source): then orders count once. */
export function mapsOrders(spec: { columns?: { order?: unknown }; sources?: { columns?: { order?: unknown } }[] }): boolean {
  return spec.columns?.order !== undefined || (spec.sources ?? []).some((s) => s.columns?.order !== undefined);
}
