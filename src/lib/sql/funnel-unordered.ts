import type { Step } from '../schema/types';
import { col, inRangeConds, range1toN, type FunnelPlan } from './funnel-plan';
import { overlapGroups, stepNames } from './funnel-steps';
import { maxOf } from '../extremes';
import { lit } from './quote';

/**
 * Distinct overlapping steps one component of an unordered funnel may have: its SQL holds one
 * running count per subset of them (255 at 8). Steps with distinct event names, repeats of one
 * step and any-event steps cost nothing against it, so the number of steps itself is not capped.
 */
export const MAX_UNORDERED_OVERLAP = 8;

/**
 * Attempts of an `unordered` funnel, as CTEs ending in `att` (same columns as the ordered ones).
 *
 * Every instant t0 inside the range at which the user has an event matching some step starts an
 * attempt over [t0, t0 + window]. An event joins when it raises the size of a maximum matching
 * between the attempt's events and the steps; the k-th to join completes step k. By König/Hall,
 * the maximum matching of a set of events is min over step subsets S of (N − |S| + the number of
 * events that match some step of S). So each event carries, per S, a running count (rows ordered
 * by time, row_id) of the user's events touching S; an attempt's count over a prefix is that
 * running count minus the count before t0. Only some S need a count (see `unorderedComponents`).
 * The matching size after each event of the attempt follows, and step k's event is the first (by
 * time, row_id) after which it reaches k.
 */

/** One component's steps (1-based): classes of identical steps, and whether one matches every event. */
export interface UnorderedComponent {
  steps: number[];
  classes: number[][];
  hasMatchAll: boolean;
}

/** Whether a step matches every event: any event, no conditions. */
function matchesAll(step: Step): boolean {
  return stepNames(step).includes('*') && (step.where ?? []).length === 0;
}

/**
 * Steps that can share an event form components (overlapGroups); no event fills steps of two
 * components, so the matching is the sum over components and each needs only subsets of its own
 * steps. Within one, the minimum over S is reached by unions of whole classes
 * of identical steps (adding a copy of a step in S raises |S| and leaves its events alone), and
 * any S holding a step that matches every event is beaten by the whole component (same events,
 * larger |S|). So the subsets are the unions of classes of the other steps, plus the whole
 * component when it has such a step: a funnel of distinct events needs one count per step.
 */
export function unorderedComponents(steps: Step[]): UnorderedComponent[] {
  const names = steps.map(stepNames);
  return overlapGroups(steps).map((members) => {
    const classes = new Map<string, number[]>();
    for (const k of members.filter((k) => !matchesAll(steps[k - 1]))) {
      const key = JSON.stringify([[...names[k - 1]].sort(), steps[k - 1].where ?? []]);
      classes.set(key, [...(classes.get(key) ?? []), k]);
    }
    return { steps: members, classes: [...classes.values()], hasMatchAll: members.some((k) => matchesAll(steps[k - 1])) };
  });
}

/** The largest number of distinct overlapping steps in one component (checked against the cap). */
export function unorderedOverlap(steps: Step[]): number {
  return maxOf(unorderedComponents(steps).map((c) => c.classes.length), 0);
}

function componentSubsets(c: UnorderedComponent): number[][] {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << c.classes.length; mask++) subsets.push(c.classes.filter((_, i) => mask & (1 << i)).flat());
  if (c.hasMatchAll) subsets.push(c.steps);
  return subsets;
}

export function unorderedAttemptsCtes(plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  const w = plan.windowUs;
  const components = unorderedComponents(plan.steps).map((c) => ({ size: c.steps.length, subsets: componentSubsets(c) }));
  const subsets = components.flatMap((c) => c.subsets);
  const touches = (s: number[]) => `(${s.map(col.match).join(' OR ')})::INTEGER`;
  const ctes: string[] = [];
  ctes.push(`evc AS (SELECT *, row_number() OVER run AS pos, ${subsets
    .map((s, i) => `${touches(s)} AS t${i}, sum(${touches(s)}) OVER run AS c${i}`)
    .join(', ')}
    FROM ev WINDOW run AS (PARTITION BY user_id ORDER BY us, row_id ROWS UNBOUNDED PRECEDING))`);

  // Counts before t0: the first row of the instant minus its own contribution is the smallest.
  const rangeConds = ['TRUE', ...inRangeConds(plan)];
  const exclCarry = plan.exclusions.map((_, j) => `min(${col.nextExcl(j + 1)}) AS ${col.carriedExcl(j + 1)}`);
  ctes.push(`ua AS (SELECT user_id, us AS t0, min(row_id) AS aid, ${subsets.map((_, i) => `min(c${i} - t${i}) AS p${i}`).join(', ')}
    ${exclCarry.length ? ', ' + exclCarry.join(', ') : ''}
    FROM evc WHERE ${rangeConds.join(' AND ')} GROUP BY user_id, us)`);

  let at = 0;
  const size = components
    .map((c) => `least(${lit(c.size).text}, ${c.subsets.map((s) => `${lit(c.size - s.length).text} + e.c${at} - a.p${at++}`).join(', ')})`)
    .join(' + ');
  const winCond = w === null ? '' : ` AND e.us <= a.t0 + ${lit(w).text}`;
  ctes.push(`up AS (SELECT a.aid, e.us, e.pos, e.bd, ${size} AS size
    FROM ua a JOIN evc e ON e.user_id = a.user_id AND e.us >= a.t0${winCond})`);

  // Size never falls along an attempt's events (ordered by pos = per-user (time, row_id) rank), so
  // step k's event is the first with size >= k: its time is the least such time. The value is
  // wrapped in a struct because arg_min skips rows whose value is NULL (a null must win too).
  const picks = range1toN(n).flatMap((k) => [
    `min(us) FILTER (WHERE size >= ${k}) AS ${col.time(k)}`,
    plan.breakdown === undefined ? `NULL::VARCHAR AS ${col.value(k)}` : `arg_min({'b': bd}, pos) FILTER (WHERE size >= ${k}).b AS ${col.value(k)}`
  ]);
  ctes.push(`uk AS (SELECT aid, max(size) AS k, ${picks.join(', ')} FROM up GROUP BY aid)`);

  const select = [
    'ua.user_id',
    'ua.t0 AS su',
    '0 AS sr',
    'uk.k',
    ...range1toN(n).flatMap((k) => [`uk.${col.time(k)}`, `uk.${col.value(k)}`]),
    ...plan.exclusions.map((_, j) => `ua.${col.carriedExcl(j + 1)}`)
  ];
  ctes.push(`att AS (SELECT ${select.join(', ')} FROM uk JOIN ua ON ua.aid = uk.aid)`);
  return ctes;
}
