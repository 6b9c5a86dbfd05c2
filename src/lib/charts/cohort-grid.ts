import { extent, line, scaleLinear } from 'd3';
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
  const rows: CohortGridRow[] = result.cohorts.map((c) => ({
    label: c.cohort ?? '(none)',
    size: c.size,
    total: false,
    values: (c as unknown as Row)[metric],
    incompleteFrom: c.incomplete_from ?? null
  }));
  rows.push({ label: 'All cohorts', size: result.total.size, total: true, values: (result.total as unknown as Row)[metric], incompleteFrom: null });
  return rows;
}

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
  const draw = line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y);
  const curves = rows.map((r) => {
    const points = r.values.flatMap((v, period) => (v === null ? [] : [{ period, value: v, x: x(period), y: y(v) }]));
    return { label: r.label, total: r.total, points, path: draw(points) ?? '' };
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
