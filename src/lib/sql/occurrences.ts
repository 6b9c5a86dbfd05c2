import type { Filter } from '../spec/types';
import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import { raw, type Fragment } from './quote';

/**
 * The rows an analysis counts, as a subquery over `events` (contract: Orders): the filters first,
 * then, when an order column is mapped, the rows of one user with the same event name and the same
 * non-null order value become one occurrence — at the earliest of their times (input order breaks
 * ties), with that row's properties and the sum of their revenue. A row with a null order is an
 * occurrence of its own. Without an order column the filtered rows are returned as they are, so
 * nothing changes (and no window runs over millions of rows for nothing).
 *
 * The result has every column of `events`, so callers read it exactly as they read `events`.
 */
export function occurrencesSql(schema: EventSchema, filters: readonly Filter[] | undefined, orders: boolean): Fragment {
  const where = filtersSql(schema, filters, 'filters').text;
  if (!orders) return raw(`(SELECT * FROM events WHERE ${where})`);
  // Two window aggregates over one partition; only rows of a non-null order are partitioned by it.
  return raw(`(SELECT * EXCLUDE (__occ_n, __occ_revenue) REPLACE (__occ_revenue AS revenue) FROM (
      SELECT *,
        row_number() OVER (PARTITION BY user_id, "event", order_id ORDER BY ts, row_id) AS __occ_n,
        CASE WHEN order_id IS NULL THEN revenue ELSE sum(revenue) OVER (PARTITION BY user_id, "event", order_id) END AS __occ_revenue
      FROM events WHERE ${where}
    ) WHERE order_id IS NULL OR __occ_n = 1)`);
}

/** Whether the spec maps an order column (top level or in any source): then orders count once. */
export function mapsOrders(spec: { columns?: { order?: unknown }; sources?: { columns?: { order?: unknown } }[] }): boolean {
  return spec.columns?.order !== undefined || (spec.sources ?? []).some((s) => s.columns?.order !== undefined);
}
