import { ANALYSES, NO_VALUE_OPS, ONE_VALUE_OPS, UNIT_SECONDS } from '../schema/schema';
import type { DateRange, Filter, FilterOp, Window } from '../schema/types';
import type { ValueCount } from '../sql/values';
import { FILTER_OP_LABELS } from './option-labels';

export type { ValueCount };

/**
 * The words the page shows for filters, ranges and windows (chips, chart headers), and the pure
 * steps of the filter editor. No Svelte here: unit-tested in filter-text.test.ts.
 */

const valueText = (v: string | number | boolean) => (typeof v === 'string' ? `"${v}"` : String(v));

/** `Invoice does not start with "C"`, `Quantity is more than 0`, `Customer ID is missing`. */
export function filterText(f: Filter): string {
  const values = f.values ?? [];
  const said = values.length ? ' ' + values.map(valueText).join(', ') : '';
  return `${f.column} ${FILTER_OP_LABELS[f.op]}${(NO_VALUE_OPS as readonly string[]).includes(f.op) ? '' : said}`;
}

/** A range as dates (UTC, start included, end excluded); null when it bounds nothing. */
export function rangeText(r: DateRange | undefined): string | null {
  if (!r || (!r.from && !r.to)) return null;
  return `${r.from ?? 'the start'} to ${r.to ?? 'the end'} (UTC, end excluded)`;
}

const ORDER_WORDS = { ordered: 'steps in order', strict: 'steps strictly in order', unordered: 'steps in any order' } as const;

/** `within 14 days`, `within 1 hour`, `no time limit` (a window of null). */
export function windowText(w: Window | null): string {
  if (!w) return 'no time limit';
  const unit = w.unit as keyof typeof UNIT_SECONDS;
  return `within ${w.value.toLocaleString('en')} ${unit}${w.value === 1 ? '' : 's'}`;
}

/**
 * What a funnel or the stage funnel counts within: its window and its order, the schema's
 * defaults filled in (a funnel's 14 days, the stage funnel's no limit), e.g.
 * "within 14 days · steps in order". Two charts with different windows say so in their headers.
 */
export function funnelWindowText(a: { kind: 'funnel' | 'stages'; window?: Window | null; order?: keyof typeof ORDER_WORDS }): string {
  const shape = ANALYSES[a.kind].shape;
  const window = a.window === undefined ? (shape.window.default as Window | null) : a.window;
  const order = a.order ?? (shape.order.default as keyof typeof ORDER_WORDS);
  return `${windowText(window)} · ${ORDER_WORDS[order]}`;
}

/** How many values an operator takes: none, exactly one, or one or more. */
export function valueArity(op: FilterOp): 0 | 1 | 'many' {
  if ((NO_VALUE_OPS as readonly string[]).includes(op)) return 0;
  if ((ONE_VALUE_OPS as readonly string[]).includes(op)) return 1;
  return 'many';
}

/**
 * A typed value as the filter holds it: a number when the column is numeric and the text is a
 * plain number (the comparison is then numeric, SPEC.md "Numbers or text"), else the text as typed.
 */
export function typedValue(text: string, numeric: boolean): string | number {
  const t = text.trim();
  return numeric && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) && Number.isFinite(Number(t)) ? Number(t) : text;
}

/** The filter an editor's choices make, or what is missing, in plain words. */
export function draftFilter(column: string, op: FilterOp, values: string[], numeric: boolean): { filter: Filter } | { error: string } {
  if (!column) return { error: 'Choose a column.' };
  const arity = valueArity(op);
  if (arity === 0) return { filter: { column, op } };
  const kept = values.filter((v) => v !== '');
  if (kept.length === 0) return { error: `Give a value for "${FILTER_OP_LABELS[op]}".` };
  if (arity === 1 && kept.length > 1) return { error: `"${FILTER_OP_LABELS[op]}" takes one value; remove ${kept.length - 1}.` };
  return { filter: { column, op, values: kept.map((v) => typedValue(v, numeric)) } };
}


/**
 * The picker's options: values containing the typed text (any case), in the order given (most
 * frequent first), at most `limit`.
 */
export function matchingValues(list: readonly ValueCount[], typed: string, limit = 50): ValueCount[] {
  const t = typed.trim().toLowerCase();
  const out: ValueCount[] = [];
  for (const v of list) {
    if (out.length >= limit) break;
    if (t === '' || v.value.toLowerCase().includes(t)) out.push(v);
  }
  return out;
}
