import { describe, expect, it } from 'vitest';
import { binsFromCounts } from '../analysis/funnel-bins';
import { cohortCurves, type CohortGridRow } from './cohort-grid';
import { lineLayout } from './line-layout';
import { maxRate, type RetentionRow } from './retention-grid';

/**
 * Regression: the chart scales took `Math.max(...values)`, which throws RangeError past V8's
 * argument limit (about 120k-180k values): a daily retention over 1000 periods blanked the heatmap.
 * 200k values each here, as 200 rows of 1000 periods where the data has rows.
 */
const N = 200_000;
const rate = (i: number) => ((i * 7919) % 1000) / 1000;

describe('chart scales over 200k values', () => {
  it('retention heatmap: the top of the colour scale', () => {
    const rows: RetentionRow[] = Array.from({ length: 200 }, (_, r) => ({
      label: `c${r}`,
      size: 10,
      average: false,
      cells: Array.from({ length: 1000 }, (_, i) => ({ period: i + 1, count: 1, base: 10, rate: rate(r * 1000 + i), incomplete: false }))
    }));
    expect(rows.flatMap((r) => r.cells).length).toBe(N);
    expect(maxRate(rows)).toBe(0.999);
  });

  it('cohort curves: the value axis', () => {
    const rows: CohortGridRow[] = Array.from({ length: 200 }, (_, r) => ({ label: `c${r}`, size: 1, total: false, incompleteFrom: null, values: Array.from({ length: 1000 }, (_, i) => rate(r * 1000 + i) - 0.5), eligible: [], incomplete: [], short: [] }));
    const c = cohortCurves(rows, 800, 400);
    expect(c.curves).toHaveLength(200);
    // The lowest value (-0.5) sits on the axis' bottom: the domain reaches it.
    expect(c.curves[0].points.find((p) => p.value === -0.5)?.y).toBe(c.bottom);
  });

  it('line chart: the value axis', () => {
    const dates = Array.from({ length: N }, (_, i) => new Date(Date.UTC(2000, 0, 1) + i * 3600_000).toISOString());
    const l = lineLayout(dates, [{ label: 'a', color: '#000', values: dates.map((_, i) => rate(i)) }], 800, 400);
    expect(l).toBeTruthy();
  });

  it('time-to-convert bins: the first and last used bin', () => {
    const edges = Array.from({ length: N + 1 }, (_, i) => i);
    const counts = new Map(edges.slice(0, N).map((i) => [i, 1]));
    const bins = binsFromCounts(edges, counts, false);
    expect([bins.length, bins[0].from_seconds, bins.at(-1)!.from_seconds]).toEqual([N, 0, N - 1]);
  });
});
