import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { RetentionResult } from '../schema/types';
import { breakdownCsv, breakdownCurves, breakdownSeries, MAX_LINES } from './retention-breakdown';
import RetentionBreakdownCurves from './RetentionBreakdownCurves.svelte';
import { toCsv } from '../export/csv';

const cohort = (start: string, size: number, retained: (number | null)[]) => ({ start, size, retained, incomplete_from: null });

// Two values: "email" has cohorts of 10 (reaching period 2) and 30 (period 1 only), so its
// weighted average at period 1 is (4 + 6) / 40 and at period 2 only the first cohort counts: 2 / 10.
const result: RetentionResult = {
  kind: 'retention',
  period: 'week',
  cohorts: [cohort('2024-01-01', 15, [15, 5, 3]), cohort('2024-01-08', 30, [30, 6, null])],
  total: { size: 45, retained: [45, 11, 3], eligible: [45, 45, 15] },
  breakdown: [
    { value: 'email', cohorts: [cohort('2024-01-01', 10, [10, 4, 2]), cohort('2024-01-08', 30, [30, 6, null])], total: { size: 40, retained: [40, 10, 2], eligible: [40, 40, 10] } },
    { value: null, cohorts: [cohort('2024-01-01', 5, [5, 1, 1])], total: { size: 5, retained: [5, 1, 1], eligible: [5, 5, 5] } }
  ]
};

describe('retention breakdown', () => {
  it('gives each value its eligible-weighted average curve, null values labelled', () => {
    const s = breakdownSeries(result);
    expect(s.map((x) => [x.label, x.size])).toEqual([['email', 40], ['(none)', 5]]);
    expect(s[0].points.map((p) => [p.period, p.rate])).toEqual([[0, 1], [1, 0.25], [2, 0.2]]);
    expect(s[1].points.map((p) => p.rate)).toEqual([1, 0.2, 0.2]);
  });

  it('leaves out periods no cohort of the value reaches', () => {
    const r = structuredClone(result);
    r.breakdown![1].total = { size: 5, retained: [5, 1, null], eligible: [5, 5, 0] };
    expect(breakdownSeries(r)[1].points.map((p) => p.period)).toEqual([0, 1]);
  });

  it('draws at most MAX_LINES lines, the largest values', () => {
    const many = structuredClone(result);
    many.breakdown = Array.from({ length: MAX_LINES + 3 }, (_, i) => ({ value: `v${i}`, cohorts: [], total: { size: 100 - i, retained: [100 - i, 1, null], eligible: [100 - i, 100 - i, 0] } }));
    const geo = breakdownCurves(breakdownSeries(many), 2, 600, 280);
    expect(geo.curves).toHaveLength(MAX_LINES);
    expect(geo.curves[0].label).toBe('v0');
    expect(geo.curves[0].path.startsWith('M')).toBe(true);
  });

  it('draws every value for an export (no line cap)', () => {
    const many = structuredClone(result);
    many.breakdown = Array.from({ length: MAX_LINES + 3 }, (_, i) => ({ value: `v${i}`, cohorts: [], total: { size: 100 - i, retained: [100 - i, 1, null], eligible: [100 - i, 100 - i, 0] } }));
    const geo = breakdownCurves(breakdownSeries(many), 2, 600, 280, [], Infinity);
    expect(geo.curves.map((c) => c.label)).toEqual(Array.from({ length: MAX_LINES + 3 }, (_, i) => `v${i}`));
  });

  it('starts the lines at period 1 (period 0 is 100% for all) and fits the y axis to the shares', () => {
    const geo = breakdownCurves(breakdownSeries(result), 2, 600, 280);
    expect(geo.curves[0].points.map((p) => p.period)).toEqual([1, 2]);
    const top = geo.yTicks[geo.yTicks.length - 1].value;
    expect(top).toBeGreaterThanOrEqual(0.25);
    expect(top).toBeLessThan(0.5);
  });

  it('exports retained, eligible and share per value and period', () => {
    const { columns, rows } = breakdownCsv(result, 'channel');
    const text = toCsv(columns, rows).split('\r\n');
    expect(text[0]).toBe('channel,users,week_0_retained,week_0_eligible,week_0_rate,week_1_retained,week_1_eligible,week_1_rate,week_2_retained,week_2_eligible,week_2_rate');
    expect(text[1]).toBe('email,40,40,40,1,10,40,0.25,2,10,0.2');
    expect(text[2]).toBe(',5,5,5,1,1,5,0.2,1,5,0.2');
  });

  it('renders an accessible chart with a legend and the same numbers in a table', () => {
    const body = render(RetentionBreakdownCurves, { props: { result, column: 'channel' } }).body;
    expect(body).toMatch(/<svg role="img" aria-label="Retention by value: average share retained per week, one line per value of channel\. \u2068email\u2069 \(40 users\): Week 1 25\.0%, Week 2 20\.0%; \u2068\(none\)\u2069 \(5 users\): Week 1 20\.0%, Week 2 20\.0%\./);
    expect(body).toContain('data-testid="breakdown-line-0" data-value="email"');
    expect(body).toContain('All values');
    const table = body.slice(body.indexOf('data-testid="retention-breakdown-table"')).split('</table>')[0];
    const cells = [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '').trim());
    expect(cells).toEqual(['channel', 'Users', 'Week 1', 'Week 2', 'email', '40', '25.0% (40)', '20.0% (10)', '(none)', '5', '20.0% (5)', '20.0% (5)']);
  });

  // "email": the 2024-01-08 cohort is still running at period 1 (a partial count mixed in), and
  // period 2 is reached only by 2024-01-01, whose period 2 is still running (0 so far).
  const running = structuredClone(result);
  running.breakdown![0].cohorts = [{ ...cohort('2024-01-01', 10, [10, 4, 0]), incomplete_from: 2 }, { ...cohort('2024-01-08', 30, [30, 0, null]), incomplete_from: 1 }];
  running.breakdown![0].total = { size: 40, retained: [40, 4, 0], eligible: [40, 40, 10] };

  it('marks a period some cohort of the value is still running in, with the users concerned', () => {
    const s = breakdownSeries(running)[0];
    expect(s.points.map((p) => [p.period, p.incomplete, p.running, p.partial])).toEqual([[0, false, false, 0], [1, true, false, 30], [2, true, true, 10]]);
    expect(breakdownSeries(running)[1].points.every((p) => !p.incomplete)).toBe(true);
  });

  it('draws a partly running period hollow, and stops the line before one all running, not at 0', () => {
    const geo = breakdownCurves(breakdownSeries(running), 2, 600, 280);
    expect(geo.curves[0].points.map((p) => [p.period, p.incomplete])).toEqual([[1, true]]);
    expect(geo.curves[0].pending.map((p) => p.period)).toEqual([2]);
    expect(geo.curves[0].path).not.toContain('L');
    expect(geo.curves[1].path.match(/L/g)).toHaveLength(1);
    const body = render(RetentionBreakdownCurves, { props: { result: running, column: 'channel' } }).body;
    expect(body.replace(/<[^>]+>/g, '')).toContain('10.0%* (40)');
    expect(body.replace(/<[^>]+>/g, '')).toContain('0.0%* (10)');
    expect(body).toContain('data-period="1" data-rate="0.1" data-incomplete="true"');
    expect(body).not.toContain('data-period="2" data-rate="0"');
    expect(body).toContain('Hollow points (* in the table and tooltip)');
    // The overall reference (24% at period 1) is inside the plot, not above its top.
    expect(body).not.toMatch(/<path d="M[\d.]+,-/);
  });
});
