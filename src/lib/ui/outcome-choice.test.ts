import { describe, expect, it } from 'vitest';
import { outcomeChoice, outcomeOf } from './outcome-choice';

describe('experiment outcome choices', () => {
  it('round-trips a column and an event outcome', () => {
    for (const o of [{ column: 'visit' }, { event: 'purchase' }, { column: 'a:b' }]) expect(outcomeOf(outcomeChoice(o))).toEqual(o);
  });

  it('leaves an outcome the select cannot show as it is', () => {
    expect(outcomeChoice({ event: 'purchase', where: [{ column: 'channel', op: 'eq', value: 'email' }] } as never)).toBe('');
    expect(outcomeChoice({ column: 'spend', label: 'Spend' })).toBe('');
    expect(outcomeChoice({ events: ['a', 'b'] } as never)).toBe('');
    expect(outcomeOf('')).toBeUndefined();
  });
});
