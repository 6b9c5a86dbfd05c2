import type { ColumnRef } from '../schema/types';
import { constantOf, isRowRef } from '../ingest/mapping';

/** Select values for the references that are not a column (docs/SPEC.md, column references). */
export const ROW_CHOICE = '__row';
export const CONSTANT_CHOICE = '__constant';

/** A role's select value: its column, `__row` for {"row": true}, `__constant` for {"value": …}, '' for none. */
export function choiceOf(ref: ColumnRef | undefined): string {
  if (ref === undefined) return '';
  if (typeof ref === 'string') return ref;
  if (isRowRef(ref)) return ROW_CHOICE;
  if (constantOf(ref) !== undefined) return CONSTANT_CHOICE;
  return '';
}

/**
 * The reference a select value stands for. A constant keeps the value it had (switching back and
 * forth loses nothing), else starts from `fallback`.
 */
export function refOf(choice: string, current: ColumnRef | undefined, fallback: string): ColumnRef | undefined {
  if (choice === '') return undefined;
  if (choice === ROW_CHOICE) return { row: true };
  if (choice === CONSTANT_CHOICE) return { value: constantOf(current) ?? fallback };
  return choice;
}

/** Today as `YYYY-MM-DD` (UTC), the first value offered for a constant time. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
