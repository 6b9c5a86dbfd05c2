import { describe, expect, it } from 'vitest';
import type { RetentionResult } from '../schema/types';
import { retentionRows } from './retention-grid';

describe('retention grid: the weighted average row', () => {
  // Cohort A (10 users) is complete through period 2; cohort B (30) is still running at period 1
  // (incomplete_from 1) and past the data at 2. The average at 1 is (4 + 6) / 40, 30 of them partial.
  const result: RetentionResult = {
    kind: 'retention',
    period: 'month',
    cohorts: [
      { start: '2024-01-01', size: 10, retained: [10, 4, 2], incomplete_from: null },
      { start: '2024-02-01', size: 30, retained: [30, 6, null], incomplete_from: 1 }
    ],
    total: { size: 40, retained: [40, 10, 2], eligible: [40, 40, 10] }
  };
  const avg = retentionRows(result).at(-1)!;

  it('divides by eligible users, not by every cohort', () => {
    expect(avg.cells.map((c) => [c.count, c.base, c.rate])).toEqual([[10, 40, 0.25], [2, 10, 0.2]]);
  });

  it('counts the users whose period is still running, for the tooltip', () => {
    expect(avg.cells.map((c) => c.partial)).toEqual([30, 0]);
  });

  it('marks an average period unfinished when any contributing cohort is still running in it', () => {
    expect(avg.cells.map((c) => c.incomplete)).toEqual([true, false]);
  });
});
