import type { AnalysisOf } from '../schema/types';

/** One experiment outcome (docs/JOURNEY.md, "Outcomes"): a column summed per user, or a step done. */
export type Outcome = AnalysisOf<'experiment'>['outcomes'][number];

/**
 * The select value of an outcome: `column:<name>` or `event:<name>` for the simple ones, '' for
 * one the select cannot show (several events, conditions, a label): it is kept until replaced.
 */
export function outcomeChoice(o: Outcome): string {
  const keys = Object.keys(o);
  if ('column' in o && keys.length === 1) return `column:${o.column}`;
  if ('event' in o && typeof o.event === 'string' && keys.length === 1) return `event:${o.event}`;
  return '';
}

/** The outcome a select value stands for (see outcomeChoice); undefined for ''. */
export function outcomeOf(choice: string): Outcome | undefined {
  const m = /^(column|event):(.*)$/s.exec(choice);
  if (!m) return undefined;
  return m[1] === 'column' ? { column: m[2] } : { event: m[2] };
}
