import { scaleLinear } from 'd3';
import type { ExperimentOutcomeResult, ExperimentResult } from '../analysis/experiment';
import { formatInt, formatNumber, formatPct, formatSigned } from './number-format';

/**
 * What the experiment chart draws, from the contract's result alone (STYLE.md 9): one panel per
 * outcome, one row per group other than the control, each a point at its difference from the
 * control with its 95% interval around it, on an axis that always holds zero; the counts behind
 * every row (users, mean, lift, p) beside it.
 */

export interface IntervalRow {
  value: string;
  users: number;
  outcome: ExperimentOutcomeResult;
  y: number;
  /** The difference's position; the interval's ends (null when the result has no interval). */
  x: number;
  x1: number | null;
  x2: number | null;
  /** The interval lies wholly on one side of zero. */
  clear: boolean;
  note: string;
}

export interface OutcomePanel {
  label: string;
  y: number;
  height: number;
  zeroX: number;
  ticks: { x: number; value: number }[];
  control: { users: number; mean: number };
  rows: IntervalRow[];
}

export interface ExperimentLayout {
  width: number;
  height: number;
  plotX: number;
  plotEnd: number;
  panels: OutcomePanel[];
}

// `right` holds a row's note ("n 21,307 · mean 0.1060 · lift +108.6% · p <0.001", ~48 characters
// at 11 px): 230 let the longer notes run past the panel's edge.
export const EXP = { left: 130, right: 300, rowH: 26, head: 34, gap: 14 };
const r2 = (v: number) => Math.round(v * 100) / 100;

/** A lift as a signed percentage, with the same minus sign as the differences: `+72.1%`, `−100.0%`. */
export function formatLift(lift: number | null): string {
  if (lift === null) return '—';
  return (lift > 0 ? '+' : lift < 0 ? '−' : '') + formatPct(Math.abs(lift));
}

/** "n 21,307 · mean 0.1828 · lift +72.1% · p <0.001": the numbers behind a row. */
export function rowNote(users: number, o: ExperimentOutcomeResult): string {
  const p = o.p_value === null ? 'p —' : o.p_value < 0.001 ? 'p <0.001' : `p ${o.p_value.toFixed(3)}`;
  const lift = `lift ${formatLift(o.lift)}`;
  return `n ${formatInt(users)} · mean ${formatNumber(o.mean)} · ${lift} · ${p}`;
}

export function experimentLayout(r: ExperimentResult, width: number): ExperimentLayout {
  const plotX = EXP.left;
  const plotEnd = Math.max(plotX + 80, width - EXP.right);
  const control = r.groups[0];
  const others = r.groups.slice(1);
  const labels = control?.outcomes.map((o) => o.label) ?? [];
  let y = 0;
  const panels = labels.map((label, k): OutcomePanel => {
    const values = others.flatMap((g) => {
      const o = g.outcomes[k];
      return [o.difference, o.ci_low, o.ci_high].filter((v): v is number => v !== null && Number.isFinite(v));
    });
    const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
    const pad = (hi - lo || 1) * 0.08;
    const x = scaleLinear().domain([lo - pad, hi + pad]).range([plotX, plotEnd]).nice();
    const top = y;
    const rows = others.map((g, i): IntervalRow => {
      const o = g.outcomes[k];
      return {
        value: g.value,
        users: g.users,
        outcome: o,
        y: top + EXP.head + i * EXP.rowH + EXP.rowH / 2,
        x: r2(x(o.difference)),
        x1: o.ci_low === null ? null : r2(x(o.ci_low)),
        x2: o.ci_high === null ? null : r2(x(o.ci_high)),
        clear: o.ci_low !== null && o.ci_high !== null && (o.ci_low > 0 || o.ci_high < 0),
        note: rowNote(g.users, o)
      };
    });
    const height = EXP.head + Math.max(1, rows.length) * EXP.rowH;
    y += height + EXP.gap;
    return {
      label, y: top, height, zeroX: r2(x(0)),
      ticks: x.ticks(5).map((v) => ({ x: r2(x(v)), value: v })),
      control: { users: control.users, mean: control.outcomes[k].mean },
      rows
    };
  });
  return { width, height: Math.max(EXP.head, y - EXP.gap), plotX, plotEnd, panels };
}

/** The chart's table: every group (control included) and outcome, the same numbers as drawn. */
export function experimentTable(r: ExperimentResult): string[][] {
  return r.groups.flatMap((g, gi) => g.outcomes.map((o) => [
    g.value + (gi === 0 ? ' (control)' : ''),
    o.label,
    formatInt(g.users),
    formatNumber(o.mean),
    gi === 0 ? '—' : formatSigned(o.difference),
    gi === 0 ? '—' : formatLift(o.lift),
    o.ci_low === null || o.ci_high === null ? '—' : `${formatSigned(o.ci_low)} to ${formatSigned(o.ci_high)}`,
    o.p_value === null ? '—' : o.p_value < 0.001 ? '<0.001' : o.p_value.toFixed(3)
  ]));
}

export const EXPERIMENT_TABLE_HEAD = ['Group', 'Outcome', 'Users', 'Mean', 'Difference', 'Lift', '95% interval', 'p'];
