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
 * A window in microseconds: `undefined` takes `fallback`, `null` (no limit) gives null.
 * Validation (src/lib/spec/validate.ts) has already checked value and unit.
 */
export function windowMicros(w: Window | null | undefined, fallback: Window | null): number | null {
  const win = w === undefined ? fallback : w;
  if (win === null) return null;
  return Math.round(win.value * UNIT_SECONDS[win.unit] * 1e6);
}
