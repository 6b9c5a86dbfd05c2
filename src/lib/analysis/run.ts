import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import type { CohortsResult, FunnelResult, RetentionResult, Spec } from '../spec/types';
import { validateSpec } from '../spec/validate';
import { runCohorts } from './cohorts';
import { runFunnel } from './funnel';
import { runRetention } from './retention';
import { runStages } from './stages';

/** The result of any analysis kind: the contract's JSON for that kind. */
export type AnalysisResult = FunnelResult | RetentionResult | CohortsResult;

/**
 * Runs any analysis kind on the `events` table: the one entry point of the page and the command
 * line. The spec is validated first, so every error names its field before any SQL runs.
 */
export async function runAnalysis(engine: Engine, schema: EventSchema, spec: Spec): Promise<AnalysisResult> {
  validateSpec(spec);
  switch (spec.analysis.kind) {
    case 'funnel':
      return runFunnel(engine, schema, spec);
    case 'stages':
      return runStages(engine, schema, spec);
    case 'retention':
      return runRetention(engine, schema, spec);
    case 'cohorts':
      return runCohorts(engine, schema, spec);
  }
}
