import { describe, expect, it } from 'vitest';
import { binsFromCounts, LADDER, linearEdges, niceStep, wantsLinear } from './funnel-bins';

describe('time-to-convert bins', () => {
  it('the ladder rises 1.4–2.5× per rung after 0', () => {
    for (let i = 2; i < LADDER.length; i++) {
      const r = LADDER[i] / LADDER[i - 1];
      expect(r, `${LADDER[i - 1]} → ${LADDER[i]}`).toBeGreaterThanOrEqual(1.4);
      expect(r).toBeLessThanOrEqual(2.5);
    }
  });

  it('nice steps are 1, 2 or 5 × 10^k', () => {
    expect([niceStep(82800, 10), niceStep(9, 10), niceStep(150, 10), niceStep(0.35, 10)]).toEqual([10000, 1, 20, 0.05]);
  });

  it('even edges start at a multiple of the step and end above the maximum', () => {
    expect(linearEdges(3600, 86400)).toEqual([0, 10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000]);
    expect(linearEdges(120, 125)).toEqual([120, 120.5, 121, 121.5, 122, 122.5, 123, 123.5, 124, 124.5, 125, 125.5]);
  });

  it('bins run from the first to the last non-empty one; the ladder top is open', () => {
    expect(binsFromCounts([0, 1, 2, 5], new Map([[1, 3], [3, 1]]), true)).toEqual([
      { from_seconds: 1, to_seconds: 2, users: 3 },
      { from_seconds: 2, to_seconds: 5, users: 0 },
      { from_seconds: 5, to_seconds: null, users: 1 }
    ]);
    expect(binsFromCounts([0, 1], new Map(), true)).toEqual([]);
  });

  it('switches to even bins only for two rungs or fewer with differing times', () => {
    expect(wantsLinear(new Map([[3, 5], [4, 1]]), 5, 12)).toBe(true);
    expect(wantsLinear(new Map([[3, 5]]), 7, 7)).toBe(false);
    expect(wantsLinear(new Map([[1, 1], [3, 1], [5, 1]]), 1, 900)).toBe(false);
  });
});
