import { lit, raw, type Fragment } from './quote';
import { col, range1toN, type FunnelPlan } from './funnel-plan';

/**
 * The breakdown ranking, shared by every kind that folds groups like a funnel breakdown: one row
 * per value `bv` of `from`, with its rank `rk` (by `users`, an aggregate over the value's rows,
 * descending, then value in code-point order — DuckDB compares VARCHAR bytewise — NULL last) and
 * the number of values `ng`.
 */
export function rankGroupsSql(from: string, users: string): Fragment {
  return raw(`(SELECT bv, row_number() OVER (ORDER BY ${users} DESC, bv ASC NULLS LAST) AS rk,
      count(*) OVER () AS ng FROM ${from} GROUP BY bv)`);
}

/**
 * A ranked value (a row of `rankGroupsSql`, as `alias`) after the fold: past `limit` groups, the
 * values ranked after the first `limit` become "Other" (a kept value that is itself "Other" then
 * shares that group: one group per name).
 */
export function foldedValueSql(alias: string, limit: number): Fragment {
  return raw(`CASE WHEN ${alias}.ng > ${lit(limit).text} AND ${alias}.rk > ${lit(limit).text} THEN ${lit('Other').text} ELSE ${alias}.bv END`);
}

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
 * The contract's breakdown ranking and fold, for any kind that groups rows of a CTE `from` by a
 * value column `bv`: groups rank by `weight` (an aggregate over a group's rows) descending, then
 * value in code-point order (DuckDB compares VARCHAR bytewise), NULL last; with more than `limit`
 * groups, those past the limit become "Other". Gives CTE `folded`: the rows of `from` plus `grp`,
 * the group each row is counted in (the caller ranks the folded groups again, "Other" among them).
 */
export function foldCtes(from: string, weight: string, limit: number): string[] {
  return [
    `grp AS (SELECT bv, row_number() OVER (ORDER BY ${weight} DESC, bv ASC NULLS LAST) AS rk,
      count(*) OVER () AS ng FROM ${from} GROUP BY bv)`,
    `folded AS (SELECT ${from}.*, CASE WHEN grp.ng > ${lit(limit).text} AND grp.rk > ${lit(limit).text} THEN ${lit('Other').text} ELSE ${from}.bv END AS grp
      FROM ${from} JOIN grp ON ${from}.bv IS NOT DISTINCT FROM grp.bv)`
  ];
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
      `grp AS ${rankGroupsSql('best', users).text}`,
      `folded AS (SELECT best.*, ${foldedValueSql('grp', limit).text} AS grp
      FROM best JOIN grp ON best.bv IS NOT DISTINCT FROM grp.bv)`
    ],
    select: `SELECT GROUPING(grp) AS g, grp, ${aggs} FROM folded GROUP BY GROUPING SETS ((), (grp))
      ORDER BY g DESC, c1 DESC, grp ASC NULLS LAST`
  };
}
