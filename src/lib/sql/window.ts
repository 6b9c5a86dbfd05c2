import { SpecError } from '../spec/errors';
import type { Window, WindowUnit } from '../spec/types';

/**
 * The interval vocabulary of the analyses: a window is exact elapsed time (a day is 86 400 s,
 * whatever the calendar), carried as whole microseconds so that it compares exactly with
 * `epoch_us(ts)`. Kept here so that another SQL dialect only has to change this file.
 */
export const UNIT_SECONDS: Record<WindowUnit, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800
};

export const WINDOW_UNITS = Object.keys(UNIT_SECONDS) as WindowUnit[];

/** The funnel's default window when the spec omits it. */
export const DEFAULT_FUNNEL_WINDOW: Window = { value: 14, unit: 'day' };

/**
 * The longest window a spec may give: about 1000 years. Longer is no limit in practice (use
 * `null`), and far longer overflows: 1e300 weeks became Infinity, then NULL in SQL, and no one
 * converted. A constant for now; it belongs in the schema (validate.ts) as the value's maximum.
 */
export const MAX_WINDOW_SECONDS = 1000 * 365.25 * 86_400;

/**
 * A window in microseconds: `undefined` takes `fallback`, `null` (no limit) gives null.
 * Validation (src/lib/spec/validate.ts) has already checked value and unit; a window longer than
 * MAX_WINDOW_SECONDS is a SpecError naming `${field}.value`.
 */
export function windowMicros(w: Window | null | undefined, fallback: Window | null, field = 'analysis.window'): number | null {
  const win = w === undefined ? fallback : w;
  if (win === null) return null;
  const seconds = win.value * UNIT_SECONDS[win.unit];
  if (!(seconds <= MAX_WINDOW_SECONDS)) {
    throw new SpecError(`${field}.value: ${win.value} ${win.unit}s is longer than 1000 years; for no limit give "window": null`, `${field}.value`);
  }
  return Math.round(seconds * 1e6);
}
