import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { stepNames } from '../sql/funnel-steps';
import { mapsOrders } from '../sql/occurrences';
import { pathsSql, type PathsPlan, type PathsSqlRow } from '../sql/paths';
import { UNIT_SECONDS, windowMicros } from '../sql/window';
import { SpecError } from '../spec/errors';
import type { Spec, Step, Window } from '../spec/types';

/** The contract's paths spec (CONTRACT.md, Journey analyses → Paths): exactly one of `start`, `end`. */
export interface PathsAnalysis {
  kind: 'paths';
  start?: Step;
  end?: Step;
  /** Names kept per path, position 1 included. Default 4, at most 20 (docs/PATHS.md). */
  depth?: number;
  /** Names kept at each position beyond the first; the rest become "Other". Default 8. */
  limit?: number;
  level?: 'event' | 'stage';
  collapse_repeats?: boolean;
  /** Longest gap between consecutive rows that keeps a path going; null (default): no cut. */
  session_gap?: Window | null;
}

/** A spec whose analysis is a paths analysis. */
export type PathsSpec = Omit<Spec, 'analysis'> & { analysis: PathsAnalysis };

/** A name is an event name (or stage name), `"Other"` for the fold, or null for a row with no event name. */
export interface PathNode {
  position: number;
  name: string | null;
  users: number;
}

export interface PathLink {
  position: number;
  source: string | null;
  target: string | null;
  users: number;
}

export interface PathEnded {
  position: number;
  users: number;
}

export interface PathsResult {
  kind: 'paths';
  users: number;
  nodes: PathNode[];
  links: PathLink[];
  ended: PathEnded[];
}

export const PATHS_DEFAULTS = {
  depth: 4,
  limit: 8,
  level: 'event',
  collapse_repeats: true,
  session_gap: null
} as const satisfies Required<Omit<PathsAnalysis, 'kind' | 'start' | 'end'>>;

/** Beyond this a Sankey is unreadable and the per-user rows kept grow for nothing. */
export const PATHS_MAX_DEPTH = 20;

/** The name of the fold at each position beyond the first. */
export const OTHER = 'Other';

/** Checks what the schema cannot express and fills in the defaults; errors name the field. */
export function pathsPlan(a: PathsAnalysis, spec: Pick<Spec, 'stages'> = {}): PathsPlan {
  if (a.start !== undefined && a.end !== undefined) throw new SpecError('analysis.end: give either "start" or "end", not both', 'analysis.end');
  const anchor = a.start ?? a.end;
  if (anchor === undefined) throw new SpecError('analysis.start: a paths analysis needs "start" (or "end") event', 'analysis.start');
  const field = a.start !== undefined ? 'analysis.start' : 'analysis.end';
  if (typeof anchor !== 'object' || anchor === null || stepNames(anchor).length === 0) {
    throw new SpecError(`${field}: expected a step object naming an event, e.g. {"event": "view"}`, field);
  }
  const depth = a.depth ?? PATHS_DEFAULTS.depth;
  if (!Number.isInteger(depth) || depth < 1 || depth > PATHS_MAX_DEPTH) {
    throw new SpecError(`analysis.depth: expected a whole number from 1 to ${PATHS_MAX_DEPTH}, got ${JSON.stringify(a.depth)}`, 'analysis.depth');
  }
  const limit = a.limit ?? PATHS_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1) throw new SpecError(`analysis.limit: expected a whole number of at least 1, got ${JSON.stringify(a.limit)}`, 'analysis.limit');
  const level = a.level ?? PATHS_DEFAULTS.level;
  if (level !== 'event' && level !== 'stage') throw new SpecError(`analysis.level: expected "event" or "stage", got ${JSON.stringify(level)}`, 'analysis.level');
  if (level === 'stage' && !(spec.stages ?? []).some((s) => s.events.length > 0)) {
    throw new SpecError('analysis.level: "stage" needs the spec\'s "stages" with at least one event mapped', 'analysis.level');
  }
  const collapse = a.collapse_repeats ?? PATHS_DEFAULTS.collapse_repeats;
  if (typeof collapse !== 'boolean') throw new SpecError('analysis.collapse_repeats: expected true or false', 'analysis.collapse_repeats');
  const gap = a.session_gap === undefined ? PATHS_DEFAULTS.session_gap : a.session_gap;
  if (gap !== null) {
    if (typeof gap !== 'object' || !(gap.unit in UNIT_SECONDS)) {
      throw new SpecError(`analysis.session_gap.unit: expected one of ${Object.keys(UNIT_SECONDS).join(', ')}`, 'analysis.session_gap.unit');
    }
    if (typeof gap.value !== 'number' || !Number.isFinite(gap.value) || gap.value <= 0) {
      throw new SpecError('analysis.session_gap.value: expected a number above 0', 'analysis.session_gap.value');
    }
  }
  return { direction: a.start !== undefined ? 'start' : 'end', anchor, depth, limit, level, collapse, gapMicros: windowMicros(gap, null) };
}

/**
 * Paths as CONTRACT.md defines them. One statement does the row work (src/lib/sql/paths.ts) and
 * returns the rows already ordered; here they are only sorted into the result's four parts.
 */
export async function runPaths(engine: Engine, schema: EventSchema, spec: PathsSpec): Promise<PathsResult> {
  const a = spec.analysis;
  if (a.kind !== 'paths') throw new SpecError('analysis.kind: expected "paths"', 'analysis.kind');
  const plan = pathsPlan(a, spec);
  const text = pathsSql(schema, { filters: spec.filters, range: spec.range, orders: mapsOrders(spec) }, plan).text;
  const rows = await engine.query<PathsSqlRow & Record<string, unknown>>(text);
  const result: PathsResult = { kind: 'paths', users: 0, nodes: [], links: [], ended: [] };
  for (const r of rows) {
    if (r.part === 'users') result.users = Number(r.users);
    else if (r.part === 'node') result.nodes.push({ position: r.pos, name: r.source, users: Number(r.users) });
    else if (r.part === 'link') result.links.push({ position: r.pos, source: r.source, target: r.target, users: Number(r.users) });
    else result.ended.push({ position: r.pos, users: Number(r.users) });
  }
  return result;
}
