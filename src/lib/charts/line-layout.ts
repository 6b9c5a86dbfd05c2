import { line, scaleLinear, scaleUtc } from 'd3';
import { maxOf } from '../extremes';

/**
 * Geometry of a line chart over calendar periods (ISO dates) with values 0…1 (conversion): one
 * series per line, gaps where a value is null (a period with nobody in it). A point can be marked
 * `open` (drawn hollow): its number may still grow.
 */
export const LINE_MARGIN = { top: 16, right: 20, bottom: 36, left: 48 };

export interface LineInput {
  label: string;
  color: string;
  values: (number | null)[];
  open?: boolean[];
}

export interface LinePoint {
  i: number;
  x: number;
  y: number;
  value: number;
  open: boolean;
}

export const isoDay = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

export function lineLayout(dates: string[], series: LineInput[], width: number, height: number) {
  const m = LINE_MARGIN;
  const ds = dates.map(isoDay);
  const first = ds[0] ?? new Date(0);
  const last = ds[ds.length - 1] ?? first;
  const x = scaleUtc().domain(first.getTime() === last.getTime() ? [first, new Date(first.getTime() + 86400e3)] : [first, last]).range([m.left, width - m.right]);
  const top = maxOf(series.flatMap((s) => s.values.filter((v): v is number => v !== null)), 0);
  const y = scaleLinear().domain([0, top > 0 ? Math.min(1, top * 1.1) : 1]).nice().range([height - m.bottom, m.top]);
  const draw = line<LinePoint | null>().defined((p) => p !== null).x((p) => p!.x).y((p) => p!.y);
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => (v === null ? null : { i, x: x(ds[i]), y: y(v), value: v, open: s.open?.[i] ?? false }));
    return { label: s.label, color: s.color, path: draw(pts) ?? '', points: pts.filter((p): p is LinePoint => p !== null) };
  });
  const xTicks = x.ticks(Math.max(2, Math.min(ds.length, Math.floor(width / 90))));
  return {
    lines,
    xs: ds.map((d) => x(d)),
    xTicks: xTicks.map((d) => ({ x: x(d), label: d.toISOString().slice(0, 10) })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), value: v })),
    left: m.left,
    right: width - m.right,
    top: m.top,
    bottom: height - m.bottom
  };
}
