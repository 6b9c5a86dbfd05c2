import type { Engine, Row } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { funnelSql, type FunnelPlan } from '../sql/funnel';
import { mapsOrders } from '../sql/occurrences';
import { stepLabel } from '../sql/funnel-steps';
import { rangeMicros } from '../sql/range';
import { windowMicros } from '../sql/window';
import { expectKind, parseSpec } from '../schema/parse';
import type { FunnelResult, FunnelStepResult, Resolved, ResolvedSpec, Spec, Step } from '../schema/types';

/** A parsed funnel or stages analysis with its steps spelled out, as the SQL's plan. */
export function funnelPlan(spec: ResolvedSpec, analysis: Resolved<'funnel'> | Resolved<'stages'>, steps: Step[]): FunnelPlan {
  return {
    steps,
    order: analysis.order,
    windowUs: windowMicros(analysis.window),
    exclusions: analysis.kind === 'funnel' ? (analysis.exclusions ?? []) : [],
    breakdown: analysis.breakdown,
    attribution: analysis.attribution,
    breakdownLimit: analysis.breakdown_limit,
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
  const rows = await engine.query(funnelSql(schema, plan));
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
  const s = parseSpec(spec);
  const a = expectKind(s, 'funnel');
  return runFunnelPlan(engine, schema, funnelPlan(s, a, a.steps), 'funnel');
}
