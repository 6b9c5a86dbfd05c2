import type { Engine } from '../engine/engine';
import { SpecError } from '../schema/errors';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Resolved, Spec } from '../schema/types';
import type { EventSchema } from '../sql/columns';
import { experimentSql, nonNumericSql, type ExperimentPlan, type ExperimentRow, type OutcomePlan } from '../sql/experiment';
import { stepLabel } from '../sql/funnel-steps';
import { twoSidedP } from './normal';
import { compareValues } from './retention';

/** `{ "column": C }` (summed per user) or a step object (1 if the user has a matching row). */
export type ExperimentAnalysis = AnalysisOf<'experiment'>;
export type ExperimentOutcome = ExperimentAnalysis['outcomes'][number];

export interface ExperimentOutcomeResult {
  label: string;
  mean: number;
  /** Sample variance (n − 1); null for a group of one user. */
  variance: number | null;
  /** mean − control mean (0 for the control). */
  difference: number;
  /** difference / control mean; null when the control mean is 0. */
  lift: number | null;
  /** 95% normal interval of the difference; null for the control and when a variance is null. */
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
}

export interface ExperimentGroup {
  value: string;
  users: number;
  outcomes: ExperimentOutcomeResult[];
}

export interface ExperimentResult {
  kind: 'experiment';
  control: string;
  /** Users whose first row has no group value (left out of every group). */
  no_group: number;
  /** The control first, then the other groups in code-point order. */
  groups: ExperimentGroup[];
}

/** The contract's 97.5% normal quantile, as written there. */
export const Z_95 = 1.959964;

/** Every field of an experiment is required: there are no defaults to fill. */
function isColumnOutcome(o: ExperimentOutcome): o is { column: string; label?: string } {
  return typeof o === 'object' && o !== null && 'column' in o;
}

/** The plan of a parsed analysis: outcome labels resolved. */
export function experimentPlan(a: Resolved<'experiment'>): ExperimentPlan {
  const outcomes = a.outcomes.map((o): OutcomePlan =>
    isColumnOutcome(o) ? { kind: 'column', column: o.column, label: o.label ?? o.column } : { kind: 'event', step: o, label: stepLabel(o) }
  );
  return { group: a.group, control: a.control, outcomes };
}

interface GroupStats {
  n: number;
  mean: number;
  variance: number | null;
}

/** One group's outcome against the control's (the contract's normal approximation, unpooled). */
export function compareOutcome(label: string, t: GroupStats, c: GroupStats, isControl: boolean): ExperimentOutcomeResult {
  const difference = isControl ? 0 : t.mean - c.mean;
  const out: ExperimentOutcomeResult = {
    label, mean: t.mean, variance: t.variance, difference,
    lift: c.mean === 0 ? null : difference / c.mean,
    ci_low: null, ci_high: null, p_value: null
  };
  if (isControl || t.variance === null || c.variance === null) return out;
  const se = Math.sqrt(t.variance / t.n + c.variance / c.n);
  out.ci_low = difference - Z_95 * se;
  out.ci_high = difference + Z_95 * se;
  // No spread on either side: the difference is exact; p is 1 when it is 0, else 0 (z = ±∞).
  out.p_value = se === 0 ? (difference === 0 ? 1 : 0) : twoSidedP(difference / se);
  return out;
}

/** An experiment as docs/SPEC.md defines it; the row work is one SQL statement. */
export async function runExperiment(engine: Engine, schema: EventSchema, spec: Spec): Promise<ExperimentResult> {
  const parsed = parseSpec(spec);
  const plan = experimentPlan(expectKind(parsed, 'experiment'));
  spec = parsed;
  for (const [k, o] of plan.outcomes.entries()) {
    if (o.kind !== 'column') continue;
    const field = `analysis.outcomes[${k}].column`;
    const check = nonNumericSql(schema, spec, o.column, field);
    const [bad] = check ? await engine.query<{ example: string }>(check) : [];
    if (bad) throw new SpecError(`${field}: column "${o.column}" holds values that are not numbers (e.g. "${bad.example}"); an outcome column is summed per user`, field);
  }
  const rows = await engine.query<ExperimentRow>(experimentSql(schema, spec, plan));
  const stats = (r: ExperimentRow, k: number): GroupStats => ({
    n: Number(r.users),
    mean: Number(r[`m${k}`]),
    variance: r[`v${k}`] === null || r[`v${k}`] === undefined ? null : Number(r[`v${k}`])
  });
  const grouped = rows.filter((r) => r.grp !== null);
  const control = grouped.find((r) => r.grp === plan.control);
  if (!control) {
    const known = grouped.map((r) => JSON.stringify(r.grp)).sort().join(', ') || 'none';
    throw new SpecError(`analysis.control: no user is in group "${plan.control}" of column "${plan.group}" (groups: ${known})`, 'analysis.control');
  }
  const ordered = [control, ...grouped.filter((r) => r !== control).sort((x, y) => compareValues(x.grp, y.grp))];
  return {
    kind: 'experiment',
    control: plan.control,
    no_group: Number(rows.find((r) => r.grp === null)?.users ?? 0),
    groups: ordered.map((r) => ({
      value: r.grp as string,
      users: Number(r.users),
      outcomes: plan.outcomes.map((o, k) => compareOutcome(o.label, stats(r, k), stats(control, k), r === control))
    }))
  };
}
