import { orderedSteps } from './funnel-layout';
import type { FunnelResult, FunnelStepResult } from '../schema/types';
import type { CsvColumn, CsvRow } from '../export/csv';
import { formatDuration, formatInt, formatPct } from './number-format';

/**
 * The denominators of a step's two shares: the first step's users and the previous step's, in the
 * same list of steps (one group), so a tooltip's percentage never stands without its base.
 */
export function stepBases(steps: readonly FunnelStepResult[], step: number): { first: number; previous: number } {
  return { first: steps[0]?.users ?? 0, previous: steps.find((p) => p.step === step - 1)?.users ?? 0 };
}

/** The funnel's numbers as the chart's table shows them (formatted text). */
export interface FunnelTableRow {
  step: number;
  label: string;
  users: string;
  ofFirst: string;
  ofPrevious: string;
  median: string;
  unmapped: boolean;
}

export function funnelRows(steps: FunnelStepResult[], emptyStages: string[] = [], order?: readonly string[]): FunnelTableRow[] {
  const rows = steps.map((s) => ({
    step: s.step,
    label: s.label,
    users: formatInt(s.users),
    ofFirst: formatPct(s.conversion),
    ofPrevious: s.step === 1 ? '—' : formatPct(s.step_conversion),
    median: formatDuration(s.median_seconds),
    unmapped: false
  }));
  return orderedSteps(
    rows.concat(emptyStages.map((label, i) => ({ step: steps.length + i + 1, label, users: '—', ofFirst: '—', ofPrevious: '—', median: '—', unmapped: true }))),
    order
  );
}

/**
 * The raw numbers for the CSV export: one row per step, all users first, then one block per
 * breakdown group. Unformatted, so a spreadsheet can compute with them.
 */
export function funnelCsv(result: FunnelResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const columns: CsvColumn[] = [
    { name: 'group' },
    { name: 'breakdown_value' },
    { name: 'step', type: 'number' },
    { name: 'label' },
    { name: 'users', type: 'number' },
    { name: 'conversion', type: 'number' },
    { name: 'step_conversion', type: 'number' },
    { name: 'avg_seconds', type: 'number' },
    { name: 'median_seconds', type: 'number' }
  ];
  const row = (group: string, value: string | null, s: FunnelStepResult): CsvRow =>
    [group, value, s.step, s.label, s.users, s.conversion, s.step_conversion, s.avg_seconds, s.median_seconds];
  const rows = result.steps.map((s) => row('all', null, s));
  for (const g of result.breakdown ?? []) rows.push(...g.steps.map((s) => row('breakdown', g.value, s)));
  for (const name of result.empty_stages ?? []) rows.push(['all', null, null, name, null, null, null, null, null]);
  return { columns, rows };
}
