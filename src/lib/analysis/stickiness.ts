import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { mapsOrders } from '../sql/occurrences';
import { stickinessSql } from '../sql/stickiness';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Spec } from '../schema/types';
import { incompleteFrom } from './lifecycle';

/** The `stickiness` kind of docs/ENGAGEMENT.md; fields and defaults are the schema's. */
export type StickinessAnalysis = AnalysisOf<'stickiness'>;

export type StickinessSpec = Omit<Spec, 'analysis'> & { analysis: StickinessAnalysis };

export interface StickinessPeriod {
  start: string;
  /** Calendar days in the period (7 for a week, 28–31 for a month). */
  days_in_period: number;
  /** Users with at least one active day in the period. */
  users: number;
  /** `days[k-1]`: users active on exactly k days (or at least k with `cumulative`); `days_in_period` entries. */
  days: number[];
  /** Mean active days over `users`; null when no user was active. */
  mean_days: number | null;
}

export interface StickinessResult {
  kind: 'stickiness';
  period: 'week' | 'month';
  cumulative: boolean;
  periods: StickinessPeriod[];
  incomplete_from: number | null;
}

interface Row {
  p: number;
  start: string;
  length: number;
  k: number | null;
  users: number;
  last_p: number;
}

export async function runStickiness(engine: Engine, schema: EventSchema, input: Spec): Promise<StickinessResult> {
  const spec = parseSpec(input);
  const a = expectKind(spec, 'stickiness');
  const cal = { period: a.period, weekStart: a.week_start };
  const periods = a.periods;
  const cumulative = a.cumulative;
  const rows = await engine.query<Row & Record<string, unknown>>(stickinessSql(schema, spec, { cal, periods, activity: a.activity, orders: mapsOrders(spec) }));

  // Rows come ordered by period, then k: one period's rows are consecutive.
  const out: (StickinessPeriod & { p: number; last_p: number })[] = [];
  for (const r of rows) {
    let cur = out[out.length - 1];
    if (!cur || cur.p !== r.p) {
      cur = { p: r.p, last_p: r.last_p, start: r.start, days_in_period: r.length, users: 0, days: Array(r.length).fill(0), mean_days: null };
      out.push(cur);
    }
    if (r.k !== null) {
      cur.days[r.k - 1] = r.users;
      cur.users += r.users;
    }
  }
  for (const x of out) {
    const sum = x.days.reduce((s, n, i) => s + n * (i + 1), 0);
    x.mean_days = x.users === 0 ? null : sum / x.users;
    // "At least k" is the running sum from the longest streak down.
    if (cumulative) for (let i = x.days.length - 2; i >= 0; i--) x.days[i] += x.days[i + 1];
  }
  return {
    kind: 'stickiness',
    period: a.period,
    cumulative,
    periods: out.map(({ p: _p, last_p: _l, ...rest }) => rest),
    incomplete_from: incompleteFrom(out)
  };
}
