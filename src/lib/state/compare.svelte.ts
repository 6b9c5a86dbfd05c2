import type { AnalysisResult } from '../analysis/run';
import type { Filter, FunnelResult, Mapping, Spec } from '../schema/types';
import type { Overview, Session } from '../session/session';
import { previousRange, type Range } from './date-range';

/**
 * "Compare to the previous period" (docs/DATES.md): with the dashboard's range set (both ends), the
 * same figures for the period of equal length that ends where the range starts. Every previous
 * figure comes from running the same spec through the session with only its range moved
 * (`previousSpec`), so it is counted exactly as the range's own figures are.
 */

/** The kinds whose panels show the previous period beside their own (the KPIs kind has its own `compare`). */
export const COMPARED_KINDS: readonly string[] = ['funnel', 'retention'];

/** `spec` with its range moved to the previous period; null when the range lacks an end. */
export function previousSpec(spec: Spec): Spec | null {
  const range = previousRange(spec.range);
  return range ? { ...spec, range } : null;
}

/** A panel's previous period: its range and its result, or why it has none. */
export type PreviousOutcome = { range: Range; ok: true; value: AnalysisResult } | { range: Range; ok: false; error: string };

/**
 * Runs `spec`'s previous period when the dashboard compares and the kind shows it. A failure is
 * the previous period's own message (the panel keeps its figures); a crashed engine is rethrown
 * for the page to recover.
 */
export async function runPrevious(session: Session, spec: Spec, on: boolean): Promise<PreviousOutcome | undefined> {
  const prev = on && COMPARED_KINDS.includes(spec.analysis.kind) ? previousSpec(spec) : null;
  if (!prev) return undefined;
  try {
    return { range: prev.range!, ok: true, value: await session.run(prev) };
  } catch (e) {
    if ((e as Error).name === 'EngineCrashed') throw e;
    return { range: prev.range!, ok: false, error: (e as Error).message };
  }
}

/** The comparison setting and the overview's previous figures (tiles, stage funnel), as runes. */
export class Comparison {
  /** The link's `compare`: off unless the link or the person turns it on. */
  on = $state(false);
  /** The previous period's range when comparing, else null. */
  range = $state<Range | null>(null);
  overview = $state<Overview | null>(null);
  stageResult = $state<FunnelResult | null>(null);

  /** The overview's previous figures for `globals` (cleared when not comparing or no full range). */
  async refresh(session: Session, globals: { filters?: Filter[]; range?: Mapping['range'] }, stagesSpec: Spec, purchaseStage?: string | null): Promise<void> {
    const range = this.on ? previousRange(globals.range) : null;
    this.range = range;
    if (!range) {
      this.overview = null;
      this.stageResult = null;
      return;
    }
    this.overview = await session.overview(globals.filters, range, purchaseStage);
    this.stageResult = (await session.run({ ...stagesSpec, range })) as FunnelResult;
  }
}
