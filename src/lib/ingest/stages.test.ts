import { describe, expect, it } from 'vitest';
import { guessStage, guessStages } from './stages';

describe('guessStage', () => {
  const cases: [string, string | null][] = [
    ['ad_impression', 'awareness'],
    ['Impression', 'awareness'],
    ['site visit', 'awareness'],
    ['page_view', 'consideration'],
    ['view', 'consideration'],
    ['Search', 'consideration'],
    ['sign-up', 'consideration'],
    ['SignUp', 'consideration'],
    ['add_to_cart', 'consideration'],
    ['addtocart', 'consideration'],
    ['Add To Cart', 'consideration'],
    ['purchase', 'purchase'],
    ['order_completed', 'purchase'],
    ['checkout_complete', 'purchase'],
    ['transaction', 'purchase'],
    ['repeat_purchase', 'retention'],
    ['Repeat Purchase', 'retention'],
    ['login', 'retention'],
    ['support_ticket', 'retention'],
    ['review', 'advocacy'],
    ['product_review', 'advocacy'],
    ['referral', 'advocacy'],
    ['share', 'advocacy'],
    ['nps_survey', 'advocacy'],
    ['refund', null],
    ['xyz', null],
    ['address_change', null] // "add" inside a word is not "ad"
  ];
  it.each(cases)('%s → %s', (name, stage) => {
    expect(guessStage(name)).toBe(stage);
  });
});

describe('guessStages', () => {
  it('returns all five stages in order, empty ones included', () => {
    const s = guessStages(['page_view', 'purchase', 'repeat_purchase', 'unknown']);
    expect(s.map((x) => x.name)).toEqual(['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
    expect(s.map((x) => x.events)).toEqual([[], ['page_view'], ['purchase'], ['repeat_purchase'], []]);
  });
  it('gives an empty mapping for no events', () => {
    expect(guessStages([]).every((x) => x.events.length === 0)).toBe(true);
  });
});
