import { scaleLinear } from 'd3';
import type { RetentionRow } from './retention-grid';
import { maxOf } from '../extremes';

/**
 * Line geometry for the retention curves: x = period (0 … n), y = share retained (100% at 0).
 * A period still in progress is left off a cohort's line: its share is partial and would draw a
 * false plunge at the end of every recent cohort. The average keeps such a period (it mixes
 * finished cohorts with the running one), but marked: it is reached by a dashed segment and drawn
 * as a hollow point, so its dip never reads as a finished number.
 */
export interface CurvePoint {
  period: number;
  rate: number;
  count: number;
  base: number;
  x: number;
  y: number;
  /** Some contributing cohort's period is still running (average only; cohorts leave it off). */
  incomplete: boolean;
}

export interface Curve {
  label: string;
  average: boolean;
  /** Segments between finished periods, drawn solid. */
  path: string;
  /** Segments that touch an unfinished period, drawn dashed; empty when none. */
  pendingPath: string;
  points: CurvePoint[];
}

/** Splits a polyline into solid (both ends finished) and dashed (an end unfinished) segments. */
export function splitSegments(points: { x: number; y: number; incomplete: boolean }[]): { solid: string; pending: string } {
  let solid = '';
  let pending = '';
  // Consecutive segments of one kind continue one run (so joins stay round); a change starts anew.
  let last: 'solid' | 'pending' | null = null;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const kind = a.incomplete || b.incomplete ? 'pending' : 'solid';
    const seg = (last === kind ? '' : `M${a.x},${a.y}`) + `L${b.x},${b.y}`;
    if (kind === 'pending') pending += seg;
    else solid += seg;
    last = kind;
  }
  // A lone finished point still gets a path (a dot-sized move), so a one-period line is not lost.
  if (points.length === 1 && !points[0].incomplete) solid = `M${points[0].x},${points[0].y}Z`;
  return { solid, pending };
}

export const CURVE_MARGIN = { top: 16, right: 16, bottom: 36, left: 48 };

export function retentionCurves(rows: RetentionRow[], width: number, height: number) {
  const periods = maxOf(rows.map((r) => r.cells.length), 1);
  const x = scaleLinear().domain([0, periods]).range([CURVE_MARGIN.left, width - CURVE_MARGIN.right]);
  const y = scaleLinear().domain([0, 1]).range([height - CURVE_MARGIN.bottom, CURVE_MARGIN.top]);
  const curves: Curve[] = rows.map((r) => {
    const kept = r.cells.filter((c) => c.rate !== null && (r.average || !c.incomplete));
    const points = [{ period: 0, rate: 1, count: r.size, base: r.size, incomplete: false }, ...kept.map((c) => ({ period: c.period, rate: c.rate!, count: c.count!, base: c.base, incomplete: c.incomplete }))]
      // A row with nobody in it has no curve, not a 100% point.
      .filter(() => r.size > 0)
      .map((p) => ({ ...p, x: x(p.period), y: y(p.rate) }));
    const { solid, pending } = splitSegments(points);
    return { label: r.label, average: r.average, path: solid, pendingPath: pending, points };
  });
  return {
    curves,
    xTicks: x.ticks(Math.min(periods, Math.max(2, Math.floor(width / 60)))).filter(Number.isInteger).map((v) => ({ x: x(v), value: v })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), value: v })),
    bottom: height - CURVE_MARGIN.bottom
  };
}
