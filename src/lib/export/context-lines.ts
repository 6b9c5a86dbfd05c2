import type { Filter, Mapping } from '../schema/types';
import { isoDay } from './filename';

/** What an export says it was computed under: filters, range, data, day (docs/EXPORTS.md). */
export interface ExportInfo {
  files: readonly string[];
  filters?: readonly Filter[];
  range?: Mapping['range'];
  spendFile?: string;
}

const OPS: Record<string, string> = {
  not_in: 'not in', contains: 'contains', not_contains: 'does not contain', starts_with: 'starts with',
  not_starts_with: 'does not start with', icontains: 'contains (any case)', is_null: 'is empty', not_null: 'is not empty'
};

export function filterText(f: Filter): string {
  const values = (f.values ?? []).map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return `${f.column} ${OPS[f.op] ?? f.op}${values.length ? ' ' + values.join(', ') : ''}`;
}

export function rangeText(range: Mapping['range']): string {
  if (!range || (!range.from && !range.to)) return 'all dates';
  return `${range.from ?? 'the start'} to ${range.to ?? 'the end'} (UTC, end excluded)`;
}

/** The lines under an export's title. */
export function contextLines(info: ExportInfo, day: Date): string[] {
  const filters = info.filters?.length ? info.filters.map(filterText).join('; ') : 'none';
  const data = info.files.filter((f) => f !== info.spendFile).join(', ') + (info.spendFile ? `; ad spend from ${info.spendFile}` : '');
  return [`Filters: ${filters}`, `Range: ${rangeText(info.range)}`, `Data: ${data || 'none'} · exported ${isoDay(day)}`];
}
