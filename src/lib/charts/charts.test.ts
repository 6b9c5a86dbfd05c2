import { describe, expect, it } from 'vitest';
import type { FunnelResult, RetentionResult } from '../schema/types';
import { formatCompact, formatDuration, formatInt, formatPct, isolate, slug, truncate } from './number-format';
import { funnelLayout, MARGIN } from './funnel-layout';
import { funnelCsv, funnelRows } from './funnel-table';
import { maxRate, retentionCsv, retentionRows } from './retention-grid';
import { retentionCurves } from './retention-curves';
import { toCsv } from '../export/csv';

const step = (n: number, label: string, users: number, conversion: number, step_conversion: number, median: number | null = null) => ({
  step: n, label, users, conversion, step_conversion, avg_seconds: median, median_seconds: median
});

const funnel: FunnelResult = {
  kind: 'stages',
  steps: [step(1, 'awareness', 1000, 1, 1), step(2, 'consideration', 120, 0.12, 0.12, 3100), step(3, 'purchase', 0, 0, 0)],
  empty_stages: ['advocacy']
};

describe('format', () => {
  it('formats counts, shares and durations', () => {
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatInt(null)).toBe('—');
    expect(formatCompact(1_500_000)).toBe('1.5M');
    expect(formatCompact(500_000)).toBe('500K');
    expect(formatCompact(200)).toBe('200');
    expect(formatPct(0.12)).toBe('12.0%');
    expect(formatPct(1)).toBe('100%');
    expect(formatPct(0)).toBe('0.0%');
    expect(formatPct(0.000004)).toBe('<0.1%');
    expect(formatPct(0.123456, 2)).toBe('12.35%');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.4)).toBe('<1 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(3100)).toBe('52 min'); // 51.67 min
    expect(formatDuration(5400.5)).toBe('1.5 h');
    expect(formatDuration(90 * 86400)).toBe('90 d');
    expect(formatDuration(null)).toBe('—');
  });

  it('isolates, truncates by code point and slugs', () => {
    expect(isolate('\u202Eevil')).toBe('\u2068\u202Eevil\u2069');
    expect(truncate('👨‍👩‍👧 family', 3)).toBe('👨\u200D…');
    expect(truncate('short', 10)).toBe('short');
    expect(slug('Date span')).toBe('date-span');
    expect(slug('Révenue (€)')).toBe('revenue');
    expect(slug('!!!')).toBe('item');
  });
});

describe('funnel layout', () => {
  const l = funnelLayout(funnel, 600, 300);

  it('shows every step, empty and unmapped ones included', () => {
    expect(l.bars.map((b) => [b.label, b.users, b.unmapped])).toEqual([
      ['awareness', 1000, false], ['consideration', 120, false], ['purchase', 0, false], ['advocacy', 0, true]
    ]);
  });

  it('scales bar heights to users on one axis', () => {
    const plot = 300 - MARGIN.bottom - MARGIN.top; // y domain 0..1000 (already nice)
    expect(l.bars[0].h).toBeCloseTo(plot, 2);
    expect(l.bars[1].h).toBeCloseTo(plot * 0.12, 2);
    expect(l.bars[2].h).toBe(0);
    expect(l.bars[0].y + l.bars[0].h).toBe(300 - MARGIN.bottom);
    // Equal widths, left to right inside the margins.
    expect(new Set(l.bars.map((b) => b.w)).size).toBe(1);
    expect(l.bars[0].x).toBeGreaterThanOrEqual(MARGIN.left);
    expect(l.bars[3].x + l.bars[3].w).toBeLessThanOrEqual(600 - MARGIN.right);
  });

  it('lays out a result with no steps without NaN', () => {
    const none = funnelLayout({ kind: 'funnel', steps: [] }, 600, 300);
    expect(none.bars).toEqual([]);
    expect([none.axisX, none.axisEnd, ...none.ticks.map((t) => t.y)].every(Number.isFinite)).toBe(true);
  });

  it('keeps a short funnel narrow and centred', () => {
    const one = funnelLayout({ kind: 'funnel', steps: [step(1, 'a', 5, 1, 1)] }, 1000, 300);
    expect(one.bars[0].w).toBeLessThan(200);
    expect(one.bars[0].x + one.bars[0].w / 2).toBeCloseTo((MARGIN.left + 1000 - MARGIN.right) / 2, 1);
    expect(one.axisX).toBe(one.bars[0].x - 8);
  });

  it('computes drop-off between mapped neighbours only', () => {
    expect(l.drops.map((d) => [d.from, d.to, d.lost, d.share])).toEqual([[1, 2, 880, 0.88], [2, 3, 120, 1]]);
    expect(l.drops[0].x).toBeCloseTo((l.bars[0].x + l.bars[0].w + l.bars[1].x) / 2, 1);
  });

  it('draws a breakdown as grouped bars on the groups own scale', () => {
    const withGroups: FunnelResult = {
      ...funnel,
      empty_stages: [],
      breakdown: [
        { value: 'email', steps: [step(1, 'awareness', 600, 1, 1), step(2, 'consideration', 100, 1 / 6, 1 / 6), step(3, 'purchase', 0, 0, 0)] },
        { value: null, steps: [step(1, 'awareness', 400, 1, 1), step(2, 'consideration', 20, 0.05, 0.05), step(3, 'purchase', 0, 0, 0)] }
      ]
    };
    const g = funnelLayout(withGroups, 600, 300);
    expect(g.groups.map((x) => x.value)).toEqual(['email', null]);
    expect(g.groupBars).toHaveLength(6);
    const [e1, e2] = [g.groupBars[0], g.groupBars[1]];
    expect(e1.h).toBeCloseTo(300 - MARGIN.bottom - MARGIN.top, 2); // 600 is the top of 0..600
    expect(e2.h / e1.h).toBeCloseTo(100 / 600, 3);
    // Two groups side by side inside the step's band.
    expect(g.groupBars[3].x).toBeGreaterThan(e1.x + e1.w - 1e-9);
    expect(g.hiddenGroups).toBe(0);
  });
});

describe('funnel table and CSV', () => {
  it('formats the table rows, empty stages included', () => {
    expect(funnelRows(funnel.steps, funnel.empty_stages)).toEqual([
      { step: 1, label: 'awareness', users: '1,000', ofFirst: '100%', ofPrevious: '—', median: '—', unmapped: false },
      { step: 2, label: 'consideration', users: '120', ofFirst: '12.0%', ofPrevious: '12.0%', median: '52 min', unmapped: false },
      { step: 3, label: 'purchase', users: '0', ofFirst: '0.0%', ofPrevious: '0.0%', median: '—', unmapped: false },
      { step: 4, label: 'advocacy', users: '—', ofFirst: '—', ofPrevious: '—', median: '—', unmapped: true }
    ]);
  });

  it('exports raw numbers', () => {
    const { columns, rows } = funnelCsv(funnel);
    expect(toCsv(columns, rows).split('\r\n').slice(0, 3)).toEqual([
      'group,breakdown_value,step,label,users,conversion,step_conversion,avg_seconds,median_seconds',
      'all,,1,awareness,1000,1,1,,',
      'all,,2,consideration,120,0.12,0.12,3100,3100'
    ]);
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

describe('retention grid', () => {
  const rows = retentionRows(retention);

  it('gives one row per cohort and a weighted average row', () => {
    expect(rows.map((r) => [r.label, r.size, r.average])).toEqual([['2024-01-01', 100, false], ['2024-01-08', 50, false], ['All cohorts', 150, true]]);
    expect(rows[0].cells.map((c) => c.rate)).toEqual([0.4, 0.2]);
    expect(rows[1].cells.map((c) => [c.count, c.rate, c.incomplete])).toEqual([[10, 0.2, true], [null, null, true]]);
    // (40 + 10) / (100 + 50) and 20 / 100: weighted by eligible users, not a mean of rates (0.3).
    expect(rows[2].cells.map((c) => c.rate)).toEqual([50 / 150, 0.2]);
    expect(maxRate(rows)).toBe(0.4);
  });

  it('exports counts with totals', () => {
    const { columns, rows: r } = retentionCsv(retention);
    expect(toCsv(columns, r)).toBe(
      'cohort,size,week_0,week_1,week_2\r\n2024-01-01,100,100,40,20\r\n2024-01-08,50,50,10,\r\ntotal_retained,150,150,50,20\r\ntotal_eligible,150,150,150,100\r\n'
    );
  });

  it('draws curves from 100% at period 0, stopping where data ends or periods are in progress', () => {
    const { curves, yTicks } = retentionCurves(rows, 400, 200);
    expect(curves[0].points.map((p) => p.rate)).toEqual([1, 0.4, 0.2]);
    expect(curves[1].points.map((p) => p.period)).toEqual([0]); // period 1 is still in progress
    expect(curves[2].average).toBe(true);
    expect(curves[0].path.startsWith('M48,')).toBe(true);
    expect(yTicks[0].value).toBe(0);
    expect(curves[0].points[0].y).toBe(16); // 100% at the top margin
  });

  it('keeps the average through a period some cohort is still running in, dashed and marked', () => {
    const { curves } = retentionCurves(rows, 400, 200);
    const avg = curves[2];
    // Period 1 mixes the running 2024-01-08 cohort: kept, but as an unfinished point.
    expect(avg.points.map((p) => [p.period, p.incomplete])).toEqual([[0, false], [1, true], [2, false]]);
    expect(avg.path).toBe('');
    expect(avg.pendingPath.match(/M/g)).toHaveLength(1);
    expect(avg.pendingPath.match(/L/g)).toHaveLength(2);
    expect(curves[0].pendingPath).toBe('');
  });
});

describe('stage order', () => {
  const result = {
    kind: 'stages' as const,
    steps: [
      { step: 1, label: 'awareness', users: 100, conversion: 1, step_conversion: 1, avg_seconds: null, median_seconds: null },
      { step: 2, label: 'purchase', users: 10, conversion: 0.1, step_conversion: 0.1, avg_seconds: 5, median_seconds: 5 }
    ],
    empty_stages: ['consideration', 'retention']
  };
  const order = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];

  it('an unmapped stage sits in its place, and the drop-off spans it', () => {
    const l = funnelLayout(result, 800, 300, 6, order);
    expect(l.bars.map((b) => b.label)).toEqual(['awareness', 'consideration', 'purchase', 'retention']);
    expect(l.drops).toHaveLength(1);
    expect(l.drops[0]).toMatchObject({ from: 1, to: 2, lost: 90 });
    // Drawn in the gap just before "purchase", i.e. after the empty "consideration" bar.
    expect(l.drops[0].x).toBeGreaterThan(l.bars[1].x + l.bars[1].w);
    expect(l.drops[0].x).toBeLessThan(l.bars[2].x);
    expect(funnelRows(result.steps, result.empty_stages, order).map((r) => r.label)).toEqual(['awareness', 'consideration', 'purchase', 'retention']);
  });

  it('without an order, unmapped stages come last', () => {
    expect(funnelLayout(result, 800).bars.map((b) => b.label)).toEqual(['awareness', 'purchase', 'consideration', 'retention']);
  });
});
