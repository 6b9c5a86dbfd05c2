import type { Spec, Step } from '../schema/types';
import { asText, column, type EventSchema } from './columns';
import { foldCtes } from './funnel-breakdown';
import { stepMatchSql } from './funnel-steps';
import { mapsOrders, occurrencesSql } from './occurrences';
import { raw, sql, type Fragment } from './quote';
import { rangeCondition } from './retention';

export type Scale = 'nps' | 'csat';

/** A satisfaction analysis with its defaults filled in (src/lib/analysis/satisfaction.ts). */
export interface SatisfactionPlan {
  scale: Scale;
  answers: Step;
  breakdown?: string;
  breakdownLimit: number;
}

/** The whole numbers each scale accepts, inclusive. */
export const SCALE_BOUNDS: Record<Scale, [number, number]> = { nps: [0, 10], csat: [1, 5] };

/** One result row: `g` 1 for the total, 0 per breakdown group (`grp` its value). */
export interface SatisfactionRow {
  g: number;
  grp: string | null;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  satisfied: number;
  out_of_scale: number;
}

/**
 * One statement: the occurrences matching `answers` with a non-null score inside `range` are
 * candidates; a whole score on the scale is an answer, any other is counted in `out_of_scale`.
 * Answers are counted per scale band, for the total and (with a breakdown) per folded group of
 * the answer row's value, groups ranked by answers. `out_of_scale` sits on every row (the
 * contract reports it for the total only).
 */
export function satisfactionSql(schema: EventSchema, spec: Spec, plan: SatisfactionPlan): Fragment {
  const occ = occurrencesSql(schema, spec.filters, mapsOrders(spec));
  const match = stepMatchSql(schema, plan.answers, 'analysis.answers');
  const [lo, hi] = SCALE_BOUNDS[plan.scale];
  let bv: Fragment = raw('CAST(NULL AS VARCHAR)');
  if (plan.breakdown !== undefined) {
    const c = column(schema, plan.breakdown, 'analysis.breakdown');
    bv = asText(c.expr, c.type);
  }
  // NaN and ±Infinity are not null: they fail the bounds and count as out of scale.
  const candidates = sql`SELECT score, ${bv} AS bv, (score >= ${lo} AND score <= ${hi} AND score = trunc(score)) AS ok
    FROM ${occ} WHERE ${match} AND score IS NOT NULL AND ${raw(rangeCondition(spec))}`;
  const counts = raw(`count(*)::BIGINT AS answers,
    count(*) FILTER (WHERE score >= 9)::BIGINT AS promoters,
    count(*) FILTER (WHERE score >= 7 AND score <= 8)::BIGINT AS passives,
    count(*) FILTER (WHERE score <= 6)::BIGINT AS detractors,
    count(*) FILTER (WHERE score >= 4)::BIGINT AS satisfied`);
  const head = sql`WITH cand AS (${candidates}),
    ans AS (SELECT * FROM cand WHERE ok),
    oos AS (SELECT count(*)::BIGINT AS out_of_scale FROM cand WHERE NOT ok)`;
  if (plan.breakdown === undefined) {
    return sql`${head} SELECT 1 AS g, CAST(NULL AS VARCHAR) AS grp, ${counts}, (SELECT out_of_scale FROM oos) AS out_of_scale FROM ans`;
  }
  const fold = raw(foldCtes('ans', 'count(*)', plan.breakdownLimit).join(',\n'));
  return sql`${head}, ${fold}
    SELECT GROUPING(grp) AS g, grp, ${counts}, (SELECT out_of_scale FROM oos) AS out_of_scale
    FROM folded GROUP BY GROUPING SETS ((), (grp))
    ORDER BY g DESC, answers DESC, grp ASC NULLS LAST`;
}
