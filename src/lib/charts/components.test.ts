import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet, type Component, type ComponentProps } from 'svelte';
import type { FunnelResult, RetentionResult } from '../schema/types';
import FunnelChart from './FunnelChart.svelte';
import RetentionHeatmap from './RetentionHeatmap.svelte';
import RetentionCurves from './RetentionCurves.svelte';
import KpiTiles from './KpiTiles.svelte';
import ChartFrame from './ChartFrame.svelte';

// Server rendering gives the markup the browser starts from; widths fall back to 640 (no layout).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const html = <C extends Component<any>>(c: C, props: ComponentProps<C>) => (render as (c: C, o: { props: ComponentProps<C> }) => { body: string })(c, { props }).body;

/** Normalised SVG for review (STYLE.md 10): no hydration comments or scoped class hashes, coordinates to 0.1. */
function normalise(body: string): string {
  const svg = body.match(/<svg[\s\S]*?<\/svg>/)![0];
  return svg
    .replace(/<!--[^>]*-->/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10))
    .replace(/></g, '>\n<') + '\n';
}

/** The text of every cell of the table with this test id, tags and comments removed. */
function tableCells(body: string, testid: string): string[] {
  const table = body.slice(body.indexOf(`data-testid="${testid}"`)).split('</table>')[0];
  return [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

const step = (n: number, label: string, users: number, conversion: number, step_conversion: number, median: number | null = null) => ({
  step: n, label, users, conversion, step_conversion, avg_seconds: median, median_seconds: median
});
const HOSTILE = '<script>alert(1)</script>';
const RTL = '\u202Eevil\u202C مرحبا';

const stages: FunnelResult = {
  kind: 'stages',
  steps: [step(1, 'awareness', 1000, 1, 1), step(2, RTL, 120, 0.12, 0.12, 3100), step(3, 'purchase', 0, 0, 0)],
  empty_stages: ['advocacy']
};

describe('FunnelChart', () => {
  const body = html(FunnelChart, { result: stages, title: 'Users reaching each stage' });

  it('is an accessible image with a title and a summary', () => {
    expect(body).toContain('data-testid="funnel-chart"');
    expect(body).toMatch(/<svg role="img" aria-label="Users reaching each stage\. \u2068awareness\u2069: 1,000 users; [^"]*120 users \(12\.0% of the first step\)[^"]*Stages with no events mapped: \u2068advocacy\u2069"/);
    expect(body).toContain('<title>Users reaching each stage</title>');
  });

  it('carries each step users as plain digits for tests, the empty step included', () => {
    const values = [...body.matchAll(/data-testid="funnel-step-users-(\d+)" data-value="(\d+)">([^<]*)</g)].map((m) => [m[1], m[2], m[3]]);
    expect(values).toEqual([['1', '1000', '1,000'], ['2', '120', '120'], ['3', '0', '0']]);
  });

  it('shows the unmapped stage and puts the same numbers in a table', () => {
    expect(body).toContain('no events</tspan>');
    expect(tableCells(body, 'funnel-table')).toEqual([
      'Step', 'Users', '% of first', '% of previous', 'Median time',
      'awareness', '1,000', '100%', '—', '—',
      RTL, '120', '12.0%', '12.0%', '52 min',
      'purchase', '0', '0.0%', '0.0%', '—',
      'advocacy (no events mapped)', '—', '—', '—', '—'
    ]);
    expect(body).toContain(`<bdi>${RTL}</bdi>`);
    expect(body).toContain(`\u2068${RTL}\u2069`); // isolated inside SVG text too
  });

  it('matches the reviewed SVG', async () => {
    await expect(normalise(body)).toMatchFileSnapshot('__snapshots__/funnel-stages.svg');
  });

  it('renders a breakdown as groups with a legend and a table, hostile values as text', () => {
    const b = html(FunnelChart, {
      result: { ...stages, empty_stages: [], breakdown: [
        { value: HOSTILE, steps: [step(1, 'awareness', 600, 1, 1), step(2, RTL, 100, 1 / 6, 1 / 6), step(3, 'purchase', 0, 0, 0)] },
        { value: null, steps: [step(1, 'awareness', 400, 1, 1), step(2, RTL, 20, 0.05, 0.05), step(3, 'purchase', 0, 0, 0)] }
      ] }
    });
    expect(b).toContain('data-testid="funnel-breakdown-table"');
    expect(b).toContain('<bdi>&lt;script>alert(1)&lt;/script></bdi>');
    expect(b).toContain('<bdi>(none)</bdi>');
    expect(b).not.toContain('<script');
    expect(b.match(/data-testid="funnel-step-users-1" data-value="1000"/g)).toHaveLength(1);
  });
});

const retention: RetentionResult = {
  kind: 'retention',
  period: 'week',
  cohorts: [
    { start: '2024-01-01', size: 100, retained: [100, 40, 20], incomplete_from: null },
    { start: '2024-01-08', size: 50, retained: [50, 10, null], incomplete_from: 1 }
  ],
  total: { size: 150, retained: [150, 50, 20], eligible: [150, 150, 100] }
};

describe('RetentionHeatmap', () => {
  it('draws cohort × period cells, blanks past the data, a weighted average row, incomplete marks', () => {
    const body = html(RetentionHeatmap, { result: retention });
    expect(body).toContain('data-testid="retention-heatmap"');
    expect(body).toContain('<svg role="img" aria-label="Retention by cohort: 2 cohorts by week, 150 users. Average retention: Week 1 33.3%, Week 2 20.0%"');
    const cells = [...body.matchAll(/data-testid="retention-cell-(\d)-(\d)" data-count="(\d+)"/g)].map((m) => m.slice(1, 4).join(':'));
    expect(cells).toEqual(['0:1:40', '0:2:20', '1:1:10', '2:1:50', '2:2:20']);
    expect(body).toContain('>20.0%*</text>');
    expect(body).toContain('period still in progress');
    expect(tableCells(body, 'retention-table')).toEqual([
      'Cohort', 'Users', 'Week 1', 'Week 2',
      '2024-01-01', '100', '40.0%', '20.0%',
      '2024-01-08', '50', '20.0%*', '',
      // The average's period 1 mixes the running 2024-01-08 cohort: marked; its base in the footer.
      'All cohorts (weighted)', '150', '33.3%*', '20.0%',
      'Eligible users (all cohorts)', '', '150', '100'
    ]);
    expect(body).toContain('data-testid="retention-cell-2-1" data-count="50" data-rate="0.3333333333333333" data-incomplete="true"');
  });

  it('shows counts instead of shares when asked', () => {
    const body = html(RetentionHeatmap, { result: retention, showCounts: true });
    expect(tableCells(body, 'retention-table').slice(4, 8)).toEqual(['2024-01-01', '100', '40', '20']);
  });
});

describe('RetentionCurves', () => {
  it('draws one line per cohort and the average', () => {
    const body = html(RetentionCurves, { result: retention });
    expect(body.match(/<path d="M/g)).toHaveLength(3);
    expect(body).toContain('Average: Week 0 100%, Week 1 33.3%, Week 2 20.0%');
  });
});

describe('KpiTiles and ChartFrame', () => {
  it('gives each tile a stable test id', () => {
    const body = html(KpiTiles, { tiles: [{ label: 'Date span', value: '2024-01-01 → 2024-02-01', hint: 'UTC' }, { label: 'Users', value: '1,000' }] });
    expect(body).toContain('data-testid="kpi-date-span"');
    expect(body).toContain('data-testid="kpi-users"');
    expect(body).toContain('<bdi>1,000</bdi>');
  });

  it('frames a chart with a table toggle and an export menu', () => {
    const children = createRawSnippet(() => ({ render: () => '<p>chart</p>' }));
    const body = html(ChartFrame, { title: 'Funnel', result: stages, children });
    expect(body).toMatch(/<button type="button" aria-pressed="false"[^>]*>\s*Show table\s*<\/button>/);
    expect(body).toMatch(/aria-haspopup="menu" aria-expanded="false"[^>]*>\s*Export ▾/);
    expect(body).toContain('<p>chart</p>');
  });
});
