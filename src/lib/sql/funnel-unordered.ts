import { col, range1toN, type FunnelPlan } from './funnel-plan';

/** Steps an unordered funnel may have: its SQL holds one running count per subset of steps. */
export const MAX_UNORDERED_STEPS = 8;

/**
 * Attempts of an `unordered` funnel, as CTEs ending in `att` (same columns as the ordered ones).
 *
 * Every instant t0 inside the range at which the user has an event matching some step starts an
 * attempt over [t0, t0 + window]. An event joins when it raises the size of a maximum matching
 * between the attempt's events and the steps; the k-th to join completes step k. By König/Hall,
 * the maximum matching of a set of events is min over step subsets S of (N − |S| + the number of
 * events that match some step of S). So each event carries, per S, a running count (rows ordered
 * by time, row_id) of the user's events touching S; an attempt's count over a prefix is that
 * running count minus the count before t0. The matching size after each event of the attempt
 * follows, and step k's event is the first (by time, row_id) after which it reaches k.
 */
export function unorderedAttemptsCtes(plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  const w = plan.windowUs;
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) subsets.push(range1toN(n).filter((k) => mask & (1 << (k - 1))));
  const touches = (s: number[]) => `(${s.map(col.match).join(' OR ')})::INTEGER`;
  const ctes: string[] = [];

  ctes.push(`evc AS (SELECT *, ${subsets
    .map((s, i) => `${touches(s)} AS t${i}, sum(${touches(s)}) OVER run AS c${i}`)
    .join(', ')}
    FROM ev WINDOW run AS (PARTITION BY user_id ORDER BY us, row_id ROWS UNBOUNDED PRECEDING))`);

  // Counts before t0: the first row of the instant minus its own contribution is the smallest.
  const rangeConds = ['TRUE'];
  if (plan.range.from !== null) rangeConds.push(`us >= ${plan.range.from}`);
  if (plan.range.to !== null) rangeConds.push(`us < ${plan.range.to}`);
  const exclCarry = plan.exclusions.map((_, j) => `min(${col.nextExcl(j + 1)}) AS ${col.carriedExcl(j + 1)}`);
  ctes.push(`ua AS (SELECT user_id, us AS t0, ${subsets.map((_, i) => `min(c${i} - t${i}) AS p${i}`).join(', ')}
    ${exclCarry.length ? ', ' + exclCarry.join(', ') : ''}
    FROM evc WHERE ${rangeConds.join(' AND ')} GROUP BY user_id, us)`);

  const size = `least(${n}, ${subsets.map((s, i) => `${n - s.length} + e.c${i} - a.p${i}`).join(', ')})`;
  const winCond = w === null ? '' : ` AND e.us <= a.t0 + ${w}`;
  ctes.push(`up AS (SELECT a.user_id, a.t0, e.us, e.row_id, e.bd, ${size} AS size
    FROM ua a JOIN evc e ON e.user_id = a.user_id AND e.us >= a.t0${winCond})`);

  const picks = range1toN(n).map((k) => `min({'u': us, 'r': row_id, 'b': bd}) FILTER (WHERE size >= ${k}) AS q${k}`);
  ctes.push(`uk AS (SELECT user_id, t0, max(size) AS k, ${picks.join(', ')} FROM up GROUP BY user_id, t0)`);

  const select = [
    'uk.user_id',
    'uk.t0 AS su',
    '0 AS sr',
    'uk.k',
    ...range1toN(n).flatMap((k) => [`q${k}.u AS ${col.time(k)}`, `q${k}.b AS ${col.value(k)}`]),
    ...plan.exclusions.map((_, j) => `ua.${col.carriedExcl(j + 1)}`)
  ];
  ctes.push(`att AS (SELECT ${select.join(', ')} FROM uk JOIN ua ON ua.user_id = uk.user_id AND ua.t0 = uk.t0)`);
  return ctes;
}
