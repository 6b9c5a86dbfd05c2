import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component, ComponentProps } from 'svelte';
import Histogram from './Histogram.svelte';
import LineChart from './LineChart.svelte';
import { histogramLayout, positionInBin } from './histogram-layout';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const html = <C extends Component<any>>(c: C, props: ComponentProps<C>) => (render as (c: C, o: { props: ComponentProps<C> }) => { body: string })(c, { props }).body;

const bins = [
  { from_seconds: 0, to_seconds: 1, users: 4 },
  { from_seconds: 1, to_seconds: 2, users: 0 },
  { from_seconds: 2, to_seconds: 5, users: 6 }
];

describe('histogram geometry', () => {
  it('places the median inside its bin: log inside a ladder rung, linear from 0 or on even bins', () => {
    expect(positionInBin(bins[2], Math.sqrt(10), 'ladder')).toBeCloseTo(0.5);
    expect(positionInBin(bins[2], 3.5, 'linear')).toBeCloseTo(0.5);
    expect(positionInBin(bins[0], 0.25, 'ladder')).toBeCloseTo(0.25);
    expect(positionInBin({ from_seconds: 5, to_seconds: null, users: 1 }, 50, 'ladder')).toBe(0.5);
  });

  it('equal-width bars; the median line at bin index + position', () => {
    const g = histogramLayout(bins, Math.sqrt(10), 'ladder', 364, 240);
    const step = (364 - 48 - 16) / 3;
    expect(g.bars.map((b) => b.users)).toEqual([4, 0, 6]);
    expect(g.medianX).toBeCloseTo(48 + 2.5 * step);
    expect(g.bars[1].h).toBe(0);
  });
});

describe('Histogram and LineChart render accessible charts', () => {
  it('histogram: img with title and summary, bars with values, a table of bins', () => {
    const body = html(Histogram, { bins, median: 3, scale: 'ladder', users: 10, title: 'Time from step 1 to step 2' });
    expect(body).toMatch(/<svg role="img" aria-label="Time from step 1 to step 2: 10 users, median 3 s\. 0 s – 1 s: 4; 2 s – 5 s: 6"/);
    expect(body).toContain('<title>Time from step 1 to step 2</title>');
    expect(body).toContain('data-testid="histogram-bar-2" data-value="6"');
    expect(body).toContain('data-testid="histogram-median"');
    expect(body).toContain('data-testid="histogram-table"');
    expect(body).toContain('<caption>Time from step 1 to step 2: shares of 10 users</caption>');
  });

  it('histogram with nobody: says so, draws no image', () => {
    const body = html(Histogram, { bins: [], median: null, scale: 'ladder', users: 0 });
    expect(body).not.toContain('role="img"');
    expect(body).toContain('No user reached the later step');
  });

  it('line chart: gaps for null values, hollow open points, a table with the bases', () => {
    const body = html(LineChart, {
      dates: ['2024-01-01', '2024-01-08', '2024-01-15'],
      series: [{ label: 'purchase', color: '#0072B2', values: [0.5, null, 0.25], open: [false, false, true] }],
      counts: [10, 0, 4],
      title: 'Conversion by week of entry'
    });
    expect(body).toContain('<title>Conversion by week of entry</title>');
    expect(body).toMatch(/aria-label="Conversion by week of entry\. \u2068purchase\u2069: 2024-01-01 50\.0%, 2024-01-08 —, 2024-01-15 25\.0%"/);
    // Two points drawn (the null period is a gap), the last hollow.
    expect(body.match(/<circle/g)).toHaveLength(2);
    expect(body).toContain('fill="#fff"');
    expect(body).toContain('data-testid="line-table"');
  });
});
