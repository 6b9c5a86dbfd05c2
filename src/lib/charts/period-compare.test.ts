import { describe, expect, it } from 'vitest';
import type { FunnelResult, RetentionResult } from '../schema/types';
import { funnelCompare, retentionCompare } from './period-compare';

const step = (step: number, label: string, users: number, first: number) => ({
  step, label, users, conversion: users / first, step_conversion: 0, avg_seconds: null, median_seconds: null
});

describe('two periods side by side', () => {
  it('a funnel: users and share of the first step in each period, and the change', () => {
    // This range: 200 → 50 (25.0%); previous: 100 → 40 (40.0%). Change +100 (+100.0%), +10 (+25.0%).
    const now: FunnelResult = { kind: 'funnel', steps: [step(1, 'visit', 200, 200), step(2, 'buy', 50, 200)] };
    const before: FunnelResult = { kind: 'funnel', steps: [step(1, 'visit', 100, 100), step(2, 'buy', 40, 100)] };
    expect(funnelCompare(now, before)).toEqual([
      { label: 'visit', nowShare: 1, beforeShare: 1, now: '200', before: '100', change: '+100 (+100.0%)', nowCount: 200, beforeCount: 100 },
      { label: 'buy', nowShare: 0.25, beforeShare: 0.4, now: '50 (25.0%)', before: '40 (40.0%)', change: '+10 (+25.0%)', nowCount: 50, beforeCount: 40 }
    ]);
  });

  it('a funnel whose previous period had nobody: "new", no shares', () => {
    const now: FunnelResult = { kind: 'stages', steps: [step(1, 'awareness', 3, 3)] };
    const before: FunnelResult = { kind: 'stages', steps: [{ ...step(1, 'awareness', 0, 1), conversion: 0 }] };
    const [row] = funnelCompare(now, before);
    expect(row.change).toBe('new (+3)');
    expect(row.beforeShare).toBeNull();
  });

  it('retention: the average curves, the change in percentage points', () => {
    // Now: 10 of 10, 4 of 10 (40%), 1 of 5 (20%). Before: 20 of 20, 5 of 20 (25%), none reaches period 2.
    const now: RetentionResult = { kind: 'retention', period: 'week', cohorts: [], total: { size: 10, retained: [10, 4, 1], eligible: [10, 10, 5] } };
    const before: RetentionResult = { kind: 'retention', period: 'week', cohorts: [], total: { size: 20, retained: [20, 5, null], eligible: [20, 20, 0] } };
    const rows = retentionCompare(now, before);
    expect(rows.map((r) => [r.label, r.now, r.before, r.change])).toEqual([
      ['week 0', '100% of 10', '100% of 20', '±0.0 pp'],
      ['week 1', '40.0% of 10', '25.0% of 20', '+15.0 pp'],
      ['week 2', '20.0% of 5', '—', '—']
    ]);
  });
});
