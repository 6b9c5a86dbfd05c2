import { UNIT_SECONDS } from '../schema/schema';
import type { Window } from '../schema/types';

/**
 * The interval vocabulary of the analyses: a window is exact elapsed time (a day is 86 400 s,
 * whatever the calendar), carried as whole microseconds so that it compares exactly with
 * `epoch_us(ts)`. Kept here so that another SQL dialect only has to change this file.
 */

/** A window in microseconds; `null` (no limit) gives null. Units and bounds: the schema. */
export function windowMicros(w: Window | null): number | null {
  if (w === null) return null;
  return Math.round(w.value * UNIT_SECONDS[w.unit] * 1e6);
}
