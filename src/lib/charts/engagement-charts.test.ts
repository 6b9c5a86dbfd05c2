import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component, ComponentProps } from 'svelte';
import type { EngagementResult } from '../analysis/engagement';
import type { LifecycleResult } from '../analysis/lifecycle';
import type { StickinessResult } from '../analysis/stickiness';
import { toCsv } from '../export/csv';
import { engagementFlowTable, engagementLayout, engagementTable } from './engagement-layout';
import { lifecycleLayout, lifecycleTable } from './lifecycle-layout';
import { defaultStickinessPeriod, stickinessLayout, stickinessTable } from './stickiness-layout';
import EngagementChart from './EngagementChart.svelte';
import LifecycleChart from './LifecycleChart.svelte';
import StickinessChart from './StickinessChart.svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const html = <C extends Component<any>>(c: C, props: ComponentProps<C>) => (render as (c: C, o: { props: ComponentProps<C> }) => { body: string })(c, { props }).body;
const values = (body: string, prefix: string) =>
  Object.fromEntries([...body.matchAll(new RegExp(`data-testid="(${prefix}[^"]*)" data-value="(\\d+)"`, 'g'))].map((m) => [m[1], Number(m[2])]));

// Results of the hand-worked fixtures (tests/fixtures/lifecycle/statuses.json, engagement/levels.json).
const lifecycle: LifecycleResult = {
  kind: 'lifecycle', period: 'week', incomplete_from: 3,
  periods: [
    { start: '2024-01-01', new: 3, returning: 0, resurrecting: 0, dormant: 0, active: 3 },
    { start: '2024-01-08', new: 1, returning: 2, resurrecting: 0, dormant: 1, active: 3 },
    { start: '2024-01-15', new: 0, returning: 1, resurrecting: 1, dormant: 2, active: 2 },
    { start: '2024-01-22', new: 1, returning: 1, resurrecting: 1, dormant: 1, active: 3 }
  ]
};
const stickiness: StickinessResult = {
  kind: 'stickiness', period: 'week', cumulative: false, incomplete_from: 1,
  periods: [
    { start: '2024-01-01', days_in_period: 7, users: 2, days: [0, 0, 1, 0, 1, 0, 0], mean_days: 4 },
    { start: '2024-01-08', days_in_period: 7, users: 2, days: [1, 1, 0, 0, 0, 0, 0], mean_days: 1.5 }
  ]
};
const L = ['exploring', 'understanding', 'anticipating', 'committed', 'advocating'];
const fl = (from_start: string, to_start: string, from: string | null, to: string, users: number) => ({ from_start, to_start, from, to, users });
const engagement: EngagementResult = {
  kind: 'engagement', period: 'month', levels: L, incomplete_from: 3,
  periods: [
    { start: '2024-01-01', users: 2, levels: [0, 2, 0, 0, 0] }, { start: '2024-02-01', users: 2, levels: [0, 1, 0, 1, 0] },
    { start: '2024-03-01', users: 3, levels: [1, 1, 1, 0, 0] }, { start: '2024-04-01', users: 3, levels: [1, 0, 1, 0, 1] }
  ],
  flows: [
    fl('2024-01-01', '2024-02-01', 'understanding', 'understanding', 1), fl('2024-01-01', '2024-02-01', 'understanding', 'committed', 1),
    fl('2024-02-01', '2024-03-01', null, 'exploring', 1), fl('2024-02-01', '2024-03-01', 'understanding', 'anticipating', 1),
    fl('2024-02-01', '2024-03-01', 'committed', 'understanding', 1), fl('2024-03-01', '2024-04-01', 'exploring', 'exploring', 1),
    fl('2024-03-01', '2024-04-01', 'understanding', 'advocating', 1), fl('2024-03-01', '2024-04-01', 'anticipating', 'anticipating', 1)
  ]
};

describe('lifecycle layout', () => {
  const geo = lifecycleLayout(lifecycle, 640, 280);
  it('stacks the active users above zero and the dormant ones below', () => {
    const seg = (period: number, status: string) => geo.segments.find((s) => s.period === period && s.status === status)!;
    // Week 2: new from the axis up, returning on top of it; dormant hangs from the axis.
    expect(seg(1, 'new').y + seg(1, 'new').h).toBeCloseTo(geo.zeroY);
    expect(seg(1, 'returning').y + seg(1, 'returning').h).toBeCloseTo(seg(1, 'new').y);
    expect(seg(1, 'dormant').y).toBeCloseTo(geo.zeroY);
    expect(seg(2, 'dormant').h).toBeCloseTo(2 * seg(1, 'dormant').h);
    expect(seg(1, 'new').h).toBeCloseTo(seg(1, 'dormant').h);
  });
  it('marks the running period and exports counts, dormant positive', () => {
    expect(geo.xLabels.map((l) => l.incomplete)).toEqual([false, false, false, true]);
    const t = lifecycleTable(lifecycle);
    expect(toCsv(t.columns, t.rows).split('\r\n')[2]).toBe('2024-01-08,1,2,0,1,3,true');
  });
  it('renders the bars and the table from the result', () => {
    const body = html(LifecycleChart, { result: lifecycle });
    expect(values(body, 'lifecycle-dormant')).toEqual({ 'lifecycle-dormant-1': 1, 'lifecycle-dormant-2': 2, 'lifecycle-dormant-3': 1 });
    expect(body).toContain('role="img"');
    expect(body).toContain('2024-01-22 *');
  });
});

describe('stickiness layout', () => {
  it('shows the last complete period first, bars as shares of its users', () => {
    expect(defaultStickinessPeriod(stickiness)).toBe(0);
    expect(defaultStickinessPeriod({ ...stickiness, incomplete_from: null })).toBe(1);
    const geo = stickinessLayout(stickiness, 0, 640, 240);
    expect(geo.bars.map((b) => b.share)).toEqual([0, 0, 0.5, 0, 0.5, 0, 0]);
    expect(geo.bars[2].h).toBeCloseTo(geo.bars[4].h);
  });
  it('exports every period, empty cells past a short month', () => {
    const feb = { start: '2024-02-01', days_in_period: 29, users: 1, days: [1, ...Array(28).fill(0)], mean_days: 1 };
    const t = stickinessTable({ ...stickiness, period: 'month', periods: [{ ...feb, start: '2024-01-01', days_in_period: 31, days: [1, ...Array(30).fill(0)] }, feb] });
    const lines = toCsv(t.columns, t.rows).trim().split('\r\n');
    expect(lines[0].split(',')).toHaveLength(3 + 31);
    expect(lines[2].split(',').slice(-3)).toEqual(['0', '', '']); // Feb 29 holds 0; no Feb 30, 31
  });
  it('renders the picked period', () => {
    const body = html(StickinessChart, { result: stickiness });
    expect(values(body, 'stickiness-bar')).toMatchObject({ 'stickiness-bar-3': 1, 'stickiness-bar-5': 1, 'stickiness-bar-1': 0 });
  });
});

describe('engagement layout', () => {
  const geo = engagementLayout(engagement, 640, 300);
  it('stacks the levels per period and sizes each ribbon by its users', () => {
    const seg = (p: number, l: number) => geo.segments.find((s) => s.period === p && s.level === l)!;
    const unit = seg(0, 1).h / 2;
    expect(seg(2, 0).h).toBeCloseTo(unit);
    expect(geo.ribbons).toHaveLength(7); // the one flow from new users has no source
    // A ribbon starts at the bottom of its source segment's unused part and ends in its target's.
    const r = geo.ribbons.find((x) => x.period === 1 && x.from === 3 && x.to === 1)!;
    const [x0, y0] = r.d.slice(1).split('C')[0].split(',').map(Number);
    expect(x0).toBeCloseTo(seg(1, 3).x + seg(1, 3).w);
    expect(y0).toBeCloseTo(seg(1, 3).y + seg(1, 3).h);
  });
  it('exports the distribution and the flows', () => {
    const t = engagementTable(engagement);
    expect(toCsv(t.columns, t.rows).split('\r\n')[0]).toBe('period,users,exploring,understanding,anticipating,committed,advocating');
    const f = engagementFlowTable(engagement);
    expect(toCsv(f.columns, f.rows).split('\r\n')[3]).toBe('2024-02-01,2024-03-01,(new),exploring,1');
  });
  it('renders columns and ribbons', () => {
    const body = html(EngagementChart, { result: engagement });
    expect(values(body, 'engagement-level-3')).toEqual({ 'engagement-level-3-0': 1, 'engagement-level-3-2': 1, 'engagement-level-3-4': 1 });
    expect(Object.keys(values(body, 'engagement-flow-'))).toHaveLength(7);
  });
});

describe('denominators on hover and in the tables', () => {
  it('stickiness bars name the active users they are a share of; the running period is starred', () => {
    const body = html(StickinessChart, { result: stickiness });
    expect(body).toMatch(/3 days: 1 of 2 active users \(50\.0%\)<\/title>/);
    expect(body).toContain('<th scope="row">2024-01-08 *</th>');
  });

  it('engagement levels name the users of their period; lifecycle bars the active users', () => {
    const eng = html(EngagementChart, { result: engagement });
    expect(eng).toContain('2024-03-01: 1 exploring of 3 users (33.3%)</title>');
    expect(eng).toContain('<th scope="row">2024-04-01 *</th>');
    const life = html(LifecycleChart, { result: lifecycle });
    expect(life).toContain('2024-01-08: 2 returning (active that week: 3)</title>');
    expect(life).toContain('2024-01-22: 1 new (active that week: 3); * still running</title>');
  });
});
