import { scaleBand, scaleLinear } from 'd3';
import type { LifecycleResult } from '../analysis/lifecycle';
import type { CsvColumn, CsvRow } from '../export/csv';
import { periodAxes } from './period-axes';

/**
 * Geometry of the lifecycle chart: one bar per period, the active users stacked above zero (new
 * at the axis, then returning, then resurrecting) and the dormant users below it. The result keeps
 * `dormant` as a count; only the drawing puts it under the axis.
 */
export const LIFECYCLE_MARGIN = { top: 16, right: 16, bottom: 40, left: 56 };

export type LifecycleStatus = 'new' | 'returning' | 'resurrecting' | 'dormant';
export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = ['new', 'returning', 'resurrecting', 'dormant'];

/** Okabe & Ito colours: growth in blue/green, the loss in vermillion. */
export const LIFECYCLE_COLOURS: Record<LifecycleStatus, string> = {
  new: '#0072B2',
  returning: '#009E73',
  resurrecting: '#56B4E9',
  dormant: '#D55E00'
};

export interface LifecycleSegment {
  period: number;
  status: LifecycleStatus;
  users: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export function lifecycleLayout(result: LifecycleResult, width: number, height: number) {
  const m = LIFECYCLE_MARGIN;
  const x = scaleBand<number>().domain(result.periods.map((_, i) => i)).range([m.left, width - m.right]).padding(0.2);
  const up = Math.max(1, ...result.periods.map((p) => p.active));
  const down = Math.max(0, ...result.periods.map((p) => p.dormant));
  const y = scaleLinear().domain([-down, up]).nice().range([height - m.bottom, m.top]);
  const segments: LifecycleSegment[] = [];
  result.periods.forEach((p, i) => {
    let base = 0;
    for (const status of ['new', 'returning', 'resurrecting'] as const) {
      const n = p[status];
      segments.push({ period: i, status, users: n, x: x(i)!, y: y(base + n), w: x.bandwidth(), h: y(base) - y(base + n) });
      base += n;
    }
    segments.push({ period: i, status: 'dormant', users: p.dormant, x: x(i)!, y: y(0), w: x.bandwidth(), h: y(-p.dormant) - y(0) });
  });
  return { ...periodAxes(result.periods, result.incomplete_from, x, y, m, { width, height, labelPx: 64 }), segments, zeroY: y(0) };
}

/** The numbers behind the chart, for the screen-reader table and the CSV export. */
export function lifecycleTable(result: LifecycleResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const n = (name: string): CsvColumn => ({ name, type: 'number' });
  return {
    columns: [{ name: 'period' }, n('new'), n('returning'), n('resurrecting'), n('dormant'), n('active'), { name: 'complete' }],
    rows: result.periods.map((p, i) => [p.start, p.new, p.returning, p.resurrecting, p.dormant, p.active, result.incomplete_from === null || i < result.incomplete_from])
  };
}
