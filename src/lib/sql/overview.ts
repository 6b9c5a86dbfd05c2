import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import type { Filter } from '../schema/types';
import { lit, raw, type Fragment } from './quote';

/**
 * The overview's KPI numbers in one statement over `events`: users, events, first and last event
 * time, purchasers (users with an event mapped to `purchaseStage`), revenue (when mapped).
 */
export function overviewSql(schema: EventSchema, filters: readonly Filter[] | undefined, purchaseStage: string | null = 'purchase'): Fragment {
  // No purchase stage: no user is counted (the tile says there is no such stage).
  const purchasers = purchaseStage === null ? 'false' : `stage = ${lit(purchaseStage).text}`;
  return raw(`SELECT
  count(*)::BIGINT AS events,
  count(DISTINCT user_id)::BIGINT AS users,
  strftime(min(ts), '%Y-%m-%dT%H:%M:%SZ') AS first_ts,
  strftime(max(ts), '%Y-%m-%dT%H:%M:%SZ') AS last_ts,
  count(DISTINCT user_id) FILTER (WHERE ${purchasers})::BIGINT AS purchasers,
  sum(revenue)::DOUBLE AS revenue,
  count(revenue)::BIGINT AS revenue_rows
FROM events WHERE ${filtersSql(schema, filters, 'filters').text}`);
}

/** Every event name with its rows and users, most frequent first (the stage mapper's list). */
export function eventNamesSql(): Fragment {
  return raw(`SELECT event, count(*)::BIGINT AS rows, count(DISTINCT user_id)::BIGINT AS users
FROM events GROUP BY event ORDER BY rows DESC, event`);
}
