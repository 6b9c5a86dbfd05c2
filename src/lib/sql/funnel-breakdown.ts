import { lit } from './quote';
import { col, range1toN, type FunnelPlan } from './funnel-plan';

function stepAggregates(plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  // `keep` is TRUE unless pending users are excluded (docs/FUNNELS.md, immature attempts).
  const kept = plan.immature === 'exclude' ? ' AND keep' : '';
  const counts = range1toN(n).flatMap((k) => {
    const f = `FILTER (WHERE k >= ${lit(k).text}${kept})`;
    if (k === 1) return [`count(*) ${f} AS c1`];
    const secs = `(${col.time(k)} - ${col.time(k - 1)})::DOUBLE / 1e6`;
    return [`count(*) ${f} AS c${k}`, `avg(${secs}) ${f} AS a${k}`, `median(${secs}) ${f} AS d${k}`];
  });
  if (plan.immature === undefined) return counts;
  return [...counts, ...range1toN(n).map((k) => `count(*) FILTER (WHERE pending AND k = ${lit(k).text}) AS p${k}`)];
}

/**
 * From `best` (funnel-best.ts) to the result rows: per-step counts and times. With a breakdown,
 * one statement gives the total row (`g = 1`) and one row per group, groups ranked by users at
 * step 1, then value in code-point order (DuckDB compares VARCHAR bytewise), NULL last; past the
 * limit the rest fold into "Other" (a kept value that is itself "Other" joins the fold: one group
 * per name).
 */
export function resultCtes(plan: FunnelPlan): { ctes: string[]; select: string } {
  const aggs = stepAggregates(plan).join(', ');
  if (plan.breakdown === undefined) return { ctes: [], select: `SELECT 1 AS g, NULL AS grp, ${aggs} FROM best` };
  const limit = plan.breakdownLimit;
  const users = plan.immature === 'exclude' ? 'count(*) FILTER (WHERE keep)' : 'count(*)';
  return {
    ctes: [
      `grp AS (SELECT bv, row_number() OVER (ORDER BY ${users} DESC, bv ASC NULLS LAST) AS rk,
      count(*) OVER () AS ng FROM best GROUP BY bv)`,
      `folded AS (SELECT best.*, CASE WHEN grp.ng > ${lit(limit).text} AND grp.rk > ${lit(limit).text} THEN ${lit('Other')} ELSE best.bv END AS grp
      FROM best JOIN grp ON best.bv IS NOT DISTINCT FROM grp.bv)`
    ],
    select: `SELECT GROUPING(grp) AS g, grp, ${aggs} FROM folded GROUP BY GROUPING SETS ((), (grp))
      ORDER BY g DESC, c1 DESC, grp ASC NULLS LAST`
  };
}
