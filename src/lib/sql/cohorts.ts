import type { Resolved, ResolvedSpec } from '../schema/types';
import { asText, column, type EventSchema } from './columns';
import { filtersSql } from './filters';
import { stepMatchSql } from './funnel-steps';
import { mapsOrders, rowsFromSql } from './occurrences';
import { periodIndex, periodLabel, type Calendar } from './period';
import { lit, raw, type Fragment } from './quote';
import { rangeCondition } from './retention';

/** The options of a cohort table with every default filled in (docs/COHORTS.md). */
export interface CohortsPlan {
  cal: Calendar;
  periods: number;
  by: string | undefined;
}

export function cohortsPlan(a: Resolved<'cohorts'>): CohortsPlan {
  return {
    cal: { period: a.period, weekStart: a.week_start },
    periods: a.periods,
    by: a.by
  };
}

/**
 * One statement for a cohort table (docs/COHORTS.md). Per user: the acquisition period `a` (the
 * period of their first activity event) and cohort key `ck`; per (user, offset k = period − a):
 * activity, revenue, orders (an order is dated by its first purchase row), and the offset of
 * their second order. Those are summed per (cohort, a, k), laid on a grid of offsets 0..periods
 * that lie within the data (a + n ≤ last period with data), made cumulative along n, and summed
 * per (cohort, n) and over all cohorts (`is_total`).
 *
 * Rows: cohort (label or value), cs (acquisition period for period cohorts), is_total, n, size,
 * eligible, users, revenue, cum_revenue, orders, repeaters, avail (last period − cs).
 */
export function cohortsSql(schema: EventSchema, spec: ResolvedSpec, a: Resolved<'cohorts'>, plan: CohortsPlan): Fragment {
  const p = periodIndex(plan.cal, 'ts');
  const activity = a.activity === undefined ? 'TRUE' : stepMatchSql(schema, a.activity, 'analysis.activity').text;
  const purchase =
    a.purchase === undefined ? '(revenue IS NOT NULL OR order_id IS NOT NULL)' : stepMatchSql(schema, a.purchase, 'analysis.purchase').text;
  let byExpr = 'CAST(NULL AS VARCHAR)';
  if (plan.by !== undefined) {
    const { expr, type } = column(schema, plan.by, 'analysis.by');
    byExpr = asText(expr, type).text;
  }
  // Period cohorts are keyed by the acquisition period itself; `by` cohorts by the value the
  // user's acquisition event carries (the earlier row wins a tie at one instant).
  const key = plan.by === undefined ? `${periodLabel(plan.cal, 'a').text}` : 'bv';
  const N = plan.periods;
  // With an order column every row of `base` is an occurrence: an order's lines are one row, dated
  // by its first line and carrying their summed revenue. The last period with data stays that of
  // the last row (without an order column `base` holds exactly those rows).
  const orders = mapsOrders(spec);
  const bounds = orders ? `SELECT max(${p.text}) AS last_p FROM events WHERE ${filtersSql(schema, spec.filters, 'filters').text}` : 'SELECT max(p) AS last_p FROM base';
  return raw(`WITH base AS (
  SELECT user_id, ts, row_id, ${p.text} AS p, ${activity} AS is_act, ${purchase} AS is_pur,
    revenue, order_id, ${byExpr} AS bv
  FROM ${rowsFromSql(schema, spec.filters, orders).text}),
bounds AS (${bounds}),
acq AS (
  SELECT user_id, arg_min(p, ts) AS a, min(ts) AS ts, arg_min_null(bv, (ts, row_id)) AS bv
  FROM base WHERE is_act GROUP BY user_id),
members AS (SELECT user_id, a, ${key} AS ck FROM acq WHERE ${rangeCondition(spec)}),
act AS (
  SELECT m.ck, m.a, b.p - m.a AS k, count(DISTINCT b.user_id) AS users
  FROM base b JOIN members m ON m.user_id = b.user_id
  WHERE b.is_act AND b.p BETWEEN m.a AND m.a + ${lit(N).text} GROUP BY ALL),
rev AS (
  SELECT m.ck, m.a, b.p - m.a AS k, sum(b.revenue) AS revenue
  FROM base b JOIN members m ON m.user_id = b.user_id
  WHERE b.is_pur AND b.p BETWEEN m.a AND m.a + ${lit(N).text} GROUP BY ALL),
-- One order per (user, order_id); a purchase row without an order id is an order of its own.
orders AS (
  SELECT b.user_id, min(b.p) AS p
  FROM base b JOIN members m ON m.user_id = b.user_id
  WHERE b.is_pur GROUP BY b.user_id, b.order_id, CASE WHEN b.order_id IS NULL THEN b.row_id END),
ord AS (
  SELECT m.ck, m.a, o.p - m.a AS k, count(*) AS orders
  FROM orders o JOIN members m ON m.user_id = o.user_id
  WHERE o.p BETWEEN m.a AND m.a + ${lit(N).text} GROUP BY ALL),
second AS (
  SELECT ck, a, k, count(*) AS repeaters FROM (
    SELECT m.ck, m.a, o.p - m.a AS k, row_number() OVER (PARTITION BY o.user_id ORDER BY o.p) AS nth
    FROM orders o JOIN members m ON m.user_id = o.user_id WHERE o.p >= m.a)
  WHERE nth = 2 AND k <= ${lit(N).text} GROUP BY ALL),
sizes AS (SELECT ck, a, count(*) AS size FROM members GROUP BY ALL),
-- Every (cohort, a, offset) inside the data gets a row, so that the running sums below see
-- each offset once; the metric rows add into them (no joins: a union and one grouping).
facts AS (
  SELECT s.ck, s.a, g.n AS k, s.size, 0 AS users, 0 AS revenue, 0 AS orders, 0 AS repeaters
  FROM sizes s CROSS JOIN bounds JOIN range(0, ${lit(N + 1).text}) g(n) ON s.a + g.n <= bounds.last_p
  UNION ALL SELECT ck, a, k, 0, users, 0, 0, 0 FROM act
  UNION ALL SELECT ck, a, k, 0, 0, revenue, 0, 0 FROM rev
  UNION ALL SELECT ck, a, k, 0, 0, 0, orders, 0 FROM ord
  UNION ALL SELECT ck, a, k, 0, 0, 0, 0, repeaters FROM second),
cells AS (
  SELECT ck, a, k AS n, sum(size) AS size, sum(users) AS users, COALESCE(sum(revenue), 0) AS revenue,
    sum(orders) AS orders, sum(repeaters) AS repeaters
  FROM facts GROUP BY ck, a, k),
cum AS (
  SELECT *, sum(revenue) OVER w AS cum_revenue, sum(repeaters) OVER w AS repeaters_so_far
  FROM cells WINDOW w AS (PARTITION BY ck, a ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
SELECT c.ck AS cohort, min(c.a)::BIGINT AS cs, GROUPING(c.ck)::BIGINT AS is_total, c.n::BIGINT AS n,
  sum(c.size)::BIGINT AS eligible, sum(c.users)::BIGINT AS users, sum(c.revenue)::DOUBLE AS revenue,
  sum(c.cum_revenue)::DOUBLE AS cum_revenue, sum(c.orders)::BIGINT AS orders,
  sum(c.repeaters_so_far)::BIGINT AS repeaters, (max(bounds.last_p) - min(c.a))::BIGINT AS avail
FROM cum c CROSS JOIN bounds
GROUP BY GROUPING SETS ((c.ck, c.n), (c.n))
ORDER BY is_total, cs, cohort, n`);
}
