import type { RetentionResult } from '../schema/types';
import type { CsvColumn, CsvRow } from '../export/csv';
import { maxOf } from '../extremes';

/**
 * The retention result as rows of cells, shared by the heatmap, the curves, the table and the
 * CSV. Period 0 is the cohort itself (100% by the contract), so the cells start at period 1.
 */

export interface RetentionCell {
  period: number;
  /** Retained users; null where the period lies past the data. */
  count: number | null;
  /** Denominator: the cohort size, or for the average row the eligible users. */
  base: number;
  /** count / base, null when blank. */
  rate: number | null;
  /**
   * The period had not fully elapsed at the data's last event (the result's `incomplete_from`).
   * On the average row: some contributing cohort's period is still running (`partial` > 0), so
   * the weighted share mixes in a partial count and may still grow.
   */
  incomplete: boolean;
  /** Average row: users of `base` whose cohort's period n is still running (their share may grow). */
  partial?: number;
}

export interface RetentionRow {
  label: string;
  size: number;
  cells: RetentionCell[];
  average: boolean;
}

const rate = (count: number | null, base: number) => (count === null || base <= 0 ? null : count / base);

export function retentionRows(result: RetentionResult): RetentionRow[] {
  const rows: RetentionRow[] = result.cohorts.map((c) => ({
    label: c.start,
    size: c.size,
    average: false,
    cells: c.retained.slice(1).map((count, i) => ({
      period: i + 1,
      count,
      base: c.size,
      rate: rate(count, c.size),
      incomplete: typeof c.incomplete_from === 'number' && i + 1 >= c.incomplete_from
    }))
  }));
  const t = result.total;
  // The average curve weights each cohort by its eligible users: total.retained / total.eligible.
  rows.push({
    label: 'All cohorts',
    size: t.size,
    average: true,
    cells: t.retained.slice(1).map((count, i) => {
      const base = t.eligible[i + 1] ?? 0;
      const partial = rows.reduce((s, r) => s + (r.cells[i]?.incomplete && r.cells[i].count !== null ? r.size : 0), 0);
      return { period: i + 1, count: base > 0 ? count : null, base, rate: rate(count, base), incomplete: base > 0 && partial > 0, partial };
    })
  });
  return rows;
}

/** The largest rate among the cells, the top of the colour scale (at least 5%, so noise stays pale). */
export function maxRate(rows: RetentionRow[]): number {
  return maxOf(rows.flatMap((r) => r.cells.map((c) => c.rate ?? 0)), 0.05);
}

export const periodName = (period: RetentionResult['period'], n: number) => `${period[0].toUpperCase()}${period.slice(1)} ${n}`;

export function retentionCsv(result: RetentionResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const periods = result.total.retained.length;
  const columns: CsvColumn[] = [{ name: 'cohort' }, { name: 'size', type: 'number' }];
  for (let n = 0; n < periods; n++) columns.push({ name: `${result.period}_${n}`, type: 'number' });
  const rows: CsvRow[] = result.cohorts.map((c) => [c.start, c.size, ...c.retained]);
  rows.push(['total_retained', result.total.size, ...result.total.retained]);
  rows.push(['total_eligible', result.total.size, ...result.total.eligible]);
  return { columns, rows };
}
