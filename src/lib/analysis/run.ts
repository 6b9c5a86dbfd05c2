import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import type { Spec } from '../spec/types';
import { validateSpec } from '../spec/validate';
import { runFunnel } from './funnel';
import { runStages } from './stages';

/** The result of any analysis kind: the contract's JSON for that kind. */
export type AnalysisResult = Awaited<ReturnType<typeof runFunnel>> | Record<string, unknown>;

/** Runs any analysis kind on the `events` table: the one entry point of the page and the CLI. */
export async function runAnalysis(engine: Engine, schema: EventSchema, spec: Spec): Promise<AnalysisResult> {
  validateSpec(spec);
  switch (spec.analysis.kind) {
    case 'funnel':
      return runFunnel(engine, schema, spec);
    case 'stages':
      return runStages(engine, schema, spec);
    case 'retention': {
      // Written by another module; loaded by name until it lands so this file always compiles.
      const m = (await import(/* @vite-ignore */ './' + 'retention')) as { runRetention: (e: Engine, s: EventSchema, p: Spec) => Promise<AnalysisResult> };
      return m.runRetention(engine, schema, spec);
    }
    case 'cohorts': {
      const m = (await import(/* @vite-ignore */ './' + 'cohorts')) as { runCohorts: (e: Engine, s: EventSchema, p: Spec) => Promise<AnalysisResult> };
      return m.runCohorts(engine, schema, spec);
    }
  }
}
