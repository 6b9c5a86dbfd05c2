import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { lifecycleSql } from '../sql/lifecycle';
import { mapsOrders } from '../sql/occurrences';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Period, Spec } from '../schema/types';

/** The `lifecycle` kind of docs/ENGAGEMENT.md; fields and defaults are the schema's. */
export type LifecycleAnalysis = AnalysisOf<'lifecycle'>;

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

interface Row {
  p: number;
  start: string;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
  last_p: number;
}

export async function runLifecycle(engine: Engine, schema: EventSchema, input: Spec): Promise<LifecycleResult> {
  const spec = parseSpec(input);
  const a = expectKind(spec, 'lifecycle');
  const cal = { period: a.period, weekStart: a.week_start };
  const q = lifecycleSql(schema, spec, { cal, periods: a.periods, activity: a.activity, orders: mapsOrders(spec) });
  const rows = await engine.query<Row & Record<string, unknown>>(q);
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
