import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import type { Filter, Mapping } from '../schema/types';
import { lit, raw, type Fragment } from './quote';
import { rangeMicros } from './range';

/**
 * The overview's KPI numbers in one statement over `events`: users, events, first and last event
 * time, purchasers (users with an event mapped to `purchaseStage`), revenue (when mapped), over
 * the rows that pass `filters` with their time inside `range` (`from` ≤ ts < `to`, as the KPIs
 * kind counts its users). `data_first_ts` / `data_last_ts` are the whole data's span, whatever the
 * filters and range: what the date range's presets are relative to.
 */
export function overviewSql(schema: EventSchema, filters: readonly Filter[] | undefined, range?: Mapping['range'], purchaseStage: string | null = 'purchase'): Fragment {
  // No purchase stage: no user is counted (the tile says there is no such stage).
  const purchasers = purchaseStage === null ? 'false' : `stage = ${lit(purchaseStage).text}`;
  const r = rangeMicros(range);
  const inRange = [
    ...(r.from === null ? [] : [`ts >= make_timestamp(${lit(r.from).text})`]),
    ...(r.to === null ? [] : [`ts < make_timestamp(${lit(r.to).text})`])
  ];
  const where = [filtersSql(schema, filters, 'filters').text, ...inRange].join(' AND ');
  return raw(`WITH span AS (SELECT strftime(min(ts), '%Y-%m-%dT%H:%M:%SZ') AS data_first_ts, strftime(max(ts), '%Y-%m-%dT%H:%M:%SZ') AS data_last_ts FROM events)
SELECT
  count(*)::BIGINT AS events,
  count(DISTINCT user_id)::BIGINT AS users,
  strftime(min(ts), '%Y-%m-%dT%H:%M:%SZ') AS first_ts,
  strftime(max(ts), '%Y-%m-%dT%H:%M:%SZ') AS last_ts,
  count(DISTINCT user_id) FILTER (WHERE ${purchasers})::BIGINT AS purchasers,
  sum(revenue)::DOUBLE AS revenue,
  count(revenue)::BIGINT AS revenue_rows,
  (SELECT data_first_ts FROM span) AS data_first_ts,
  (SELECT data_last_ts FROM span) AS data_last_ts
FROM events WHERE ${where}`);
}

/** Every event name with its rows and users, most frequent first (the stage mapper's list). */
export function eventNamesSql(): Fragment {
  return raw(`SELECT event, count(*)::BIGINT AS rows, count(DISTINCT user_id)::BIGINT AS users
FROM events GROUP BY event ORDER BY rows DESC, event`);
}
