import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from './extremes';

describe('maxOf / minOf', () => {
  it('take 200k values, where spreading them into Math.max throws RangeError', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 200_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect([maxOf(values), minOf(values)]).toEqual([values.reduce((a, b) => (b > a ? b : a)), 0]);
  });

  it('keep the floor or ceiling given (the spread form Math.max(1, ...xs)), also for no values', () => {
    expect([maxOf([0.2, 0.5], 1), maxOf([], 0), minOf([3, 2], 0), minOf([])]).toEqual([1, 0, 0, Infinity]);
    expect([maxOf([-3, NaN, -1]), minOf([4, NaN, 2])]).toEqual([-1, 2]);
  });
});
