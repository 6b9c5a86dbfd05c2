import type { Step } from '../schema/types';
import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import { Fragment, join, lit, raw } from './quote';

/** The event names a step matches; `"*"` anywhere means any event (null names included). */
export function stepNames(step: Step): string[] {
  return step.events ?? (step.event !== undefined ? [step.event] : []);
}

/**
 * Steps (1-based) grouped by whether they can share an event: their names overlap, or one is
 * `"*"`, directly or through other steps of the group. A `where` only narrows a step, so it is
 * not looked at: steps of different groups never match the same event.
 */
export function overlapGroups(steps: Step[]): number[][] {
  const names = steps.map(stepNames);
  const overlap = (a: number, b: number) =>
    names[a].includes('*') || names[b].includes('*') || names[a].some((x) => names[b].includes(x));
  const group = steps.map((_, i) => i);
  const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
  for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) if (overlap(a, b)) group[find(a)] = find(b);
  const out = new Map<number, number[]>();
  steps.forEach((_, i) => out.set(find(i), [...(out.get(find(i)) ?? []), i + 1]));
  return [...out.values()];
}

/** A step (or exclusion) as a boolean over an `events` row: its name(s) and its `where`. */
export function stepMatchSql(schema: EventSchema, step: Step, field: string): Fragment {
  const names = stepNames(step);
  const name = names.includes('*')
    ? 'TRUE'
    : names.length === 1
      ? `"event" = ${lit(names[0]).text}`
      : `"event" IN (${join(names.map((n) => lit(n))).text})`;
  return raw(`(${name} AND ${filtersSql(schema, step.where, `${field}.where`).text})`);
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
