import type { Filter, Step } from '../schema/types';
import { SpecError } from '../schema/errors';
import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import { stepMatchSql } from './funnel-steps';
import { periodIndex, type Calendar } from './period';
import { lit, raw, type Fragment } from './quote';
import { rangeCondition } from './retention';

/**
 * The reported periods shared by lifecycle, stickiness and engagement (docs/ENGAGEMENT.md,
 * "Which periods are reported"): from the period of the first activity occurrence inside `range`
 * to the period of the last one, at most the last `periods` of them. `range` only picks these
 * periods; every reported period is then counted over its whole calendar span and over the
 * user's whole history before it.
 */
export interface SpanSpec {
  filters?: Filter[];
  range?: { from?: string; to?: string };
}

/** The `activity` step as a condition on an occurrence row; omitted = any event. */
export function activitySql(schema: EventSchema, activity: Step | undefined): Fragment {
  return activity === undefined ? raw('TRUE') : checkedStepSql(schema, activity, 'analysis.activity');
}

/**
 * A step object of these kinds as a condition, after the checks a link's schema may not have made
 * yet (a step naming no event would otherwise become invalid SQL rather than an error).
 */
export function checkedStepSql(schema: EventSchema, step: Step, field: string): Fragment {
  const names = step && typeof step === 'object' ? (step.events ?? (step.event !== undefined ? [step.event] : [])) : [];
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) {
    throw new SpecError(`${field}: a step names an event ({"event": "purchase"}, {"events": [...]} or {"event": "*"})`, field);
  }
  return stepMatchSql(schema, step, field);
}

/**
 * CTEs `bounds(last_p, last_ts)` (the data's last row after filters and its period, which is
 * still running) and `span(s, e)` (first and last reported period; both NULL when no activity lies in
 * `range`). `act` is a relation of activity occurrences with columns `p` (period) and `ts`.
 */
export function spanCtes(schema: EventSchema, spec: SpanSpec, cal: Calendar, periods: number, act: string): Fragment {
  const p = periodIndex(cal, 'ts').text;
  return raw(`bounds AS (SELECT max(${p}) AS last_p, max(ts) AS last_ts FROM events WHERE ${filtersSql(schema, spec.filters, 'filters').text}),
span AS (
  SELECT greatest(min(p), max(p) - ${lit(periods - 1).text}) AS s, max(p) AS e
  FROM ${act} WHERE ${rangeCondition(spec)})`);
}
