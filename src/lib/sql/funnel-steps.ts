import type { Step } from '../spec/types';
import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import { Fragment, join, lit, raw } from './quote';

/** The event names a step matches; `"*"` anywhere means any event (null names included). */
export function stepNames(step: Step): string[] {
  return step.events ?? (step.event !== undefined ? [step.event] : []);
}

/** A step (or exclusion) as a boolean over an `events` row: its name(s) and its `where`. */
export function stepMatchSql(schema: EventSchema, step: Step, field: string): Fragment {
  const names = stepNames(step);
  const name = names.includes('*')
    ? 'TRUE'
    : names.length === 1
      ? `"event" = ${lit(names[0])}`
      : `"event" IN (${join(names.map((n) => lit(n)))})`;
  return raw(`(${name} AND ${filtersSql(schema, step.where, `${field}.where`)})`);
}

/**
 * The label shown for a step: its `label`, else its event names joined with ", ", with `"*"`
 * shown as "any event" (so `{"events": ["a", "b"]}` is "a, b" and `{"event": "*"}` "any event").
 */
export function stepLabel(step: Step): string {
  if (step.label !== undefined) return step.label;
  return stepNames(step)
    .map((n) => (n === '*' ? 'any event' : n))
    .join(', ');
}
