import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { mapsOrders } from '../sql/occurrences';
import { pathsSql, type PathsPlan, type PathsSqlRow } from '../sql/paths';
import { windowMicros } from '../sql/window';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Resolved, Spec } from '../schema/types';
import { raw } from '../sql/quote';

/** The paths spec (docs/PATHS.md); fields and defaults are the schema's. */
export type PathsAnalysis = AnalysisOf<'paths'>;

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

export { MAX_PATH_DEPTH as PATHS_MAX_DEPTH, PATHS_DEFAULTS } from '../schema/schema';

/** The name of the fold at each position beyond the first. */
export const OTHER = 'Other';

/** The plan of a parsed analysis (the schema has checked every field). */
export function pathsPlan(a: Resolved<'paths'>): PathsPlan {
  const anchor = (a.start ?? a.end)!;
  return {
    direction: a.start !== undefined ? 'start' : 'end',
    anchor,
    depth: a.depth,
    limit: a.limit,
    level: a.level,
    collapse: a.collapse_repeats,
    gapMicros: windowMicros(a.session_gap)
  };
}

/**
 * Paths as docs/SPEC.md defines them. One statement does the row work (src/lib/sql/paths.ts) and
 * returns the rows already ordered; here they are only sorted into the result's four parts.
 */
export async function runPaths(engine: Engine, schema: EventSchema, spec: Spec): Promise<PathsResult> {
  const parsed = parseSpec(spec);
  const plan = pathsPlan(expectKind(parsed, 'paths'));
  spec = parsed;
  const text = pathsSql(schema, { filters: spec.filters, range: spec.range, orders: mapsOrders(spec) }, plan).text;
  const rows = await engine.query<PathsSqlRow & Record<string, unknown>>(raw(text));
  const result: PathsResult = { kind: 'paths', users: 0, nodes: [], links: [], ended: [] };
  for (const r of rows) {
    if (r.part === 'users') result.users = Number(r.users);
    else if (r.part === 'node') result.nodes.push({ position: r.pos, name: r.source, users: Number(r.users) });
    else if (r.part === 'link') result.links.push({ position: r.pos, source: r.source, target: r.target, users: Number(r.users) });
    else result.ended.push({ position: r.pos, users: Number(r.users) });
  }
  return result;
}
