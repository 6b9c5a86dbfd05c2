import type { Attribution, Exclusion, Filter, Step } from '../schema/types';
import type { RangeMicros } from './range';
import { lit } from './quote';

/**
 * A funnel reduced to what the SQL needs, after validation and defaults: the `funnel` and
 * `stages` kinds both become one of these.
 */
export interface FunnelPlan {
  steps: Step[];
  order: 'ordered' | 'strict' | 'unordered';
  /** Exact window in microseconds; null for no limit. */
  windowUs: number | null;
  exclusions: Exclusion[];
  breakdown?: string;
  attribution: Attribution;
  breakdownLimit: number;
  filters?: Filter[];
  /** An order column is mapped: the funnel reads occurrences, not rows (contract: Orders). */
  orders: boolean;
  range: RangeMicros;
  /** Users still converting: marked (`include`), or marked and left out of the counts (`exclude`). */
  immature?: 'include' | 'exclude';
  /** Spec path of the analysis, for error messages (`analysis`). */
  field: string;
}

/** Column names used inside the funnel statement (code-made, never from a spec). */
export const col = {
  match: (k: number) => `m${k}`,
  excl: (j: number) => `x${j}`,
  nextExcl: (j: number) => `xn${j}`,
  row: (k: number) => `r${k}`,
  time: (k: number) => `u${k}`,
  value: (k: number) => `b${k}`,
  next: (k: number) => `n${k}`,
  carriedExcl: (j: number) => `xa${j}`
};

export function range1toN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Conditions on an event's `us` for it to start an attempt: inside the range (to exclusive). */
export function inRangeConds(plan: FunnelPlan): string[] {
  return [
    ...(plan.range.from === null ? [] : [`us >= ${lit(plan.range.from).text}`]),
    ...(plan.range.to === null ? [] : [`us < ${lit(plan.range.to).text}`])
  ];
}

/**
 * Conditions for an event `c` to be a candidate for step k+1 of attempt `a` (which reached step k):
 * the same user, a match for the step, at or after step k's time, within the window from step 1.
 */
export function nextStepConds(plan: FunnelPlan, k: number): string[] {
  return [
    'c.user_id = a.user_id',
    `c.${col.match(k + 1)}`,
    `c.us >= a.${col.time(k)}`,
    ...(plan.windowUs === null ? [] : [`c.us <= a.${col.time(1)} + ${lit(plan.windowUs).text}`])
  ];
}
