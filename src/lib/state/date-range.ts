import { parseRangeBound, previousPeriod, rangeMicros } from '../sql/range';

/**
 * The dashboard's date range as the page offers it (docs/DATES.md): presets relative to the data's
 * last event, and the previous period a comparison runs on. Pure date arithmetic on UTC days.
 *
 * A range is the spec's `range`: `from` inclusive, `to` exclusive (docs/SPEC.md). A preset made of
 * whole days therefore ends at the day AFTER its last day: "last 7 days" of data whose last event
 * is on 2025-06-30 is `{ from: "2025-06-24", to: "2025-07-01" }`, 24 to 30 June shown.
 */
export interface Range {
  from?: string;
  to?: string;
}

export const PRESETS = ['last_7', 'last_30', 'last_90', 'this_month', 'last_month', 'all'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, string> = {
  last_7: 'Last 7 days',
  last_30: 'Last 30 days',
  last_90: 'Last 90 days',
  this_month: 'This month',
  last_month: 'Last month',
  all: 'All dates'
};

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day (`YYYY-MM-DD`) of a date or an ISO date-time. */
export function dayOf(time: string): string {
  return new Date(parseRangeBound(time, 'time') / 1000).toISOString().slice(0, 10);
}

/** `day` moved by `n` days (calendar days; UTC has no daylight saving to skip). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(day + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the month `n` months after the month of `day` (n may be negative). */
function monthStart(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
}

/**
 * The range of `preset` for data whose last event is at `lastEvent` (a date-time or a day);
 * undefined for `all` (no range). "This month" runs from the first of the last event's month to
 * its last day with data (the last event's day): a month so far, compared with as many days before
 * it. "Last month" is the whole calendar month before that one.
 */
export function presetRange(preset: Preset, lastEvent: string): Range | undefined {
  const last = dayOf(lastEvent);
  const end = addDays(last, 1);
  switch (preset) {
    case 'last_7':
      return { from: addDays(last, -6), to: end };
    case 'last_30':
      return { from: addDays(last, -29), to: end };
    case 'last_90':
      return { from: addDays(last, -89), to: end };
    case 'this_month':
      return { from: monthStart(last, 0), to: end };
    case 'last_month':
      return { from: monthStart(last, -1), to: monthStart(last, 0) };
    case 'all':
      return undefined;
  }
}

/** Which preset `range` is for data ending at `lastEvent`, or `custom` for any other range. */
export function presetOf(range: Range | undefined, lastEvent: string | null | undefined): Preset | 'custom' {
  if (!range || (range.from === undefined && range.to === undefined)) return 'all';
  if (!lastEvent) return 'custom';
  const same = (r: Range | undefined) => r !== undefined && r.from === range.from && r.to === range.to;
  return PRESETS.find((p) => p !== 'all' && same(presetRange(p, lastEvent))) ?? 'custom';
}

/** A time in epoch microseconds as a range bound: a day when it is midnight, else a date-time. */
function boundText(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const frac = micros % 1_000_000;
  if (iso.slice(11, 19) === '00:00:00' && frac === 0) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + String(frac).padStart(6, '0') : ''}`;
}

/**
 * The previous period of `range`: the same length, ending where it starts (the KPIs' "previous
 * period" too: sql/range.ts `previousPeriod`). Null when the range lacks a bound: an open range has
 * no length.
 */
export function previousRange(range: Range | undefined): { from: string; to: string } | null {
  if (range?.from === undefined || range?.to === undefined) return null;
  const prev = previousPeriod(rangeMicros(range));
  return { from: boundText(prev.from!), to: boundText(prev.to!) };
}

/**
 * How a range reads on screen: whole days show their first and last day (the excluded end is the
 * day after the last); a bound with a time of day shows as given, its end marked as excluded.
 */
export function rangeLabel(range: Range | undefined): string {
  if (!range || (range.from === undefined && range.to === undefined)) return 'all dates';
  const from = range.from ?? 'the start';
  if (range.to === undefined) return `${from} → the end`;
  if (DAY.test(range.to)) return `${from} → ${addDays(range.to, -1)}`;
  return `${from} → before ${range.to}`;
}
