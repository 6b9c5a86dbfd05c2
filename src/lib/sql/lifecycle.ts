import type { EventSchema } from './columns';
import { occurrencesSql } from './occurrences';
import { periodIndex, periodLabel, type Calendar } from './period';
import { activitySql, spanCtes, type SpanSpec } from './period-span';
import { raw, type Fragment } from './quote';
import type { Step } from '../schema/types';

export interface LifecyclePlan {
  cal: Calendar;
  periods: number;
  activity: Step | undefined;
  orders: boolean;
}

/**
 * One statement for a lifecycle analysis (docs/ENGAGEMENT.md). Per user, the distinct periods
 * with an activity occurrence (`act`) and the first of them; each active (user, period) is new
 * (its first period), returning (active the period before) or resurrecting (not), and each active
 * (user, period) whose next period is not active makes the user dormant in that next period.
 *
 * Rows, one per reported period in order: `p`, `start`, `new`, `returning`, `resurrecting`,
 * `dormant`, `last_p` (period of the data's last row).
 */
export function lifecycleSql(schema: EventSchema, spec: SpanSpec, plan: LifecyclePlan): Fragment {
  const p = periodIndex(plan.cal, 'ts').text;
  const occ = occurrencesSql(schema, spec.filters, plan.orders).text;
  return raw(`WITH acts AS (SELECT user_id, ts, ${p} AS p FROM ${occ} WHERE ${activitySql(schema, plan.activity).text}),
${spanCtes(schema, spec, plan.cal, plan.periods, 'acts').text},
act AS (SELECT DISTINCT user_id, p FROM acts),
firsts AS (SELECT user_id, min(p) AS f FROM act GROUP BY user_id),
status AS (
  SELECT a.p, CASE WHEN a.p = f.f THEN 'new' WHEN prev.user_id IS NOT NULL THEN 'returning' ELSE 'resurrecting' END AS st
  FROM act a JOIN firsts f ON f.user_id = a.user_id
  LEFT JOIN act prev ON prev.user_id = a.user_id AND prev.p = a.p - 1
  UNION ALL
  SELECT a.p + 1 AS p, 'dormant' AS st
  FROM act a LEFT JOIN act nx ON nx.user_id = a.user_id AND nx.p = a.p + 1
  WHERE nx.user_id IS NULL),
grid AS (SELECT unnest(range(s, e + 1)) AS p FROM span WHERE s IS NOT NULL)
SELECT g.p::BIGINT AS p, ${periodLabel(plan.cal, 'g.p').text} AS start,
  count(*) FILTER (WHERE st = 'new')::BIGINT AS new,
  count(*) FILTER (WHERE st = 'returning')::BIGINT AS returning,
  count(*) FILTER (WHERE st = 'resurrecting')::BIGINT AS resurrecting,
  count(*) FILTER (WHERE st = 'dormant')::BIGINT AS dormant,
  any_value(bounds.last_p)::BIGINT AS last_p
FROM grid g CROSS JOIN bounds LEFT JOIN status s ON s.p = g.p
GROUP BY g.p ORDER BY g.p`);
}
