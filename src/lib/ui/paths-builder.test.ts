import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { PathsAnalysis } from '../analysis/paths';
import PathsBuilder from './PathsBuilder.svelte';

const events = [{ event: 'view', rows: 10, users: 5 }, { event: 'buy', rows: 3, users: 2 }];
const html = (analysis: PathsAnalysis) => render(PathsBuilder, { props: { analysis, events, columns: ['channel'], onchange: () => {} } }).body;

describe('PathsBuilder', () => {
  it('shows the defaults for a start path', () => {
    const body = html({ kind: 'paths', start: { event: 'view' } });
    expect(body).toContain('aria-label="Start event"');
    expect(body).toMatch(/<input type="number" min="1" max="20" value="4"/);
    expect(body).toMatch(/value="8"/);
    expect(body).not.toContain('aria-label="Pause length"');
  });

  it('shows an end path, its session gap and its options', () => {
    const body = html({ kind: 'paths', end: { event: 'buy' }, depth: 6, limit: 3, level: 'stage', collapse_repeats: false, session_gap: { value: 2, unit: 'hour' } });
    expect(body).toContain('aria-label="End event"');
    expect(body).toMatch(/value="6"/);
    expect(body).toMatch(/value="3"/);
    expect(body).toMatch(/aria-label="Pause length" value="2"/);
  });
});
