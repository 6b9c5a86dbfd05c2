import { describe, expect, it } from 'vitest';
import { CONSTANT_CHOICE, ROW_CHOICE, choiceOf, refOf, today } from './column-choice';

describe('column choices of the mapper', () => {
  it('names a column, the row, a constant or nothing', () => {
    expect(choiceOf('customer_id')).toBe('customer_id');
    expect(choiceOf({ row: true })).toBe(ROW_CHOICE);
    expect(choiceOf({ value: '2008-03-01' })).toBe(CONSTANT_CHOICE);
    expect(choiceOf(undefined)).toBe('');
    expect(choiceOf({ product: ['price', 'qty'] })).toBe('');
  });

  it('turns a choice back into the spec reference, keeping a constant already typed', () => {
    expect(refOf(ROW_CHOICE, 'id', 'x')).toEqual({ row: true });
    expect(refOf(CONSTANT_CHOICE, { value: '2008-03-01' }, '2020-01-01')).toEqual({ value: '2008-03-01' });
    expect(refOf(CONSTANT_CHOICE, 'date', '2020-01-01')).toEqual({ value: '2020-01-01' });
    expect(refOf('date', { value: '2008-03-01' }, 'x')).toBe('date');
    expect(refOf('', 'date', 'x')).toBeUndefined();
  });

  it('offers today as YYYY-MM-DD in UTC', () => {
    expect(today(new Date('2026-12-06T23:30:00-05:00'))).toBe('2026-12-07');
  });
});
