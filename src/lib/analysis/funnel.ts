import type { Engine, Row } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { funnelSql, type FunnelPlan } from '../sql/funnel';
import { mapsOrders } from '../sql/occurrences';
import { stepLabel } from '../sql/funnel-steps';
import { rangeMicros } from '../sql/range';
import { DEFAULT_FUNNEL_WINDOW, windowMicros } from '../sql/window';
import type { FunnelAnalysis, FunnelResult, FunnelStepResult, Spec, StagesAnalysis, Step, Window } from '../spec/types';
import { validateSpec } from '../spec/validate';

export const DEFAULT_BREAKDOWN_LIMIT = 25;

/** A funnel or stages analysis with its steps spelled out, to a plan with every default applied. */
export function funnelPlan(
  spec: Spec,
  analysis: FunnelAnalysis | StagesAnalysis,
  steps: Step[],
  defaultWindow: Window | null
): FunnelPlan {
  return {
    steps,
    order: analysis.order ?? 'ordered',
    windowUs: windowMicros(analysis.window, defaultWindow),
    exclusions: analysis.kind === 'funnel' ? (analysis.exclusions ?? []) : [],
    breakdown: analysis.breakdown,
    attribution: analysis.attribution ?? 'first_touch',
    breakdownLimit: analysis.breakdown_limit ?? DEFAULT_BREAKDOWN_LIMIT,
    filters: spec.filters,
    orders: mapsOrders(spec),
    range: rangeMicros(spec.range),
    field: 'analysis',
    ...(analysis.kind === 'funnel' && analysis.immature !== undefined ? { immature: analysis.immature } : {})
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function stepsOf(row: Row | undefined, labels: string[], immature: boolean): FunnelStepResult[] {
  const users = labels.map((_, i) => num(row?.[`c${i + 1}`]));
  return labels.map((label, i) => {
    const k = i + 1;
    const prev = i === 0 ? users[0] : users[i - 1];
    const seconds = (name: string): number | null => {
      const v = row?.[`${name}${k}`];
      return k === 1 || v === null || v === undefined ? null : Number(v);
    };
    const step: FunnelStepResult = {
      step: k,
      label,
      users: users[i],
      conversion: users[0] === 0 ? 0 : users[i] / users[0],
      step_conversion: prev === 0 ? 0 : users[i] / prev,
      avg_seconds: seconds('a'),
      median_seconds: seconds('d')
    };
    if (immature) step.still_converting = num(row?.[`p${k}`]);
    return step;
  });
}

/** Runs a plan (one statement) and shapes the contract's result. */
export async function runFunnelPlan(
  engine: Engine,
  schema: EventSchema,
  plan: FunnelPlan,
  kind: 'funnel' | 'stages'
): Promise<FunnelResult> {
  const rows = await engine.query(funnelSql(schema, plan).text);
  const labels = plan.steps.map(stepLabel);
  const total = rows.find((r) => num(r.g) === 1);
  const immature = plan.immature !== undefined;
  const result: FunnelResult = { kind, steps: stepsOf(total, labels, immature) };
  if (plan.breakdown !== undefined) {
    result.breakdown = rows
      .filter((r) => num(r.g) === 0)
      .map((r) => ({ value: (r.grp as string | null) ?? null, steps: stepsOf(r, labels, immature) }));
  }
  return result;
}

export async function runFunnel(engine: Engine, schema: EventSchema, spec: Spec): Promise<FunnelResult> {
  validateSpec(spec);
  const a = spec.analysis as FunnelAnalysis;
  return runFunnelPlan(engine, schema, funnelPlan(spec, a, a.steps, DEFAULT_FUNNEL_WINDOW), 'funnel');
}
