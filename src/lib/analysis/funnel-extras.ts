import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { conversionTrendSql } from '../sql/funnel-trend';
import { dropOffSql, dropOffUsersSql } from '../sql/funnel-dropoff';
import type { FunnelPlan } from '../sql/funnel-plan';
import { timeToConvertSql } from '../sql/funnel-time';
import { PERIODS, WEEK_STARTS } from '../schema/schema';
import { oneOf } from '../schema/schema-nodes';
import { SpecError } from '../schema/errors';
import type { FunnelAnalysis, Period, Spec } from '../schema/types';
import { expectKind, parseSpec } from '../schema/parse';
import { funnelPlan } from './funnel';
import { binsFromCounts, LADDER, linearEdges, wantsLinear, type Bin } from './funnel-bins';

/**
 * The funnel's extra questions (docs/FUNNELS.md): time to convert between two steps, conversion
 * by period of entry, and where users who stopped at a step went next. Each is one statement over
 * the same per-user best attempt as the funnel itself (src/lib/sql/funnel-best.ts), so the users
 * they describe are exactly the users the funnel counts (honouring `immature`).
 */

/** The funnel spec's plan, with users still converting always marked (counts unchanged). */
export function extrasPlan(spec: Spec): FunnelPlan {
  const s = parseSpec(spec);
  const a = expectKind(s, 'funnel');
  return { ...funnelPlan(s, a, a.steps), immature: a.immature ?? 'include' };
}

function wholeNumber(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SpecError(`${field}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface TimeToConvert {
  from_step: number;
  to_step: number;
  /** Users who reached `to_step` (and count): the histogram's total. */
  users: number;
  min_seconds: number | null;
  max_seconds: number | null;
  avg_seconds: number | null;
  median_seconds: number | null;
  scale: 'ladder' | 'linear';
  bins: Bin[];
}

/** Seconds from step `from` to step `to` (from < to), binned; see funnel-bins.ts for the bins. */
export async function runTimeToConvert(engine: Engine, schema: EventSchema, spec: Spec, from: number, to: number): Promise<TimeToConvert> {
  const plan = extrasPlan(spec);
  const n = plan.steps.length;
  wholeNumber(to, 'to_step', 2, n);
  wholeNumber(from, 'from_step', 1, to - 1);
  const query = async (edges: readonly number[]) => {
    const rows = await engine.query(timeToConvertSql(schema, plan, from, to, [...edges]));
    const counts = new Map(rows.filter((r) => num(r.total) === 0).map((r) => [num(r.bin), num(r.users)]));
    return { summary: rows.find((r) => num(r.total) === 1), counts };
  };
  let { summary, counts } = await query(LADDER);
  const lo = numOrNull(summary?.lo);
  const hi = numOrNull(summary?.hi);
  let bins = binsFromCounts(LADDER, counts, true);
  let scale: TimeToConvert['scale'] = 'ladder';
  if (lo !== null && hi !== null && wantsLinear(counts, lo, hi)) {
    const edges = linearEdges(lo, hi);
    ({ counts } = await query(edges));
    bins = binsFromCounts(edges, counts, false);
    scale = 'linear';
  }
  return {
    from_step: from,
    to_step: to,
    users: num(summary?.users),
    min_seconds: lo,
    max_seconds: hi,
    avg_seconds: numOrNull(summary?.mean),
    median_seconds: numOrNull(summary?.med),
    scale,
    bins
  };
}

export interface TrendPeriod {
  /** First day of the period (ISO date). */
  start: string;
  /** Users who entered (step 1) in this period and count. */
  users: number;
  /** Users at each step (index k − 1). */
  steps: number[];
  /** steps[k] / users; null when the period has no users. */
  conversion: (number | null)[];
  /** Users of this period still converting (counted in `users` unless `immature: "exclude"`). */
  still_converting: number;
  /** The same users by their furthest step (index k − 1). */
  still_converting_at: number[];
}

export interface ConversionTrend {
  period: Period;
  periods: TrendPeriod[];
}

/** Conversion by calendar period of entry (the counted attempt's step-1 time, UTC). */
export async function runConversionTrend(
  engine: Engine,
  schema: EventSchema,
  spec: Spec,
  period: Period = 'week',
  weekStart: 'monday' | 'sunday' = 'monday'
): Promise<ConversionTrend> {
  const plan = extrasPlan(spec);
  const cal = { period: oneOf(PERIODS).parse(period, 'trend', 'strict'), weekStart: oneOf(WEEK_STARTS).parse(weekStart, 'trend.week_start', 'strict') };
  const n = plan.steps.length;
  const rows = await engine.query(conversionTrendSql(schema, plan, cal));
  return {
    period: cal.period,
    periods: rows.map((r) => {
      const steps = Array.from({ length: n }, (_, i) => num(r[`c${i + 1}`]));
      const at = Array.from({ length: n }, (_, i) => num(r[`p${i + 1}`]));
      return {
        start: String(r.start),
        users: steps[0],
        steps,
        conversion: steps.map((c) => (steps[0] === 0 ? null : c / steps[0])),
        still_converting: at.reduce((a, b) => a + b, 0),
        still_converting_at: at
      };
    })
  };
}

export interface NextEvents {
  /** Names of the next events, in time order (fewer than `depth` when the user did less). */
  events: (string | null)[];
  users: number;
  still_converting: number;
}

export interface DropOff {
  step: number;
  depth: number;
  /** Users whose furthest step is `step` (and count). */
  users: number;
  still_converting: number;
  /** Distinct sequences; `next` holds the `top` largest. */
  sequences: number;
  next: NextEvents[];
}

function dropArgs(plan: FunnelPlan, step: number, depth: number): void {
  wholeNumber(step, 'step', 1, Math.max(1, plan.steps.length - 1));
  wholeNumber(depth, 'depth', 1, 3);
}

/** What users who reached `step` but not the next one did next: sequences of `depth` event names. */
export async function runDropOff(engine: Engine, schema: EventSchema, spec: Spec, step: number, depth = 1, top = 20): Promise<DropOff> {
  const plan = extrasPlan(spec);
  dropArgs(plan, step, depth);
  wholeNumber(top, 'top', 1, 1000);
  const rows = await engine.query(dropOffSql(schema, plan, step, depth, top));
  return {
    step,
    depth,
    users: num(rows[0]?.total),
    still_converting: num(rows[0]?.total_pend),
    sequences: num(rows[0]?.groups),
    next: rows.map((r) => ({ events: (r.nxt as (string | null)[]) ?? [], users: num(r.users), still_converting: num(r.pend) }))
  };
}

export interface DroppedUser {
  user_id: string;
  /** The step's time, UTC, `YYYY-MM-DD HH:MM:SS`. */
  step_time: string;
  still_converting: boolean;
  next: (string | null)[];
}

export const DROPPED_USERS_LIMIT = 100_000;

/** The dropped users themselves (by user id), at most `limit`: the CSV export's rows. */
export async function runDroppedUsers(
  engine: Engine,
  schema: EventSchema,
  spec: Spec,
  step: number,
  depth = 3,
  limit = DROPPED_USERS_LIMIT
): Promise<{ total: number; users: DroppedUser[] }> {
  const plan = extrasPlan(spec);
  dropArgs(plan, step, depth);
  wholeNumber(limit, 'limit', 1, DROPPED_USERS_LIMIT);
  const rows = await engine.query(dropOffUsersSql(schema, plan, step, depth, limit));
  return {
    total: num(rows[0]?.total),
    users: rows.map((r) => ({
      user_id: String(r.user_id),
      step_time: String(r.step_time),
      still_converting: Boolean(r.pending),
      next: (r.nxt as (string | null)[]) ?? []
    }))
  };
}
