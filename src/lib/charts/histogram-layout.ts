import { scaleLinear } from 'd3';
import type { Bin } from '../analysis/funnel-bins';
import { formatDuration } from './number-format';
import { maxOf } from '../extremes';

/**
 * Geometry of the time-to-convert histogram. Bins are drawn at equal widths: on the duration
 * ladder that is a log-like axis (each rung 1.4–2.5× the last), on even bins a linear one. The median
 * sits inside its bin at the same kind of position (log inside a ladder rung, linear otherwise).
 */
export const HIST_MARGIN = { top: 28, right: 16, bottom: 40, left: 48 };

export interface HistBar {
  i: number;
  x: number;
  y: number;
  w: number;
  h: number;
  users: number;
  label: string;
}

/** "5 min – 10 min", "≥ 5 y", "0 s – 1 s". */
export function binLabel(b: Bin): string {
  return b.to_seconds === null ? `≥ ${formatDuration(b.from_seconds)}` : `${formatDuration(b.from_seconds)} – ${formatDuration(b.to_seconds)}`;
}

/** Where `m` lies inside [from, to): 0…1, on a log scale for ladder rungs that start above 0. */
export function positionInBin(b: Bin, m: number, scale: 'ladder' | 'linear'): number {
  if (b.to_seconds === null || b.to_seconds === b.from_seconds) return 0.5;
  const t = scale === 'ladder' && b.from_seconds > 0
    ? Math.log(m / b.from_seconds) / Math.log(b.to_seconds / b.from_seconds)
    : (m - b.from_seconds) / (b.to_seconds - b.from_seconds);
  return Math.min(1, Math.max(0, t));
}

export function histogramLayout(bins: Bin[], median: number | null, scale: 'ladder' | 'linear', width: number, height: number) {
  const m = HIST_MARGIN;
  const inner = Math.max(1, width - m.left - m.right);
  const step = bins.length ? inner / bins.length : inner;
  const gap = Math.min(4, step * 0.15);
  const max = maxOf(bins.map((b) => b.users), 1);
  const y = scaleLinear().domain([0, max]).nice().range([height - m.bottom, m.top]);
  const bars: HistBar[] = bins.map((b, i) => ({
    i,
    x: m.left + i * step + gap / 2,
    y: y(b.users),
    w: Math.max(1, step - gap),
    h: y(0) - y(b.users),
    users: b.users,
    label: binLabel(b)
  }));
  // Edge labels: every edge while they fit (about 56 px each), else every 2nd, 3rd, …
  const every = Math.max(1, Math.ceil(56 / step));
  const edges = bins.flatMap((b, i) => {
    const out = i % every === 0 ? [{ x: m.left + i * step, label: formatDuration(b.from_seconds) }] : [];
    if (i === bins.length - 1 && b.to_seconds !== null && (i + 1) % every === 0) out.push({ x: m.left + (i + 1) * step, label: formatDuration(b.to_seconds) });
    return out;
  });
  let medianX: number | null = null;
  if (median !== null && bins.length) {
    const i = bins.findIndex((b, j) => median >= b.from_seconds && (b.to_seconds === null || median < b.to_seconds || j === bins.length - 1));
    if (i >= 0) medianX = m.left + (i + positionInBin(bins[i], median, scale)) * step;
  }
  return {
    width,
    height,
    bars,
    edges,
    yTicks: y.ticks(4).filter(Number.isInteger).map((v) => ({ y: y(v), value: v })),
    medianX,
    left: m.left,
    right: width - m.right,
    top: m.top,
    bottom: height - m.bottom
  };
}
