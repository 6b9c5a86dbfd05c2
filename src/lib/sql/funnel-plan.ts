import type { Attribution, Exclusion, Filter, Step } from '../spec/types';
import type { RangeMicros } from './range';

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
