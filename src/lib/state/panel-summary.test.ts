import { describe, expect, it } from 'vitest';
import { analysisSlug, panelSummary } from './panel-summary';

describe('panelSummary', () => {
  it('says what a panel computes in a few words', () => {
    expect(panelSummary({ kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won', label: 'Won deal' }], breakdown: 'origin' })).toBe('lead → Won deal, by origin');
    expect(panelSummary({ kind: 'retention', start: { events: ['signup', 'login'] }, return: { event: '*' } })).toBe('signup or login, then any event, by week');
    expect(panelSummary({ kind: 'paths', end: { event: 'purchase', where: [{ column: 'channel', op: 'is_null' }] } })).toBe('paths to purchase (with conditions)');
    expect(panelSummary({ kind: 'cohorts' })).toBe('by month of first activity');
    expect(panelSummary({ kind: 'experiment', group: 'segment', control: 'No E-Mail', outcomes: [{ column: 'spend' }] })).toBe('groups of segment, against No E-Mail');
  });

  it('names a file after the kind and its breakdown', () => {
    expect(analysisSlug({ kind: 'funnel', steps: [{ event: 'a' }], breakdown: 'origin' })).toBe('funnel-by-origin');
    expect(analysisSlug({ kind: 'lifecycle' })).toBe('lifecycle');
    expect(analysisSlug({ kind: 'experiment', group: 'segment', control: 'x', outcomes: [{ column: 'spend' }] })).toBe('experiment-by-segment');
  });
});
