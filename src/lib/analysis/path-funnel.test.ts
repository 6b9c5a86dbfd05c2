import { describe, expect, it } from 'vitest';
import { funnelOfPath } from './path-funnel';
import type { PathsAnalysis } from './paths';

const stages = [
  { name: 'awareness', events: ['ad', 'view'] },
  { name: 'consideration', events: ['cart'] },
  { name: 'purchase', events: ['buy'] },
  { name: 'advocacy', events: [] }
];
const paths = (a: Omit<PathsAnalysis, 'kind'>) => ({ analysis: { kind: 'paths', ...a } as PathsAnalysis, stages });

describe('funnelOfPath', () => {
  it('makes a strict, no-window funnel of the path, one step per name', () => {
    const { analysis, note } = funnelOfPath(paths({ start: { event: 'view' } }), ['view', 'cart', 'buy']);
    expect(analysis).toEqual({ kind: 'funnel', order: 'strict', window: null, steps: [{ event: 'view' }, { event: 'cart' }, { event: 'buy' }] });
    expect(note).toContain('view → cart → buy');
    expect(note).toContain("best attempt");
    expect(note).toContain('first "view" only');
  });

  it('keeps the start conditions on step 1 and allows a repeated name', () => {
    const where = [{ column: 'channel', op: '=' as const, values: ['email'] }];
    const { analysis } = funnelOfPath(paths({ start: { event: 'view', where } }), ['view', 'view']);
    expect(analysis.steps).toEqual([{ event: 'view', where }, { event: 'view' }]);
  });

  it('reverses an end path so the funnel runs forward, the end as its last step', () => {
    const where = [{ column: 'revenue', op: '>' as const, values: [0] }];
    const { analysis, note } = funnelOfPath(paths({ end: { event: 'buy', where } }), ['buy', 'cart', 'view']);
    expect(analysis.steps).toEqual([{ event: 'view' }, { event: 'cart' }, { event: 'buy', where }]);
    expect(note).toContain('view → cart → buy');
    expect(note).toContain('back from each user\'s first "buy" only');
    expect(note).toContain('selects where the funnel starts ("view")');
  });

  it('turns stages into steps of their events, the first narrowed to the start', () => {
    const { analysis } = funnelOfPath(paths({ start: { event: 'view' }, level: 'stage' }), ['awareness', 'purchase']);
    expect(analysis.steps).toEqual([{ events: ['view'], label: 'awareness' }, { events: ['buy'], label: 'purchase' }]);
    const any = funnelOfPath(paths({ start: { event: '*' }, level: 'stage' }), ['awareness']);
    expect(any.analysis.steps).toEqual([{ events: ['ad', 'view'], label: 'awareness' }]);
  });

  it('refuses Other beyond position 1, nameless rows, unknown stages and an empty path', () => {
    expect(() => funnelOfPath(paths({ start: { event: 'view' } }), ['view', 'Other', 'buy'])).toThrow(/Position 2 is "Other", several names folded together/);
    expect(() => funnelOfPath(paths({ start: { event: 'view' } }), ['view', null])).toThrow(/no event name/);
    expect(() => funnelOfPath(paths({ start: { event: 'view' }, level: 'stage' }), ['awareness', 'advocacy'])).toThrow(/"advocacy" has no events/);
    expect(() => funnelOfPath(paths({ start: { event: 'view' } }), [])).toThrow(/Pick a node/);
    // Position 1 is never folded: an event really called Other can start a funnel.
    expect(funnelOfPath(paths({ start: { event: 'Other' } }), ['Other', 'buy']).analysis.steps[0]).toEqual({ event: 'Other' });
  });
});
