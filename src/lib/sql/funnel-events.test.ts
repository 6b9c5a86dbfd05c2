import { describe, expect, it } from 'vitest';
import { stepIndex } from './funnel-events';
import type { FunnelPlan } from './funnel-plan';

const plan = (over: Partial<FunnelPlan>): FunnelPlan => ({
  steps: [{ event: 'view' }, { events: ['cart', 'wishlist'] }, { event: 'buy' }],
  order: 'ordered',
  windowUs: null,
  exclusions: [],
  attribution: 'first_touch',
  breakdownLimit: 25,
  orders: false,
  range: { from: null, to: null },
  field: 'analysis',
  ...over
});

describe('stepIndex: the step number of each name read, when the name alone decides the match', () => {
  it('numbers steps 1…n and exclusions after them', () => {
    expect(stepIndex(plan({ exclusions: [{ event: 'refund', from_step: 1, to_step: 3 }] }))).toEqual([
      ['view', 1], ['cart', 2], ['wishlist', 2], ['buy', 3], ['refund', 4]
    ]);
  });
  it('is null when a step has a condition, a name is in two steps, a step is any event, or the order is strict', () => {
    expect(stepIndex(plan({ steps: [{ event: 'view' }, { event: 'buy', where: [{ column: 'revenue', op: '>', values: [0] }] }] }))).toBeNull();
    expect(stepIndex(plan({ steps: [{ event: 'view' }, { event: 'view' }] }))).toBeNull();
    expect(stepIndex(plan({ steps: [{ event: 'view' }, { events: ['buy', 'view'] }] }))).toBeNull();
    expect(stepIndex(plan({ exclusions: [{ event: 'view', from_step: 1, to_step: 2 }] }))).toBeNull();
    expect(stepIndex(plan({ steps: [{ event: 'view' }, { event: '*' }] }))).toBeNull();
    expect(stepIndex(plan({ order: 'strict' }))).toBeNull();
  });
});
