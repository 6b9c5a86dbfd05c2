import type { FunnelResult, RetentionResult } from '../schema/types';
import { changeText, periodChange } from '../ui/period-change';
import { formatInt, formatPct } from './number-format';

/**
 * Two periods of one funnel or one retention analysis, side by side (docs/DATES.md): one row per
 * funnel step or per retention period, the range's figure and the previous period's, and the
 * change. Pure: the component draws it; the tests read it.
 */
export interface CompareRow {
  label: string;
  /** The figure as a share of the row's base (0–1), for the bars; null when there is no base. */
  nowShare: number | null;
  beforeShare: number | null;
  now: string;
  before: string;
  change: string;
  /** The counts behind the row, for the e2e and the CSV. */
  nowCount: number | null;
  beforeCount: number | null;
}

const ints = (n: number) => formatInt(n);

/**
 * A funnel (or the stage funnel) against its previous period: users at each step, their share of
 * the first step. Steps are the spec's, so both results list the same steps in the same order.
 */
export function funnelCompare(now: FunnelResult, before: FunnelResult): CompareRow[] {
  return now.steps.map((s, i) => {
    const b = before.steps[i];
    const first = now.steps[0]?.users ?? 0;
    const bFirst = before.steps[0]?.users ?? 0;
    const bUsers = b?.users ?? 0;
    return {
      label: s.label,
      nowShare: first ? s.users / first : null,
      beforeShare: bFirst ? bUsers / bFirst : null,
      now: `${formatInt(s.users)}${i > 0 ? ` (${formatPct(s.conversion)})` : ''}`,
      before: `${formatInt(bUsers)}${i > 0 && b ? ` (${formatPct(b.conversion)})` : ''}`,
      change: changeText(periodChange(s.users, bUsers), ints),
      nowCount: s.users,
      beforeCount: bUsers
    };
  });
}

/**
 * Retention against its previous period: the average curve of each (retained / eligible users at
 * period n, docs/SPEC.md), the change in percentage points (a share against a share).
 */
export function retentionCompare(now: RetentionResult, before: RetentionResult): CompareRow[] {
  const n = Math.max(now.total.retained.length, before.total.retained.length);
  const share = (r: RetentionResult, k: number) => {
    const kept = r.total.retained[k];
    const of = r.total.eligible[k] ?? 0;
    return kept === null || kept === undefined || of === 0 ? null : kept / of;
  };
  const text = (r: RetentionResult, k: number) => {
    const s = share(r, k);
    return s === null ? '—' : `${formatPct(s)} of ${formatInt(r.total.eligible[k])}`;
  };
  return Array.from({ length: n }, (_, k) => {
    const a = share(now, k);
    const b = share(before, k);
    const pp = a === null || b === null ? null : (a - b) * 100;
    return {
      label: `${now.period} ${k}`,
      nowShare: a,
      beforeShare: b,
      now: text(now, k),
      before: text(before, k),
      change: pp === null ? '—' : `${pp > 0 ? '+' : pp < 0 ? '−' : '±'}${Math.abs(pp).toFixed(1)} pp`,
      nowCount: now.total.retained[k] ?? null,
      beforeCount: before.total.retained[k] ?? null
    };
  });
}
