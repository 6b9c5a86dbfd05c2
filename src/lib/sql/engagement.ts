import type { Step } from '../schema/types';
import type { EventSchema } from './columns';
import { occurrencesSql } from './occurrences';
import { periodIndex, periodLabel, periodStart, type Calendar } from './period';
import { activitySql, checkedStepSql, spanCtes, type SpanSpec } from './period-span';
import { join, lit, raw, type Fragment } from './quote';

export type EngagementOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A condition reduced to SQL terms: a measure column, an operator, a number. */
export interface PlannedCondition {
  /** Column of the per-user-per-period measures (see `engagementSql`). */
  column: 'stage' | 'active_days' | 'active_periods' | 'days_since_active' | 'pur_p' | 'pur_td' | `o${number}_p` | `o${number}_td`;
  op: EngagementOp;
  value: number;
}

export interface EngagementPlan {
  cal: Calendar;
  periods: number;
  activity: Step | undefined;
  /** Undefined: rows with a revenue or an order id (as in cohort tables). */
  purchase: Step | undefined;
  /** Stage names in journey order: position 1, 2, … */
  stages: readonly string[];
  /** Steps counted by `occurrences` conditions, referred to as o0, o1, …, with their spec path. */
  steps: { step: Step; field: string }[];
  /** One list of conditions (all must hold) per level, lowest level first; level 0 has none. */
  levels: PlannedCondition[][];
  orders: boolean;
}

const EPOCH = "DATE '0001-01-01'";

const OPS: Record<EngagementOp, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * One statement for engagement levels (docs/ENGAGEMENT.md). Per (user, period with any
 * occurrence) the in-period counts (`up`) and their running values up to that period (`cum`),
 * each valid until the user's next such period; every user is then placed in every reported
 * period from their first activity on (`grid`), the to-date measures taken from the `cum` row
 * valid in it (an equi-join on the user: an ASOF join took minutes on DuckDB-WASM with 23k
 * users), the in-period ones from that period itself. The level is the highest whose conditions all hold.
 *
 * Rows: `kind` 'level' (p, start, lv, users) or 'flow' (p = the later period, from_lv NULL for
 * users first placed in it, lv, users); every row also has `last_p`.
 */
export function engagementSql(schema: EventSchema, spec: SpanSpec, plan: EngagementPlan): Fragment {
  const p = periodIndex(plan.cal, 'ts').text;
  // Days as integers (days since 0001-01-01, as period.ts counts them): cheaper than DATEs.
  const day = periodIndex({ period: 'day', weekStart: 'monday' }, 'ts').text;
  const lastDay = periodIndex({ period: 'day', weekStart: 'monday' }, 'bounds.last_ts').text;
  // A distinct count per (user, period) is the dearest aggregate here: only when a rule reads it.
  const days = plan.levels.some((l) => l.some((c) => c.column === 'active_days')) ? 'count(DISTINCT d) FILTER (WHERE is_act)' : 'NULL';
  const occ = occurrencesSql(schema, spec.filters, plan.orders).text;
  const purchase = plan.purchase === undefined ? raw('(revenue IS NOT NULL OR order_id IS NOT NULL)') : checkedStepSql(schema, plan.purchase, 'analysis.purchase');
  const stagePos = plan.stages.length === 0 ? raw('0') : raw(`CASE "stage" ${plan.stages.map((s, i) => `WHEN ${lit(s).text} THEN ${lit(i + 1).text}`).join(' ')} ELSE 0 END`);
  const steps = plan.steps.map((s, i) => ({ i, match: checkedStepSql(schema, s.step, s.field) }));
  const stepCols = steps.map(({ i, match }) => `, ${match.text} AS o${i}`).join('');
  const stepCounts = steps.map(({ i }) => `, count(*) FILTER (WHERE o${i}) AS o${i}`).join('');
  const stepCum = steps.map(({ i }) => `, sum(o${i}) OVER w AS o${i}_td`).join('');
  const stepMeasures = steps.map(({ i }) => `, COALESCE(x.o${i}, 0) AS o${i}_p, c.o${i}_td`).join('');
  const level = plan.levels
    .map((conds, lv) => ({ conds, lv }))
    .filter(({ lv }) => lv > 0)
    .reverse()
    .map(({ conds, lv }) => `WHEN ${conds.length === 0 ? 'TRUE' : join(conds.map((c) => raw(`${c.column} ${OPS[c.op]} ${lit(c.value).text}`)), ' AND ').text} THEN ${lit(lv).text}`)
    .join(' ');
  const levelCase = level === '' ? '0' : `CASE ${level} ELSE 0 END`;
  return raw(`WITH base AS (
  SELECT user_id, ts, ${p} AS p, ${day} AS d, ${activitySql(schema, plan.activity).text} AS is_act,
    ${purchase.text} AS is_pur, ${stagePos.text} AS sp${stepCols}
  FROM ${occ}),
acts AS (SELECT user_id, ts, p FROM base WHERE is_act),
${spanCtes(schema, spec, plan.cal, plan.periods, 'acts').text},
up AS (
  SELECT user_id, p, bool_or(is_act) AS act, ${days} AS days,
    max(d) FILTER (WHERE is_act) AS last_d, max(sp) AS st, count(*) FILTER (WHERE is_pur) AS pur${stepCounts}
  FROM base WHERE p <= (SELECT e FROM span) GROUP BY user_id, p),
cum AS (
  SELECT user_id, p, max(st) OVER w AS st_td, sum(CAST(act AS INTEGER)) OVER w AS ap_td,
    max(last_d) OVER w AS last_td, sum(pur) OVER w AS pur_td${stepCum},
    lead(p) OVER (PARTITION BY user_id ORDER BY p) AS next_p
  FROM up WINDOW w AS (PARTITION BY user_id ORDER BY p ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
firsts AS (SELECT user_id, min(p) AS f FROM up WHERE act GROUP BY user_id),
grid AS (
  SELECT f.user_id, g.p FROM firsts f
  JOIN (SELECT unnest(range(s, e + 1)) AS p FROM span WHERE s IS NOT NULL) g ON g.p >= f.f),
m AS (
  SELECT g.user_id, g.p, c.st_td AS stage, COALESCE(x.days, 0) AS active_days, c.ap_td AS active_periods,
    -- The running period is measured at the data's last day, not at its end in the future.
    (least(${periodStart(plan.cal, 'g.p + 1').text} - ${EPOCH} - 1, ${lastDay}) - c.last_td) AS days_since_active,
    COALESCE(x.pur, 0) AS pur_p, c.pur_td${stepMeasures}
  FROM grid g JOIN cum c ON c.user_id = g.user_id AND c.p <= g.p AND (c.next_p IS NULL OR g.p < c.next_p)
  LEFT JOIN up x ON x.user_id = g.user_id AND x.p = g.p
  CROSS JOIN bounds),
-- A user is placed in every period from their first on, so the previous row is period p - 1:
-- one window and one grouping give both the distribution and the flows.
placed AS (
  SELECT p, lv, lag(lv) OVER (PARTITION BY user_id ORDER BY p) AS prev
  FROM (SELECT user_id, p, ${levelCase} AS lv FROM m)),
cells AS (SELECT p, prev, lv, count(*) AS users FROM placed GROUP BY p, prev, lv),
out AS (
  SELECT 'level' AS kind, p, NULL AS from_lv, lv, sum(users) AS users FROM cells GROUP BY p, lv
  UNION ALL
  SELECT 'flow' AS kind, p, prev AS from_lv, lv, users FROM cells WHERE p > (SELECT s FROM span))
SELECT o.kind, o.p::BIGINT AS p, ${periodLabel(plan.cal, 'o.p').text} AS start, o.from_lv::BIGINT AS from_lv,
  o.lv::BIGINT AS lv, o.users::BIGINT AS users, bounds.last_p::BIGINT AS last_p
FROM out o CROSS JOIN bounds
ORDER BY o.kind DESC, o.p, o.from_lv NULLS FIRST, o.lv`);
}
