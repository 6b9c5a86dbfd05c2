import type { Attribution } from '../spec/types';
import { lit } from './quote';
import { col, range1toN, type FunnelPlan } from './funnel-plan';

/** An attempt is void when an exclusion's event falls inside its span (see CONTRACT.md). */
function voidSql(plan: FunnelPlan): string {
  if (plan.exclusions.length === 0) return 'FALSE';
  const w = plan.windowUs;
  return plan.exclusions
    .map((x, j) => {
      const next = col.carriedExcl(j + 1);
      const open = w === null ? `${next} IS NOT NULL` : `${next} <= ${col.time(1)} + ${w}`;
      return `(k >= ${x.from_step} AND coalesce(CASE WHEN k >= ${x.to_step} THEN ${next} < ${col.time(x.to_step)} ELSE ${open} END, FALSE))`;
    })
    .join(' OR ');
}

/** The counted attempt's breakdown value: unreached steps carry NULL, so coalesce skips them. */
function attributionSql(attribution: Attribution, n: number): string {
  const values = range1toN(n).map(col.value);
  if (attribution === 'first_touch') return n === 1 ? values[0] : `coalesce(${values.join(', ')})`;
  if (attribution === 'last_touch') return n === 1 ? values[0] : `coalesce(${values.reverse().join(', ')})`;
  return col.value(attribution.step);
}

function stepAggregates(n: number): string[] {
  return range1toN(n).flatMap((k) => {
    if (k === 1) return ['count(*) AS c1'];
    const secs = `(${col.time(k)} - ${col.time(k - 1)})::DOUBLE / 1e6`;
    const f = `FILTER (WHERE k >= ${k})`;
    return [`count(*) ${f} AS c${k}`, `avg(${secs}) ${f} AS a${k}`, `median(${secs}) ${f} AS d${k}`];
  });
}

/**
 * From `att` to the result rows: void attempts dropped, each user's best attempt (furthest step,
 * then earliest start) kept, then per-step counts and times. With a breakdown, one statement
 * gives the total row (`g = 1`) and one row per group, groups ranked by users at step 1, then
 * value in code-point order (DuckDB compares VARCHAR bytewise), NULL last; past the limit the
 * rest fold into "Other" (a kept value that is itself "Other" joins the fold: one group per name).
 */
export function resultCtes(plan: FunnelPlan): { ctes: string[]; select: string } {
  const n = plan.steps.length;
  const ctes = [
    `best AS (SELECT *, ${attributionSql(plan.attribution, n)} AS bv FROM att WHERE NOT (${voidSql(plan)})
      QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY k DESC, su, sr) = 1)`
  ];
  const aggs = stepAggregates(n).join(', ');
  if (plan.breakdown === undefined) return { ctes, select: `SELECT 1 AS g, NULL AS grp, ${aggs} FROM best` };
  const limit = plan.breakdownLimit;
  ctes.push(`grp AS (SELECT bv, row_number() OVER (ORDER BY count(*) DESC, bv ASC NULLS LAST) AS rk,
      count(*) OVER () AS ng FROM best GROUP BY bv)`);
  ctes.push(`folded AS (SELECT best.*, CASE WHEN grp.ng > ${limit} AND grp.rk > ${limit} THEN ${lit('Other')} ELSE best.bv END AS grp
      FROM best JOIN grp ON best.bv IS NOT DISTINCT FROM grp.bv)`);
  return {
    ctes,
    select: `SELECT GROUPING(grp) AS g, grp, ${aggs} FROM folded GROUP BY GROUPING SETS ((), (grp))
      ORDER BY g DESC, c1 DESC, grp ASC NULLS LAST`
  };
}
