import { describe, expect, it } from 'vitest';
import { funnelLayout, groupColor } from './funnel-layout';
import type { FunnelResult } from '../schema/types';

const step = (n: number, users: number) => ({ step: n, label: n === 1 ? 'lead' : 'won', users, conversion: 0, step_conversion: 0, avg_seconds: null, median_seconds: null });
// Eleven groups, as the Olist leads' origins.
const RESULT: FunnelResult = {
  kind: 'funnel',
  steps: [step(1, 8000), step(2, 841)],
  breakdown: Array.from({ length: 11 }, (_, i) => ({ value: i === 10 ? null : `origin ${i}`, steps: [step(1, 1000 - i), step(2, 100 - i)] }))
};

describe('funnel groups on screen and in an export', () => {
  it('draws six groups on screen and names the rest as hidden', () => {
    const l = funnelLayout(RESULT, 640, 300, 6);
    expect(l.groups).toHaveLength(6);
    expect(l.hiddenGroups).toBe(5);
  });

  it('draws every group for an export, each in its own colour', () => {
    const l = funnelLayout(RESULT, 640, 300, Infinity);
    expect(l.groups).toHaveLength(11);
    expect(l.hiddenGroups).toBe(0);
    expect(l.groupBars).toHaveLength(22);
    expect(new Set(l.groups.map((g) => g.color)).size).toBe(11);
    expect(groupColor(0)).toBe('#0072B2');
    expect(groupColor(7)).not.toBe(groupColor(0));
  });
});
