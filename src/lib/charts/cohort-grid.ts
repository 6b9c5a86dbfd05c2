import { extent, scaleLinear } from 'd3';
import { splitSegments } from './retention-curves';
import type { CohortMetric, CohortRow, CohortsResult } from '../schema/types';
import type { CsvColumn, CsvRow } from '../export/csv';
import { formatInt, formatPct } from './number-format';
import { maxOf, minOf } from '../extremes';

export const METRICS: { value: Exclude<CohortMetric, 'users'> | 'users'; label: string }[] = [
  { value: 'retention', label: 'Retention (% of cohort active)' },
  { value: 'users', label: 'Active users' },
  { value: 'revenue', label: 'Revenue' },
  { value: 'cumulative_revenue_per_user', label: 'Cumulative revenue per user (LTV)' },
  { value: 'orders_per_user', label: 'Orders per user' },
  { value: 'repeat_purchase_rate', label: 'Repeat-purchase rate' }
];

type Row = Pick<CohortRow, 'size'> & Partial<Pick<CohortRow, 'incomplete_from'>> & Record<CohortMetric, (number | null)[]>;

export interface CohortGridRow {
  label: string;
  size: number;
  total: boolean;
  values: (number | null)[];
  incompleteFrom: number | null;
  /** Users each value is computed over (the result's `eligible`): the denominator of every metric. */
  eligible: number[];
  /**
   * Per offset: the period is still running — for a period cohort from its `incomplete_from` on; for
   * the total, when any period cohort contributing to it is (so its value may still move).
   */
  incomplete: boolean[];
  /**
   * Per offset: fewer users are counted than the cohort holds (users of a value cohort who joined
   * late have not reached the offset), so a per-user value rests on a shrinking, later-joined group.
   */
  short: boolean[];
}

/** How a metric's value reads in a cell. */
export function formatMetric(metric: CohortMetric, v: number | null): string {
  if (v === null) return '';
  if (metric === 'retention' || metric === 'repeat_purchase_rate') return formatPct(v, 1);
  if (metric === 'users') return formatInt(v);
  if (metric === 'orders_per_user') return v.toFixed(2);
  return v.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: metric === 'revenue' ? 0 : 2 });
}

/** One row per cohort plus the total row, the chosen metric's values per period offset. */
export function cohortGrid(result: CohortsResult, metric: CohortMetric): CohortGridRow[] {
  const shortOf = (size: number, values: (number | null)[], eligible: number[]) => values.map((v, n) => v !== null && (eligible[n] ?? 0) < size);
  const rows: CohortGridRow[] = result.cohorts.map((c) => {
    const values = (c as unknown as Row)[metric];
    const from = c.incomplete_from ?? null;
    return {
      label: c.cohort ?? '(none)',
      size: c.size,
      total: false,
      values,
      incompleteFrom: from,
      eligible: c.eligible,
      incomplete: values.map((v, n) => v !== null && from !== null && n >= from),
      // A period cohort's users all reach an offset together, so `short` is a value cohort's mark.
      short: result.by === null ? values.map(() => false) : shortOf(c.size, values, c.eligible)
    };
  });
  const values = (result.total as unknown as Row)[metric];
  rows.push({
    label: 'All cohorts',
    size: result.total.size,
    total: true,
    values,
    incompleteFrom: null,
    eligible: result.total.eligible,
    incomplete: values.map((v, n) => v !== null && rows.some((r) => r.incomplete[n])),
    short: shortOf(result.total.size, values, result.total.eligible)
  });
  return rows;
}

/** What a cell's hover says about its denominator, its marks included. */
export function cellNote(r: CohortGridRow, n: number): string {
  const e = r.eligible[n] ?? 0;
  let text = `over ${formatInt(e)} ${e === 1 ? 'user' : 'users'}`;
  if (r.short[n]) text += ` of the ${formatInt(r.size)} (†: the others joined too late to reach this period)`;
  if (r.incomplete[n]) text += r.total ? '; * a contributing cohort\'s period is not over yet' : '; * period not over yet';
  return text;
}

/** A cell's marks after its value: * still running, † fewer users counted than the cohort holds. */
export const cellMarks = (r: CohortGridRow, n: number) => `${r.incomplete[n] ? '*' : ''}${r.short[n] ? '†' : ''}`;

/** 0…1 position of a value on the metric's colour ramp (over all cohorts, total row excluded). */
export function heatScale(rows: CohortGridRow[]): (v: number) => number {
  const [lo, hi] = extent(rows.filter((r) => !r.total).flatMap((r) => r.values.filter((v): v is number => v !== null)));
  const min = Math.min(0, lo ?? 0);
  const max = hi ?? 1;
  return (v) => (max === min ? 0.5 : (v - min) / (max - min));
}

export const CURVE_MARGIN = { top: 16, right: 16, bottom: 36, left: 64 };

/** Lines of one metric over period offsets, one per cohort and one for all cohorts. */
export function cohortCurves(rows: CohortGridRow[], width: number, height: number) {
  const periods = maxOf(rows.map((r) => r.values.length - 1), 1);
  const all = rows.flatMap((r) => r.values.filter((v): v is number => v !== null));
  const x = scaleLinear().domain([0, periods]).range([CURVE_MARGIN.left, width - CURVE_MARGIN.right]);
  const y = scaleLinear().domain([minOf(all, 0), maxOf(all, 0) || 1]).nice().range([height - CURVE_MARGIN.bottom, CURVE_MARGIN.top]);
  // A period not over yet is marked, not dropped (a cumulative metric has no plunge to hide):
  // dashed segments lead to it and its point is hollow, as the retention average's.
  const curves = rows.map((r) => {
    const points = r.values.flatMap((v, period) =>
      v === null ? [] : [{ period, value: v, x: x(period), y: y(v), eligible: r.eligible[period] ?? 0, incomplete: r.incomplete[period] ?? false, short: r.short[period] ?? false }]
    );
    const { solid, pending } = splitSegments(points);
    return { label: r.label, total: r.total, size: r.size, points, path: solid, pendingPath: pending };
  });
  return {
    curves,
    xTicks: x.ticks(Math.min(periods, Math.max(2, Math.floor(width / 60)))).filter(Number.isInteger).map((v) => ({ x: x(v), value: v })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), value: v })),
    bottom: height - CURVE_MARGIN.bottom
  };
}

/** The table behind the chart, for CSV export. */
export function cohortCsv(result: CohortsResult, metric: CohortMetric): { columns: CsvColumn[]; rows: CsvRow[] } {
  const rows = cohortGrid(result, metric);
  const n = maxOf(rows.map((r) => r.values.length), 0);
  const columns: CsvColumn[] = [
    { name: 'cohort', type: 'text' },
    { name: 'size', type: 'number' },
    ...Array.from({ length: n }, (_, i) => ({ name: `${metric}_${result.period}_${i}`, type: 'number' as const }))
  ];
  return { columns, rows: rows.map((r) => [r.label, r.size, ...r.values]) };
}
