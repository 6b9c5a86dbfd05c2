import type { KpiFigures, KpiFigureSet, KpisResult } from '../analysis/kpis';
import type { CsvColumn, CsvRow } from '../export/csv';
import { formatInt, formatPct } from './number-format';

type Key = keyof KpiFigures;

/** One figure column: how it reads, and (for ratios) the counts it is made of. */
interface FigureSpec {
  key: Key;
  label: string;
  kind: 'count' | 'money' | 'rate' | 'multiple';
  /** The numerator and denominator shown under a ratio, so a reader sees what it rests on. */
  of?: [Key, Key];
}

const FIGURES: FigureSpec[] = [
  { key: 'users', label: 'Users', kind: 'count' },
  { key: 'purchasers', label: 'Purchasers', kind: 'count' },
  { key: 'conversion', label: 'Conversion', kind: 'rate', of: ['purchasers', 'users'] },
  { key: 'orders', label: 'Orders', kind: 'count' },
  { key: 'revenue', label: 'Revenue', kind: 'money' },
  { key: 'aov', label: 'Avg order value', kind: 'money', of: ['revenue', 'orders'] },
  { key: 'revenue_per_user', label: 'Revenue per user', kind: 'money', of: ['revenue', 'users'] },
  { key: 'repeat_rate', label: 'Repeat rate', kind: 'rate', of: ['repeat_rate', 'purchasers'] },
  { key: 'spend', label: 'Spend', kind: 'money' },
  { key: 'cpa', label: 'Cost per acquisition', kind: 'money', of: ['spend', 'purchasers'] },
  { key: 'roas', label: 'ROAS', kind: 'multiple', of: ['revenue', 'spend'] }
];

const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const multiple = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

function format(v: number | null | undefined, kind: FigureSpec['kind']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (kind === 'count') return formatInt(v);
  if (kind === 'rate') return formatPct(v);
  if (kind === 'multiple') return `${multiple.format(v)}×`;
  return money.format(v);
}

/** The repeaters behind a repeat rate (the result carries the rate and its denominator only). */
function part(f: KpiFigures, key: Key): number | null {
  if (key === 'repeat_rate') return f.repeat_rate === null ? 0 : Math.round(f.repeat_rate * f.purchasers);
  return (f[key] as number | null | undefined) ?? null;
}

/**
 * Change from the previous period: rates in percentage points (a share of a share would mislead),
 * every other figure relative to its previous value; none when the previous value is 0 or unknown.
 */
export function change(now: number | null | undefined, before: number | null | undefined, kind: FigureSpec['kind']): string {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  if (kind === 'rate') {
    const pp = (now - before) * 100;
    return `${pp > 0 ? '+' : pp < 0 ? '−' : '±'}${Math.abs(pp).toFixed(1)} pp`;
  }
  if (before === 0) return '—';
  const rel = (now - before) / Math.abs(before);
  return `${rel > 0 ? '+' : rel < 0 ? '−' : '±'}${formatPct(Math.abs(rel))}`;
}

export interface KpiCell {
  value: string;
  /** `12 / 100` under a ratio; empty for counts and money totals. */
  of: string;
  previous?: string;
  change?: string;
}

export interface KpiTableModel {
  columns: { key: string; label: string }[];
  compare: boolean;
  rows: { label: string; total: boolean; cells: KpiCell[] }[];
}

/** How a ratio's part reads: the repeaters behind a repeat rate are a count. */
function kindOf(key: Key): FigureSpec['kind'] {
  return key === 'repeat_rate' ? 'count' : FIGURES.find((x) => x.key === key)!.kind;
}

function cells(set: KpiFigureSet, figures: FigureSpec[]): KpiCell[] {
  return figures.map((f) => {
    const cell: KpiCell = {
      value: format(set[f.key] as number | null, f.kind),
      of: f.of ? `${format(part(set, f.of[0]), kindOf(f.of[0]))} / ${format(part(set, f.of[1]), kindOf(f.of[1]))}` : ''
    };
    if (set.previous) {
      cell.previous = format(set.previous[f.key] as number | null, f.kind);
      cell.change = change(set[f.key] as number | null, set.previous[f.key] as number | null, f.kind);
    }
    return cell;
  });
}

/** The KPI table as shown: the total first, then each group; spend columns only with spend. */
export function kpiTable(result: KpisResult): KpiTableModel {
  const figures = FIGURES.filter((f) => f.key in result.total);
  return {
    columns: figures.map((f) => ({ key: f.key, label: f.label })),
    compare: result.total.previous !== undefined,
    rows: [
      { label: 'All users', total: true, cells: cells(result.total, figures) },
      ...(result.breakdown ?? []).map((g) => ({ label: g.value ?? '(none)', total: false, cells: cells(g, figures) }))
    ]
  };
}

/** The raw numbers for the CSV export: one row per group (total first), previous values beside. */
export function kpiCsv(result: KpisResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const keys = FIGURES.map((f) => f.key).filter((k) => k in result.total);
  const compare = result.total.previous !== undefined;
  const columns: CsvColumn[] = [{ name: 'group' }, { name: 'breakdown_value' }];
  for (const k of keys) columns.push({ name: k, type: 'number' }, ...(compare ? [{ name: `previous_${k}`, type: 'number' as const }] : []));
  const row = (group: string, value: string | null, s: KpiFigureSet): CsvRow => [
    group,
    value,
    ...keys.flatMap((k) => [s[k] as number | null, ...(compare ? [(s.previous?.[k] ?? null) as number | null] : [])])
  ];
  return { columns, rows: [row('all', null, result.total), ...(result.breakdown ?? []).map((g) => row('breakdown', g.value, g))] };
}
