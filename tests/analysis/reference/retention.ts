/**
 * An independent, per-user implementation of docs/SPEC.md's retention in plain loops, for the
 * differential and real-data tests. Imports nothing from src/lib: the calendar, the filters and
 * the rules are written again here from the contract's text and docs/COHORTS.md.
 */
import { refOccurrences } from './occurrences';
export interface RefEvent {
  row_id: number;
  user_id: string;
  /** UTC epoch milliseconds. */
  ts: number;
  event: string | null;
  [column: string]: unknown;
}

export interface RefFilter {
  column: string;
  op: string;
  values?: (string | number | boolean)[];
}

export interface RefStep {
  event?: string;
  events?: string[];
  where?: RefFilter[];
}

export type RefPeriod = 'day' | 'week' | 'month';

const DAY = 86_400_000;

/** Calendar period of a UTC time as an integer (any anchor works: only differences and labels matter). */
export function refPeriod(ms: number, period: RefPeriod, weekStart: 'monday' | 'sunday' = 'monday'): number {
  const d = new Date(ms);
  if (period === 'month') return d.getUTCFullYear() * 12 + d.getUTCMonth();
  const day = Math.floor(ms / DAY); // 1970-01-01 was a Thursday
  if (period === 'day') return day;
  return Math.floor((day + (weekStart === 'monday' ? 3 : 4)) / 7);
}

export function refLabel(p: number, period: RefPeriod, weekStart: 'monday' | 'sunday' = 'monday'): string {
  let ms: number;
  if (period === 'month') ms = Date.UTC(Math.floor(p / 12), p % 12, 1);
  else if (period === 'day') ms = p * DAY;
  else ms = (p * 7 - (weekStart === 'monday' ? 3 : 4)) * DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Values as text the way the contract shows them (numbers in their shortest form). */
export function refText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? String(v) : String(v);
}

export function refFilterPasses(e: RefEvent, f: RefFilter): boolean {
  const v = e[f.column];
  if (f.op === 'is_null') return v === null || v === undefined;
  if (v === null || v === undefined) return false;
  if (f.op === 'not_null') return true;
  const vals = f.values ?? [];
  const numeric = typeof v === 'number' && vals.every((x) => typeof x === 'number');
  const a: string | number = numeric ? (v as number) : (refText(v) as string);
  const bs = vals.map((x) => (numeric ? (x as number) : String(x)));
  switch (f.op) {
    case '=': return a === bs[0];
    case '!=': return a !== bs[0];
    case '<': return a < bs[0];
    case '<=': return a <= bs[0];
    case '>': return a > bs[0];
    case '>=': return a >= bs[0];
    case 'in': return bs.includes(a);
    case 'not_in': return !bs.includes(a);
    case 'contains': return bs.some((b) => String(a).includes(String(b)));
    case 'starts_with': return bs.some((b) => String(a).startsWith(String(b)));
    case 'not_starts_with': return bs.every((b) => !String(a).startsWith(String(b)));
    case 'not_contains': return bs.every((b) => !String(a).includes(String(b)));
    default: throw new Error(`reference: operator ${f.op} not implemented`);
  }
}

export function refStepMatches(e: RefEvent, s: RefStep): boolean {
  const names = s.events ?? [s.event as string];
  if (!names.includes('*') && (e.event === null || !names.includes(e.event))) return false;
  return (s.where ?? []).every((f) => refFilterPasses(e, f));
}

export interface RefRetentionSpec {
  filters?: RefFilter[];
  range?: { from?: number; to?: number };
  start: RefStep;
  return: RefStep;
  period?: RefPeriod;
  week_start?: 'monday' | 'sunday';
  periods?: number;
  mode?: 'recurring' | 'first_time';
  cumulative?: boolean;
  min_occurrences?: number;
  breakdown?: string;
  /** An order column is mapped (`order_id`): starts and returns are occurrences (contract: Orders). */
  orders?: boolean;
}

/** The rows as occurrences when orders are mapped (order `order_id`, revenue `revenue`). */
export function refCounted(rows: RefEvent[], orders: boolean | undefined): RefEvent[] {
  if (!orders) return rows;
  return refOccurrences(rows, {
    user: (e) => e.user_id,
    event: (e) => e.event,
    order: (e) => e.order_id,
    time: (e) => e.ts,
    row: (e) => e.row_id,
    revenue: (e) => e.revenue,
    withRevenue: (e, revenue) => ({ ...e, revenue })
  });
}

export interface RefCohort {
  start: string;
  size: number;
  retained: (number | null)[];
  incomplete_from: number | null;
}

/** Per (breakdown value, cohort label): the cohort. Without breakdown the value is always null. */
export function refRetention(events: RefEvent[], spec: RefRetentionSpec): Map<string | null, RefCohort[]> {
  const period = spec.period ?? 'week';
  const ws = spec.week_start ?? 'monday';
  const periods = spec.periods ?? 12;
  const minOcc = spec.min_occurrences ?? 1;
  const P = (ms: number) => refPeriod(ms, period, ws);
  const rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  if (rows.length === 0) return new Map();
  const lastP = rows.reduce((m, e) => Math.max(m, P(e.ts)), -Infinity);
  const inRange = (ms: number) => (spec.range?.from === undefined || ms >= spec.range.from) && (spec.range?.to === undefined || ms < spec.range.to);

  // The last period with data is the last row's; starts and returns are occurrences.
  const byUser = new Map<string, RefEvent[]>();
  for (const e of refCounted(rows, spec.orders)) {
    if (!byUser.has(e.user_id)) byUser.set(e.user_id, []);
    byUser.get(e.user_id)!.push(e);
  }
  // (value, cohort period) → counts
  const out = new Map<string | null, Map<number, { size: number; retained: number[] }>>();
  for (const evs of byUser.values()) {
    evs.sort((x, y) => x.ts - y.ts || x.row_id - y.row_id);
    const starts = evs.filter((e) => refStepMatches(e, spec.start));
    // Cohorts of this user: period → the first start event that put them there.
    const cohorts = new Map<number, RefEvent>();
    if ((spec.mode ?? 'recurring') === 'recurring') {
      for (const s of starts) if (inRange(s.ts) && !cohorts.has(P(s.ts))) cohorts.set(P(s.ts), s);
    } else if (starts.length > 0 && inRange(starts[0].ts)) cohorts.set(P(starts[0].ts), starts[0]);
    if (cohorts.size === 0) continue;
    const returnsPerPeriod = new Map<number, number>();
    for (const e of evs) if (refStepMatches(e, spec.return)) returnsPerPeriod.set(P(e.ts), (returnsPerPeriod.get(P(e.ts)) ?? 0) + 1);
    const qualifies = (p: number) => (returnsPerPeriod.get(p) ?? 0) >= minOcc;
    for (const [c, first] of cohorts) {
      const value = spec.breakdown === undefined ? null : refText(first[spec.breakdown]);
      if (!out.has(value)) out.set(value, new Map());
      const g = out.get(value)!;
      if (!g.has(c)) g.set(c, { size: 0, retained: Array(periods + 1).fill(0) });
      const cell = g.get(c)!;
      cell.size++;
      cell.retained[0]++;
      for (let n = 1; n <= periods; n++) {
        let ok = qualifies(c + n);
        if (spec.cumulative) for (let q = c + n + 1; q <= lastP && !ok; q++) ok = qualifies(q);
        if (ok) cell.retained[n]++;
      }
    }
  }
  const result = new Map<string | null, RefCohort[]>();
  for (const [value, g] of out) {
    result.set(
      value,
      [...g.keys()].sort((a, b) => a - b).map((c) => ({
        start: refLabel(c, period, ws),
        size: g.get(c)!.size,
        retained: g.get(c)!.retained.map((v, n) => (c + n > lastP ? null : v)),
        incomplete_from: lastP - c <= periods ? lastP - c : null
      }))
    );
  }
  return result;
}
