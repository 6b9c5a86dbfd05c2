import type { Filter, Step } from '../schema/types';
import { asText, column, type EventSchema } from './columns';
import { foldedValueSql, rankGroupsSql } from './funnel-breakdown';
import { stepMatchSql } from './funnel-steps';
import { occurrencesSql } from './occurrences';
import { lit, raw, type Fragment } from './quote';
import type { RangeMicros } from './range';
import { spendRowsSql, type SpendRowsSql } from './spend';

/** A KPI analysis with every default applied (src/lib/analysis/kpis.ts makes it). */
export interface KpisPlan {
  purchase: Step;
  breakdown: string | undefined;
  breakdownLimit: number;
  filters: Filter[] | undefined;
  orders: boolean;
  /** The period the figures are for: `range` (open ends when a bound is omitted). */
  current: RangeMicros;
  /** With `compare: "previous_period"`: the period of equal length ending at `range.from`. */
  previous: RangeMicros | undefined;
  spend: SpendRowsSql | undefined;
}

/** 0 for a time inside the current period, 1 inside the previous one, else NULL. */
function periodOf(ts: string, plan: KpisPlan): string {
  const inside = (r: RangeMicros) => {
    const parts = ['TRUE'];
    if (r.from !== null) parts.push(`${ts} >= make_timestamp(${lit(r.from).text})`);
    if (r.to !== null) parts.push(`${ts} < make_timestamp(${lit(r.to).text})`);
    return parts.join(' AND ');
  };
  const prev = plan.previous === undefined ? '' : ` WHEN ${inside(plan.previous)} THEN 1`;
  return `CASE WHEN ${inside(plan.current)} THEN 0${prev} END`;
}

const FIGURES = `count(*)::BIGINT AS users, count(*) FILTER (WHERE orders > 0)::BIGINT AS purchasers,
  COALESCE(sum(orders), 0)::BIGINT AS orders, sum(revenue)::DOUBLE AS revenue,
  count(*) FILTER (WHERE orders >= 2)::BIGINT AS repeaters, CAST(NULL AS DOUBLE) AS spend`;
const NO_FIGURES = `NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::DOUBLE, NULL::BIGINT`;

/**
 * One statement for the KPIs (docs/KPIS.md). Work is per user and period: the occurrences
 * (filters first, lines of one order once) inside the current or previous period give each user
 * their group (the breakdown value of their first occurrence in that period, by time then input
 * order), their orders (occurrences matching `purchase`) and the revenue of those. Groups are
 * ranked by users of the current period over the values of both periods, and folded as a funnel
 * breakdown. Spend rows add their amount per period, in total and to the group their value
 * belongs to (a folded value's spend goes to "Other" with its users).
 *
 * Rows: part ('u' figures, 's' spend), per (0 current, 1 previous), is_total, g (group), users,
 * purchasers, orders, revenue (NULL when no purchase has one), repeaters, spend.
 */
export function kpisSql(schema: EventSchema, plan: KpisPlan): Fragment {
  const purchase = stepMatchSql(schema, plan.purchase, 'analysis.purchase');
  let bv = 'CAST(NULL AS VARCHAR)';
  if (plan.breakdown !== undefined) {
    const { expr, type } = column(schema, plan.breakdown, 'analysis.breakdown');
    bv = asText(expr, type).text;
  }
  // A table without the canonical revenue column (a hand-made one) has no revenue role.
  const revenue = schema.revenue === undefined ? 'CAST(NULL AS DOUBLE)' : 'revenue';
  const ctes = [
    `base AS (SELECT user_id, ts, row_id, ${purchase.text} AS is_pur, ${revenue} AS revenue, ${bv} AS bv, ${periodOf('ts', plan)} AS per
  FROM ${occurrencesSql(schema, plan.filters, plan.orders).text} o)`,
    // arg_min_null: the first occurrence's value even when it is NULL (arg_min would skip it).
    `users AS (SELECT per, user_id, arg_min_null(bv, (ts, row_id)) AS bv,
    count(*) FILTER (WHERE is_pur) AS orders, sum(revenue) FILTER (WHERE is_pur) AS revenue
  FROM base WHERE per IS NOT NULL GROUP BY per, user_id)`
  ];
  const parts: string[] = [];
  if (plan.breakdown === undefined) {
    parts.push(`SELECT 'u' AS part, per, TRUE AS is_total, CAST(NULL AS VARCHAR) AS g, ${FIGURES} FROM users GROUP BY per`);
  } else {
    ctes.push(
      `grp AS ${rankGroupsSql('users', 'count(*) FILTER (WHERE per = 0)').text}`,
      `fold AS (SELECT grp.bv, ${foldedValueSql('grp', plan.breakdownLimit).text} AS g FROM grp)`,
      `members AS (SELECT users.*, fold.g FROM users JOIN fold ON users.bv IS NOT DISTINCT FROM fold.bv)`
    );
    parts.push(`SELECT 'u' AS part, per, GROUPING(g) = 1 AS is_total, g, ${FIGURES} FROM members GROUP BY GROUPING SETS ((per), (per, g))`);
  }
  if (plan.spend !== undefined) {
    ctes.push(`spend AS (SELECT * FROM (SELECT amount, sv, ${periodOf('ts', plan)} AS per FROM ${spendRowsSql(plan.spend).text} s) WHERE per IS NOT NULL)`);
    parts.push(`SELECT 's', per, TRUE, NULL, ${NO_FIGURES}, sum(amount)::DOUBLE FROM spend GROUP BY per`);
    // Equality: a spend row with no channel value belongs to no group (only to the total).
    if (plan.breakdown !== undefined) parts.push(`SELECT 's', spend.per, FALSE, fold.g, ${NO_FIGURES}, sum(spend.amount)::DOUBLE FROM spend JOIN fold ON fold.bv = spend.sv GROUP BY spend.per, fold.g`);
  }
  return raw(`WITH ${ctes.join(',\n')}\n${parts.join('\nUNION ALL ')}`);
}
