import { scaleBand, scaleLinear } from 'd3';
import type { StickinessResult } from '../analysis/stickiness';
import type { CsvColumn, CsvRow } from '../export/csv';

/**
 * Geometry of the stickiness chart for one period: a bar per number of active days (1 … days in
 * the period), its height the share of that period's active users. Shares, not counts, so that
 * periods of different sizes compare when the picker moves between them.
 */
export const STICKINESS_MARGIN = { top: 16, right: 16, bottom: 40, left: 48 };

/** The period shown first: the last complete one, else the last one. */
export function defaultStickinessPeriod(result: StickinessResult): number {
  const n = result.periods.length;
  if (n === 0) return -1;
  return result.incomplete_from !== null && result.incomplete_from > 0 ? result.incomplete_from - 1 : n - 1;
}

export function stickinessLayout(result: StickinessResult, index: number, width: number, height: number) {
  const m = STICKINESS_MARGIN;
  const p = result.periods[index];
  const days = p ? p.days : [];
  const shares = days.map((n) => (p && p.users > 0 ? n / p.users : 0));
  const x = scaleBand<number>().domain(days.map((_, i) => i)).range([m.left, width - m.right]).padding(0.15);
  const y = scaleLinear().domain([0, Math.max(0.01, ...shares)]).nice().range([height - m.bottom, m.top]);
  const every = Math.max(1, Math.ceil(28 / Math.max(1, x.step())));
  return {
    width,
    height,
    bars: days.map((users, i) => ({ k: i + 1, users, share: shares[i], x: x(i)!, y: y(shares[i]), w: x.bandwidth(), h: y(0) - y(shares[i]) })),
    xLabels: days.map((_, i) => ({ k: i + 1, x: x(i)! + x.bandwidth() / 2 })).filter((l) => (l.k - 1) % every === 0),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), value: v })),
    left: m.left,
    right: width - m.right,
    top: m.top,
    bottom: height - m.bottom
  };
}

/** Every period's distribution: one row per period, one column per number of active days. */
export function stickinessTable(result: StickinessResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const longest = Math.max(0, ...result.periods.map((p) => p.days_in_period));
  const word = result.cumulative ? 'at least' : 'exactly';
  return {
    columns: [
      { name: 'period' }, { name: 'users', type: 'number' }, { name: 'mean days', type: 'number' },
      ...Array.from({ length: longest }, (_, i) => ({ name: `${word} ${i + 1} d`, type: 'number' as const }))
    ],
    // A shorter month has no entry for its missing days: empty cells, not zeros.
    rows: result.periods.map((p) => [p.start, p.users, p.mean_days, ...Array.from({ length: longest }, (_, i) => (i < p.days.length ? p.days[i] : null))])
  };
}
