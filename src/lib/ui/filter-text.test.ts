import { describe, expect, it } from 'vitest';
import { FILTER_OPS } from '../schema/schema';
import { draftFilter, filterText, funnelWindowText, matchingValues, rangeText, typedValue, valueArity, windowText } from './filter-text';
import { FILTER_OP_LABELS } from './option-labels';

describe('filter chip text', () => {
  it('says a filter in words: column, operator, values (text quoted, numbers bare)', () => {
    expect(filterText({ column: 'Invoice', op: 'not_starts_with', values: ['C'] })).toBe('Invoice does not start with "C"');
    expect(filterText({ column: 'Quantity', op: '>', values: [0] })).toBe('Quantity is more than 0');
    expect(filterText({ column: 'Quantity', op: '<=', values: [0] })).toBe('Quantity is at most 0');
    expect(filterText({ column: 'Country', op: 'in', values: ['Norway', 'France'] })).toBe('Country is any of "Norway", "France"');
    expect(filterText({ column: 'Customer ID', op: 'is_null' })).toBe('Customer ID is missing');
    expect(filterText({ column: 'flag', op: '=', values: [true] })).toBe('flag is true');
    // Text that looks like a number stays visibly text: it compares as text (SPEC.md).
    expect(filterText({ column: 'amount', op: '>', values: ['9'] })).toBe('amount is more than "9"');
  });

  it('has a distinct label for every operator of the schema', () => {
    const labels = FILTER_OPS.map((o) => FILTER_OP_LABELS[o]);
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(FILTER_OPS.length);
  });

  it('says a range with its bounds, open ends named, and nothing for an empty one', () => {
    expect(rangeText({ from: '2010-01-01', to: '2010-07-01' })).toBe('2010-01-01 to 2010-07-01 (UTC, end excluded)');
    expect(rangeText({ from: '2010-01-01' })).toBe('2010-01-01 to the end (UTC, end excluded)');
    expect(rangeText({ to: '2010-07-01' })).toBe('the start to 2010-07-01 (UTC, end excluded)');
    expect(rangeText({})).toBeNull();
    expect(rangeText(undefined)).toBeNull();
  });
});

describe('window headers', () => {
  it('says the window, singular or plural, or no time limit', () => {
    expect(windowText({ value: 14, unit: 'day' })).toBe('within 14 days');
    expect(windowText({ value: 1, unit: 'hour' })).toBe('within 1 hour');
    expect(windowText({ value: 1.5, unit: 'week' })).toBe('within 1.5 weeks');
    expect(windowText(null)).toBe('no time limit');
  });

  it("fills in each kind's own default: a funnel's 14 days, the stage funnel's none", () => {
    expect(funnelWindowText({ kind: 'funnel' })).toBe('within 14 days · steps in order');
    expect(funnelWindowText({ kind: 'stages' })).toBe('no time limit · steps in order');
    expect(funnelWindowText({ kind: 'funnel', window: null, order: 'strict' })).toBe('no time limit · steps strictly in order');
    expect(funnelWindowText({ kind: 'stages', window: { value: 30, unit: 'day' }, order: 'unordered' })).toBe('within 30 days · steps in any order');
  });
});

describe('the filter editor', () => {
  it('knows how many values each operator takes', () => {
    expect(valueArity('is_null')).toBe(0);
    expect(valueArity('not_null')).toBe(0);
    expect(valueArity('<=')).toBe(1);
    expect(valueArity('in')).toBe('many');
    expect(valueArity('not_starts_with')).toBe('many');
  });

  it('reads a typed number as a number only on a numeric column', () => {
    expect(typedValue('0', true)).toBe(0);
    expect(typedValue('-2.5', true)).toBe(-2.5);
    expect(typedValue('1e3', true)).toBe(1000);
    expect(typedValue('0', false)).toBe('0');
    expect(typedValue('12a', true)).toBe('12a');
    // Text keeps its spaces: a value is data.
    expect(typedValue(' C ', false)).toBe(' C ');
  });

  it('makes the filter, or says in words what is missing', () => {
    expect(draftFilter('Invoice', 'not_starts_with', ['C'], false)).toEqual({ filter: { column: 'Invoice', op: 'not_starts_with', values: ['C'] } });
    expect(draftFilter('Quantity', '>', ['0'], true)).toEqual({ filter: { column: 'Quantity', op: '>', values: [0] } });
    expect(draftFilter('Country', 'is_null', ['ignored'], false)).toEqual({ filter: { column: 'Country', op: 'is_null' } });
    expect(draftFilter('', '=', ['x'], false)).toEqual({ error: 'Choose a column.' });
    expect(draftFilter('Country', '=', [], false)).toEqual({ error: 'Give a value for "is".' });
    expect(draftFilter('Country', '=', ['', ''], false)).toEqual({ error: 'Give a value for "is".' });
    expect(draftFilter('Country', '=', ['a', 'b'], false)).toEqual({ error: '"is" takes one value; remove 1.' });
    expect(draftFilter('Country', 'in', ['a', 'b'], false)).toEqual({ filter: { column: 'Country', op: 'in', values: ['a', 'b'] } });
  });

  it('lists the values containing the typed text (any case), most frequent first, at most the limit', () => {
    const list = [
      { value: 'United Kingdom', count: 900 },
      { value: 'Germany', count: 50 },
      { value: 'Norway', count: 20 },
      { value: 'United Arab Emirates', count: 5 }
    ];
    expect(matchingValues(list, '')).toEqual(list);
    expect(matchingValues(list, 'united').map((v) => v.value)).toEqual(['United Kingdom', 'United Arab Emirates']);
    expect(matchingValues(list, ' NOR ').map((v) => v.value)).toEqual(['Norway']);
    expect(matchingValues(list, 'n', 2).map((v) => v.value)).toEqual(['United Kingdom', 'Germany']);
    expect(matchingValues(list, 'zz')).toEqual([]);
  });
});
