import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { lifecycleSql } from '../sql/lifecycle';
import { mapsOrders } from '../sql/occurrences';
import { calendar } from '../sql/period';
import { periodCount } from '../sql/period-span';
import { SpecError } from '../spec/errors';
import type { Period, Spec, Step } from '../spec/types';

/** The `lifecycle` kind of docs/ENGAGEMENT.md. */
export interface LifecycleAnalysis {
  kind: 'lifecycle';
  /** What makes a user active in a period; omitted: any event. */
  activity?: Step;
  period?: Period;
  week_start?: 'monday' | 'sunday';
  /** At most this many reported periods, the latest ones. */
  periods?: number;
}

export type LifecycleSpec = Omit<Spec, 'analysis'> & { analysis: LifecycleAnalysis };

export interface LifecyclePeriod {
  /** The period's first day, ISO `YYYY-MM-DD`. */
  start: string;
  new: number;
  returning: number;
  resurrecting: number;
  /** A count (≥ 0): users active in the period before and not in this one. Charts draw it below zero. */
  dormant: number;
  /** new + returning + resurrecting: the users active in the period. */
  active: number;
}

export interface LifecycleResult {
  kind: 'lifecycle';
  period: Period;
  periods: LifecyclePeriod[];
  /** Index in `periods` of the period holding the data's last row (still running); null if not shown. */
  incomplete_from: number | null;
}

export const LIFECYCLE_DEFAULTS = { period: 'week', week_start: 'monday', periods: 12 } as const;

interface Row {
  p: number;
  start: string;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
  last_p: number;
}

export async function runLifecycle(engine: Engine, schema: EventSchema, spec: LifecycleSpec): Promise<LifecycleResult> {
  const a = spec.analysis;
  if (a.kind !== 'lifecycle') throw new SpecError('analysis.kind: expected "lifecycle"', 'analysis.kind');
  const cal = calendar(a.period ?? LIFECYCLE_DEFAULTS.period, a.week_start ?? LIFECYCLE_DEFAULTS.week_start, 'analysis');
  const periods = periodCount(a.periods, LIFECYCLE_DEFAULTS.periods, 'analysis.periods');
  const q = lifecycleSql(schema, spec, { cal, periods, activity: a.activity, orders: mapsOrders(spec) });
  const rows = await engine.query<Row & Record<string, unknown>>(q.text);
  return {
    kind: 'lifecycle',
    period: cal.period,
    periods: rows.map((r) => ({
      start: r.start,
      new: r.new,
      returning: r.returning,
      resurrecting: r.resurrecting,
      dormant: r.dormant,
      active: r.new + r.returning + r.resurrecting
    })),
    incomplete_from: incompleteFrom(rows)
  };
}

/** The index of the reported period that holds the data's last row, if it is reported. */
export function incompleteFrom(rows: readonly { p: number; last_p: number }[]): number | null {
  const i = rows.findIndex((r) => r.p === r.last_p);
  return i < 0 ? null : i;
}
