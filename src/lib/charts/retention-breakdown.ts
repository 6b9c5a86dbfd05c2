import { line, scaleLinear } from 'd3';
import type { RetentionResult } from '../schema/types';
import type { CsvColumn, CsvRow } from '../export/csv';
import { CURVE_MARGIN } from './retention-curves';
import { maxOf } from '../extremes';

/**
 * One average curve per breakdown value: at period n, the group's `total.retained[n] /
 * total.eligible[n]` (each group's cohorts weighted by their eligible users, as the overall
 * average is). A period no cohort of the group reaches has no point. A period some cohort of the
 * group is still running in is `incomplete` (its share may still grow): the table and tooltip mark
 * it with *, the line draws it as a hollow point. Where every contributing cohort is still running
 * (`running`: typically the last period, reached only by the oldest cohort, whose period has just
 * begun) the line stops before it, so a partial count never draws as a plunge towards 0. (With
 * back-to-back cohorts every period n ≥ 1 has one cohort in its current period, so most points of a
 * weekly chart are hollow: a small part of their users is still counting.)
 */
export interface BreakdownPoint {
  period: number;
  retained: number;
  eligible: number;
  rate: number;
  incomplete: boolean;
  /** Every eligible user's period is still running: not drawn. */
  running: boolean;
  /** Users of `eligible` whose cohort's period is still running. */
  partial: number;
}

export interface BreakdownSeries {
  /** The value as the data has it; null when the start event had none. */
  value: string | null;
  /** What a person reads: the value, or "(none)". */
  label: string;
  size: number;
  points: BreakdownPoint[];
}

/** Lines drawn at most: more values stay in the table (and the CSV), ranked by size. */
export const MAX_LINES = 10;

export const valueLabel = (v: string | null) => (v === null ? '(none)' : v === '' ? '(empty)' : v);

export function breakdownSeries(result: RetentionResult): BreakdownSeries[] {
  return (result.breakdown ?? []).map((g) => ({
    value: g.value,
    label: valueLabel(g.value),
    size: g.total.size,
    points: g.total.retained.flatMap((r, n) => {
      const e = g.total.eligible[n] ?? 0;
      const partial = g.cohorts.reduce((s, c) => s + (c.incomplete_from !== null && n >= c.incomplete_from && c.retained[n] != null ? c.size : 0), 0);
      return r === null || e <= 0 ? [] : [{ period: n, retained: r, eligible: e, rate: r / e, incomplete: partial > 0, running: partial >= e, partial }];
    })
  }));
}

/**
 * Period 0 is 100% for every value, so the lines start at period 1 and the y axis spans 0 to the
 * largest share drawn: the differences between values are what this chart is for.
 */
export function breakdownCurves(series: BreakdownSeries[], periods: number, width: number, height: number, reference: number[] = [], maxLines = MAX_LINES) {
  // An export draws every value (maxLines Infinity); the page the first MAX_LINES.
  const drawn = series.slice(0, maxLines).map((s) => ({ ...s, points: s.points.filter((p) => p.period >= 1) }));
  // `reference`: the overall line's shares, so the grey reference never runs off the top.
  const top = maxOf([...drawn.flatMap((s) => s.points.filter((p) => !p.running).map((p) => p.rate)), ...reference], 0.05);
  const x = scaleLinear().domain([1, Math.max(2, periods)]).range([CURVE_MARGIN.left, width - CURVE_MARGIN.right]);
  const y = scaleLinear().domain([0, top]).nice(5).range([height - CURVE_MARGIN.bottom, CURVE_MARGIN.top]);
  // An unfinished period between finished ones breaks the line rather than being bridged.
  const draw = line<{ x: number; y: number; running: boolean }>().defined((p) => !p.running).x((p) => p.x).y((p) => p.y);
  const curves = drawn.map((s) => {
    // Periods every contributing cohort is still running in are not drawn; they stay in `pending`
    // for the tooltip (and the table).
    const all = s.points.map((p) => ({ ...p, x: x(p.period), y: y(p.rate) }));
    const points = all.filter((p) => !p.running);
    return { ...s, points, pending: all.filter((p) => p.running), path: draw(all) ?? '' };
  });
  return {
    curves,
    xTicks: x.ticks(Math.min(Math.max(1, periods - 1), Math.max(2, Math.floor(width / 60)))).filter((v) => Number.isInteger(v) && v <= periods).map((v) => ({ x: x(v), value: v })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), value: v })),
    bottom: height - CURVE_MARGIN.bottom,
    x,
    y
  };
}

/** The CSV behind the chart: per value and period, retained users, eligible users and the share. */
export function breakdownCsv(result: RetentionResult, column: string): { columns: CsvColumn[]; rows: CsvRow[] } {
  const periods = result.total.retained.length;
  const columns: CsvColumn[] = [{ name: column, type: 'text' }, { name: 'users', type: 'number' }];
  for (let n = 0; n < periods; n++) {
    for (const k of ['retained', 'eligible', 'rate']) columns.push({ name: `${result.period}_${n}_${k}`, type: 'number' });
  }
  const rows: CsvRow[] = (result.breakdown ?? []).map((g) => [
    g.value,
    g.total.size,
    ...g.total.retained.flatMap((r, n) => {
      const e = g.total.eligible[n] ?? 0;
      return [r, e, r === null || e <= 0 ? null : r / e];
    })
  ]);
  return { columns, rows };
}
