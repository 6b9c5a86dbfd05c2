import type { Exclusion, FunnelAnalysis } from '../schema/types';
import { filterText } from './filter-text';

/**
 * A funnel's exclusions in words and kept valid while its steps change (pure; the builder and the
 * panel's chips read it). An exclusion voids an attempt with a matching occurrence between its
 * two steps (SPEC.md, Exclusions).
 */

/** `no "refund" between step 1 and step 3`, `no any event where Country is "Norway" between …`. */
export function exclusionText(x: Exclusion): string {
  const names = x.events ?? (x.event !== undefined ? [x.event] : []);
  const what = names.length === 1 && names[0] === '*' ? 'any event' : names.map((n) => (n === '*' ? 'any event' : `"${n}"`)).join(' or ');
  const where = x.where?.length ? ` where ${x.where.map(filterText).join(' and ')}` : '';
  return `no ${what}${where} between step ${x.from_step} and step ${x.to_step}`;
}

/**
 * A new exclusion for `analysis`: an event that is none of its steps' when there is one (excluding
 * a step's own event is rarely meant), spanning every step (the only span an unordered funnel
 * allows); null when the funnel has fewer than two steps.
 */
export function newExclusion(analysis: FunnelAnalysis, events: readonly string[]): Exclusion | null {
  const n = analysis.steps.length;
  if (n < 2) return null;
  const used = new Set(analysis.steps.flatMap((s) => s.events ?? (s.event !== undefined ? [s.event] : [])));
  const event = events.find((e) => !used.has(e)) ?? events[0] ?? '*';
  return { event, from_step: 1, to_step: n };
}

/**
 * The exclusions as they still fit `steps` steps (after a step was removed or the order changed):
 * bounds pulled inside the steps, an unordered funnel's spanning them all, none below two steps.
 */
export function fitExclusions(list: readonly Exclusion[] | undefined, steps: number, order: FunnelAnalysis['order']): Exclusion[] | undefined {
  if (!list?.length) return list as Exclusion[] | undefined;
  if (steps < 2) return undefined;
  return list.map((x) => {
    if (order === 'unordered') return { ...x, from_step: 1, to_step: steps };
    const to = Math.min(Math.max(x.to_step, 2), steps);
    const from = Math.min(Math.max(x.from_step, 1), to - 1);
    return { ...x, from_step: from, to_step: to };
  });
}
