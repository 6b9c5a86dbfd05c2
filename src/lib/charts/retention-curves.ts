import { line, scaleLinear } from 'd3';
import type { RetentionRow } from './retention-grid';
import { maxOf } from '../extremes';

/**
 * Line geometry for the retention curves: x = period (0 … n), y = share retained (100% at 0).
 * A period still in progress is left off a cohort's line: its share is partial and would draw a
 * false plunge at the end of every recent cohort.
 */
export interface Curve {
  label: string;
  average: boolean;
  path: string;
  points: { period: number; rate: number; count: number; base: number; x: number; y: number }[];
}

export const CURVE_MARGIN = { top: 16, right: 16, bottom: 36, left: 48 };

export function retentionCurves(rows: RetentionRow[], width: number, height: number) {
  const periods = maxOf(rows.map((r) => r.cells.length), 1);
  const x = scaleLinear().domain([0, periods]).range([CURVE_MARGIN.left, width - CURVE_MARGIN.right]);
  const y = scaleLinear().domain([0, 1]).range([height - CURVE_MARGIN.bottom, CURVE_MARGIN.top]);
  const draw = line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y);
  const curves: Curve[] = rows.map((r) => {
    const points = [{ period: 0, rate: 1, count: r.size, base: r.size }, ...r.cells.filter((c) => c.rate !== null && !c.incomplete).map((c) => ({ period: c.period, rate: c.rate!, count: c.count!, base: c.base }))]
      // A row with nobody in it has no curve, not a 100% point.
      .filter(() => r.size > 0)
      .map((p) => ({ ...p, x: x(p.period), y: y(p.rate) }));
    return { label: r.label, average: r.average, path: draw(points) ?? '', points };
  });
  return {
    curves,
    xTicks: x.ticks(Math.min(periods, Math.max(2, Math.floor(width / 60)))).filter(Number.isInteger).map((v) => ({ x: x(v), value: v })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), value: v })),
    bottom: height - CURVE_MARGIN.bottom
  };
}
