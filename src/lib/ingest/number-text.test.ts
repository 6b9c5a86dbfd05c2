import { describe, expect, it } from 'vitest';
import { classify, currencies, mayBeNumbers } from './number-text';

describe('classify', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['N/A', 'token'],
    ['#N/A', 'token'],
    ['NaN', 'token'],
    ['-', 'token'],
    ['NULL', 'token'],
    ['12.5', 'plain'],
    ['-1e6', 'plain'],
    ['$1,200.00', 'unit'],
    ['-$5', 'unit'],
    ['USD 10', 'unit'],
    ['10 EUR', 'unit'],
    ['£45.10', 'unit'],
    ['2.5%', 'unit'],
    ['1,234.56', 'unit'],
    ['1.234,56', 'other'],
    ['12,34', 'other'],
    ['Infinity', 'other'],
    ['u1', 'other'],
    ['$', 'other'],
    ['10 apples', 'other']
  ])('%j is %s', (v, kind) => expect(classify(v)).toBe(kind));
});

describe('mayBeNumbers', () => {
  it('takes numbers with "no value" cells or units', () => {
    expect(mayBeNumbers(['', 'NULL', 'N/A', '12.5'])).toBe(true);
    expect(mayBeNumbers(['$1,200.00', '€300'])).toBe(true);
    expect(mayBeNumbers(['2.5%', 'n/a'])).toBe(true);
  });
  it('leaves text, "no value" cells alone, and plain integers (long ids) alone', () => {
    expect(mayBeNumbers(['DE', 'NA', 'FR'])).toBe(false);
    expect(mayBeNumbers(['N/A', '-'])).toBe(false);
    expect(mayBeNumbers(['9007199254740993', '42'])).toBe(false);
    expect(mayBeNumbers(['12', 'abc'])).toBe(false);
  });
});

it('currencies names the signs and codes of a value', () => {
  expect(currencies('$1,200.00')).toEqual(['$']);
  expect(currencies('USD 10')).toEqual(['USD']);
  expect(currencies('2.5%')).toEqual([]);
});
