import type { EventSchema } from './columns';
import { bestCtes } from './funnel-best';
import { col, type FunnelPlan } from './funnel-plan';
import { occurrencesSql } from './occurrences';
import { lit, raw, type Fragment } from './quote';

/**
 * Users who stopped at `step` (furthest step of the counted attempt, and they count) and the names
 * of their next `depth` events strictly after the step's time, by (time, input order), among the
 * filtered events (any event, not only funnel steps; with an order column, occurrences: the other
 * lines of an order are not "next"). The filters sit inside the joined subquery, where a filter on
 * the user column cannot clash with `dropped.user_id`. CTE `paths`: user_id, t (epoch µs of the
 * step), pending, nxt (list of up to `depth` names, empty when nothing came after).
 */
function pathsCtes(schema: EventSchema, plan: FunnelPlan, step: number, depth: number): string[] {
  return [
    ...bestCtes(schema, plan),
    `dropped AS (SELECT user_id, ${col.time(step)} AS t, pending FROM best WHERE keep AND k = ${lit(step).text})`,
    `after AS (SELECT d.user_id, e.event, row_number() OVER (PARTITION BY d.user_id ORDER BY e.ts, e.row_id) AS i
      FROM dropped d JOIN ${occurrencesSql(schema, plan.filters, plan.orders).text} e ON e.user_id = d.user_id AND epoch_us(e.ts) > d.t
      QUALIFY i <= ${lit(depth).text})`,
    `paths AS (SELECT d.user_id, d.t, d.pending, coalesce(list(a.event ORDER BY a.i) FILTER (WHERE a.i IS NOT NULL), []) AS nxt
      FROM dropped d LEFT JOIN after a ON a.user_id = d.user_id GROUP BY d.user_id, d.t, d.pending)`
  ];
}

/** "What did they do instead": users per sequence of next event names, most users first. */
export function dropOffSql(schema: EventSchema, plan: FunnelPlan, step: number, depth: number, top: number): Fragment {
  return raw(`WITH ${pathsCtes(schema, plan, step, depth).join(',\n')}
SELECT nxt, count(*) AS users, count(*) FILTER (WHERE pending) AS pend, sum(count(*)) OVER ()::BIGINT AS total,
  sum(count(*) FILTER (WHERE pending)) OVER ()::BIGINT AS total_pend, count(*) OVER () AS groups
FROM paths GROUP BY nxt ORDER BY users DESC, nxt LIMIT ${lit(top).text}`);
}

/** The dropped users themselves, one row each (by user id), at most `limit`, with the total. */
export function dropOffUsersSql(schema: EventSchema, plan: FunnelPlan, step: number, depth: number, limit: number): Fragment {
  return raw(`WITH ${pathsCtes(schema, plan, step, depth).join(',\n')}
SELECT user_id, strftime(make_timestamp(t), '%Y-%m-%d %H:%M:%S') AS step_time, pending, nxt, count(*) OVER () AS total
FROM paths ORDER BY user_id LIMIT ${lit(limit).text}`);
}
