import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { parseSpec } from '../schema/parse';
import type { AnalysisKind, CohortsResult, FunnelResult, RetentionResult, Spec } from '../schema/types';
import { runCohorts } from './cohorts';
import { runExperiment, type ExperimentResult } from './experiment';
import { runEngagement, type EngagementResult } from './engagement';
import { runFunnel } from './funnel';
import { runKpis, type KpisResult } from './kpis';
import { runLifecycle, type LifecycleResult } from './lifecycle';
import { runPaths, type PathsResult } from './paths';
import { runRetention } from './retention';
import { runSatisfaction, type SatisfactionResult } from './satisfaction';
import { runStages } from './stages';
import { runStickiness, type StickinessResult } from './stickiness';

/** The contract's result JSON of each kind. */
export interface ResultOf {
  funnel: FunnelResult;
  stages: FunnelResult;
  retention: RetentionResult;
  cohorts: CohortsResult;
  kpis: KpisResult;
  satisfaction: SatisfactionResult;
  experiment: ExperimentResult;
  paths: PathsResult;
  lifecycle: LifecycleResult;
  stickiness: StickinessResult;
  engagement: EngagementResult;
}
export type AnalysisResult = ResultOf[AnalysisKind];

type Runner<K extends AnalysisKind> = (engine: Engine, schema: EventSchema, spec: Spec) => Promise<ResultOf[K]>;

/** One runner per kind of the schema: a kind added there and not here fails to compile. */
const RUNNERS: { [K in AnalysisKind]: Runner<K> } = {
  funnel: runFunnel,
  stages: runStages,
  retention: runRetention,
  cohorts: runCohorts,
  kpis: runKpis,
  satisfaction: runSatisfaction,
  experiment: runExperiment,
  paths: runPaths,
  lifecycle: runLifecycle,
  stickiness: runStickiness,
  engagement: runEngagement
};

/**
 * Runs any analysis kind on the `events` table: the one entry point of the page and the command
 * line. The spec is parsed first, so every error names its field before any SQL runs.
 */
export async function runAnalysis(engine: Engine, schema: EventSchema, spec: Spec): Promise<AnalysisResult> {
  const parsed = parseSpec(spec);
  return RUNNERS[parsed.analysis.kind](engine, schema, parsed);
}
