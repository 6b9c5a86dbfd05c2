import type { Step } from '../schema/types';
import type { EventSchema } from './columns';
import { occurrencesSql } from './occurrences';
import { periodIndex, periodLabel, periodStart, type Calendar } from './period';
import { activitySql, spanCtes, type SpanSpec } from './period-span';
import { raw, type Fragment } from './quote';

export interface StickinessPlan {
  cal: Calendar;
  periods: number;
  activity: Step | undefined;
  orders: boolean;
}

/**
 * One statement for stickiness (docs/ENGAGEMENT.md): per (user, reported period) the number of
 * distinct UTC days holding an activity occurrence, then users per (period, days).
 *
 * Rows: `p`, `start`, `length` (days in the period), `k` (active days; NULL on the one row of a
 * period nobody was active in), `users`, `last_p`; ordered by period, then k.
 */
export function stickinessSql(schema: EventSchema, spec: SpanSpec, plan: StickinessPlan): Fragment {
  const p = periodIndex(plan.cal, 'ts').text;
  const day = periodIndex({ period: 'day', weekStart: 'monday' }, 'ts').text;
  const occ = occurrencesSql(schema, spec.filters, plan.orders).text;
  return raw(`WITH acts AS (SELECT user_id, ts, ${p} AS p, ${day} AS d FROM ${occ} WHERE ${activitySql(schema, plan.activity).text}),
${spanCtes(schema, spec, plan.cal, plan.periods, 'acts').text},
grid AS (SELECT unnest(range(s, e + 1)) AS p FROM span WHERE s IS NOT NULL),
ud AS (
  SELECT a.user_id, a.p, count(DISTINCT a.d) AS k
  FROM acts a JOIN grid g ON g.p = a.p GROUP BY a.user_id, a.p),
pk AS (SELECT p, k, count(*) AS users FROM ud GROUP BY p, k)
SELECT g.p::BIGINT AS p, ${periodLabel(plan.cal, 'g.p').text} AS start,
  (${periodStart(plan.cal, 'g.p + 1').text} - ${periodStart(plan.cal, 'g.p').text})::BIGINT AS length,
  pk.k::BIGINT AS k, COALESCE(pk.users, 0)::BIGINT AS users, bounds.last_p::BIGINT AS last_p
FROM grid g CROSS JOIN bounds LEFT JOIN pk ON pk.p = g.p
ORDER BY g.p, pk.k`);
}
