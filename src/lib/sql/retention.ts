import type { Resolved, ResolvedSpec } from '../schema/types';
import { asText, column, type EventSchema } from './columns';
import { filtersSql } from './filters';
import { stepMatchSql } from './funnel-steps';
import { mapsOrders, rowsFromSql } from './occurrences';
import { periodIndex, periodLabel, type Calendar } from './period';
import { lit, raw, type Fragment } from './quote';
import { rangeMicros } from './range';

/** The options of a retention analysis with every default filled in (see docs/RETENTION in docs/SPEC.md). */
export interface RetentionPlan {
  cal: Calendar;
  periods: number;
  mode: 'recurring' | 'first_time';
  cumulative: boolean;
  minOccurrences: number;
  breakdown: string | undefined;
}

export function retentionPlan(a: Resolved<'retention'>): RetentionPlan {
  return {
    cal: { period: a.period, weekStart: a.week_start },
    periods: a.periods,
    mode: a.mode,
    cumulative: a.cumulative,
    minOccurrences: a.min_occurrences,
    breakdown: a.breakdown
  };
}

/** `epoch_us(ts)` inside `range` (from inclusive, to exclusive), as a condition. */
export function rangeCondition(spec: Pick<ResolvedSpec, 'range'>): string {
  const r = rangeMicros(spec.range);
  const parts = ['TRUE'];
  if (r.from !== null) parts.push(`epoch_us(ts) >= ${lit(r.from).text}`);
  if (r.to !== null) parts.push(`epoch_us(ts) < ${lit(r.to).text}`);
  return parts.join(' AND ');
}

/**
 * One statement for a retention analysis. Rows: one per (breakdown value, cohort, period n ≥ 1
 * with at least one retained user) plus one per cohort with `n` NULL (so empty cohorts rows still
 * carry size): `b` (breakdown value or NULL), `c` (period index), `start` (ISO date), `size`,
 * `avail` (last period with data − c), `n`, `retained`.
 *
 * Work is per user: cohort membership `(user, c)` and qualifying return periods `(user, p)` are
 * grouped once; the join between them is bounded by `periods`.
 */
export function retentionSql(schema: EventSchema, spec: ResolvedSpec, a: Resolved<'retention'>, plan: RetentionPlan): Fragment {
  const p = periodIndex(plan.cal, 'ts').text;
  const start = stepMatchSql(schema, a.start, 'analysis.start').text;
  const ret = stepMatchSql(schema, a.return, 'analysis.return').text;
  const filtered = `FROM events WHERE ${filtersSql(schema, spec.filters, 'filters').text}`;
  // Starts and returns are occurrences (with an order column, the lines of one order count once,
  // so `min_occurrences` counts orders); the last period with data is that of the last row.
  const rows = `FROM ${rowsFromSql(schema, spec.filters, mapsOrders(spec)).text}`;
  const inRange = rangeCondition(spec);
  // Each CTE scans `events` itself rather than sharing a derived table: DuckDB would materialise
  // a shared one (every filtered row copied), which costs more than re-reading columns.
  let starts: string;
  if (plan.breakdown === undefined) {
    starts =
      plan.mode === 'recurring'
        ? `SELECT DISTINCT user_id, ${p} AS c, CAST(NULL AS VARCHAR) AS b ${rows} AND ${start} AND ${inRange}`
        : `SELECT user_id, c, CAST(NULL AS VARCHAR) AS b FROM (
             SELECT user_id, min(ts) AS ts, arg_min(${p}, ts) AS c ${rows} AND ${start} GROUP BY user_id) f
           WHERE ${inRange}`;
  } else {
    // Ties at the same instant: the earlier row (input order) decides the breakdown value.
    const b = breakdownText(schema, plan.breakdown);
    starts =
      plan.mode === 'recurring'
        ? `SELECT user_id, ${p} AS c, arg_min_null(${b}, (ts, row_id)) AS b ${rows} AND ${start} AND ${inRange} GROUP BY user_id, c`
        : `SELECT user_id, c, b FROM (
             SELECT user_id, min(ts) AS ts, arg_min(${p}, ts) AS c, arg_min_null(${b}, (ts, row_id)) AS b
             ${rows} AND ${start} GROUP BY user_id) f
           WHERE ${inRange}`;
  }
  const rets =
    plan.minOccurrences === 1
      ? `SELECT DISTINCT user_id, ${p} AS p ${rows} AND ${ret}`
      : `SELECT user_id, ${p} AS p ${rows} AND ${ret} GROUP BY user_id, p HAVING count(*) >= ${lit(plan.minOccurrences).text}`;
  const n = plan.periods;
  const hits = plan.cumulative
    ? `last_ret AS (SELECT user_id, max(p) AS m FROM rets GROUP BY user_id),
reach AS (
  SELECT s.b, s.c, least(l.m - s.c, ${lit(n).text}) AS k, count(*) AS cnt
  FROM starts s JOIN last_ret l ON l.user_id = s.user_id AND l.m > s.c
  GROUP BY ALL),
hits AS (
  SELECT r.b, r.c, g.n, sum(r.cnt) AS retained
  FROM reach r JOIN range(1, ${lit(n + 1).text}) g(n) ON r.k >= g.n
  GROUP BY ALL)`
    : `hits AS (
  SELECT s.b, s.c, r.p - s.c AS n, count(*) AS retained
  FROM starts s JOIN rets r ON r.user_id = s.user_id AND r.p > s.c AND r.p <= s.c + ${lit(n).text}
  GROUP BY ALL)`;
  return raw(`WITH bounds AS (SELECT max(${p}) AS last_p ${filtered}),
starts AS (${starts}),
rets AS (${rets}),
${hits},
sizes AS (SELECT b, c, count(*) AS size FROM starts GROUP BY ALL)
SELECT s.b, s.c, ${periodLabel(plan.cal, 's.c').text} AS start, s.size::BIGINT AS size,
  (bounds.last_p - s.c)::BIGINT AS avail, h.n::BIGINT AS n, h.retained::BIGINT AS retained
FROM sizes s CROSS JOIN bounds
LEFT JOIN hits h ON h.c = s.c AND h.b IS NOT DISTINCT FROM s.b
ORDER BY s.c, s.b NULLS LAST, h.n`);
}

function breakdownText(schema: EventSchema, name: string): string {
  const { expr, type } = column(schema, name, 'analysis.breakdown');
  return asText(expr, type).text;
}
