import { describe, expect, it } from 'vitest';
import { exclusionText, fitExclusions, newExclusion } from './exclusions';

describe('funnel exclusions', () => {
  it('are said in words, with their conditions and steps', () => {
    expect(exclusionText({ event: 'refund', from_step: 1, to_step: 2 })).toBe('no "refund" between step 1 and step 2');
    expect(exclusionText({ events: ['a', 'b'], from_step: 2, to_step: 3 })).toBe('no "a" or "b" between step 2 and step 3');
    expect(exclusionText({ event: '*', where: [{ column: 'Country', op: '=', values: ['Norway'] }], from_step: 1, to_step: 3 }))
      .toBe('no any event where Country is "Norway" between step 1 and step 3');
  });

  it('start on an event none of the steps uses, spanning every step; none for a one-step funnel', () => {
    const funnel = { kind: 'funnel' as const, steps: [{ event: 'visit' }, { event: 'cart' }, { event: 'buy' }] };
    expect(newExclusion(funnel, ['visit', 'cart', 'refund', 'buy'])).toEqual({ event: 'refund', from_step: 1, to_step: 3 });
    expect(newExclusion(funnel, ['visit', 'cart', 'buy'])).toEqual({ event: 'visit', from_step: 1, to_step: 3 });
    expect(newExclusion({ kind: 'funnel', steps: [{ event: 'visit' }] }, ['refund'])).toBeNull();
  });

  it('keep fitting the steps when a step is removed or the order changes', () => {
    const list = [{ event: 'x', from_step: 2, to_step: 4 }, { event: 'y', from_step: 3, to_step: 4 }];
    // Four steps become three: the end moves in, and a start that would meet it moves back.
    expect(fitExclusions(list, 3, 'ordered')).toEqual([{ event: 'x', from_step: 2, to_step: 3 }, { event: 'y', from_step: 2, to_step: 3 }]);
    expect(fitExclusions(list, 4, 'ordered')).toEqual(list);
    // An unordered funnel's exclusion spans every step (SPEC.md).
    expect(fitExclusions(list, 4, 'unordered')).toEqual([{ event: 'x', from_step: 1, to_step: 4 }, { event: 'y', from_step: 1, to_step: 4 }]);
    expect(fitExclusions(list, 1, 'ordered')).toBeUndefined();
    expect(fitExclusions(undefined, 3, 'ordered')).toBeUndefined();
  });
});
