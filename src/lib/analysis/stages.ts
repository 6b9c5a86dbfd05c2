import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { expectKind, parseSpec } from '../schema/parse';
import type { FunnelResult, Spec, Step } from '../schema/types';
import { funnelPlan, runFunnelPlan } from './funnel';

/**
 * The stage overview: a funnel whose steps are the spec's stages (events = the stage's names,
 * label = its name), window none unless given. Stages with no names are left out of the steps
 * and listed in `empty_stages` (always present, possibly empty).
 */
export async function runStages(engine: Engine, schema: EventSchema, spec: Spec): Promise<FunnelResult> {
  const s = parseSpec(spec);
  const a = expectKind(s, 'stages');
  const stages = s.stages ?? [];
  const steps: Step[] = stages.filter((s) => s.events.length > 0).map((s) => ({ events: s.events, label: s.name }));
  const empty = stages.filter((s) => s.events.length === 0).map((s) => s.name);
  if (steps.length === 0) return { kind: 'stages', steps: [], empty_stages: empty };
  const result = await runFunnelPlan(engine, schema, funnelPlan(s, a, steps), 'stages');
  return { ...result, empty_stages: empty };
}
