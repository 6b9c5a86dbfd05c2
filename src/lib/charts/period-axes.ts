import type { ScaleBand, ScaleLinear } from 'd3';

/**
 * The axes of a chart with one column per period (lifecycle, engagement): whole-number user ticks,
 * the periods' start dates thinned to fit (every one while about `labelPx` each fits, else every
 * 2nd, 3rd, …), starred when the period is still running, and the plot's edges.
 */
export function periodAxes(
  periods: { start: string }[],
  incompleteFrom: number | null,
  x: ScaleBand<number>,
  y: ScaleLinear<number, number>,
  margin: { top: number; right: number; bottom: number; left: number },
  size: { width: number; height: number; labelPx: number }
) {
  const every = Math.max(1, Math.ceil(size.labelPx / Math.max(1, x.step())));
  return {
    width: size.width,
    height: size.height,
    yTicks: y.ticks(5).filter(Number.isInteger).map((v) => ({ y: y(v), value: v })),
    xLabels: periods
      .map((p, i) => ({ i, x: x(i)! + x.bandwidth() / 2, label: p.start, incomplete: incompleteFrom !== null && i >= incompleteFrom }))
      .filter((l) => l.i % every === 0),
    left: margin.left,
    right: size.width - margin.right,
    top: margin.top,
    bottom: size.height - margin.bottom
  };
}
