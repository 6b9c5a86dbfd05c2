import { fail, show, type Mode } from './schema-nodes';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
import { analysisSchema, specSchema, stateSchema } from './schema';
import { SpecError } from './errors';
import type { Analysis, AnalysisKind, Resolved, ResolvedSpec } from './types';
import type { Infer } from './schema-nodes';

/**
 * A spec document checked against the schema and normalised: every default filled in, unknown
 * fields dropped. `lenient` (a spec file, the command line) ignores unknown fields; `strict` (a
 * link) refuses them. The first problem throws a SpecError whose message starts with the field's
 * path (`analysis.exclusions[0].from_step: …`). Columns are checked later, against the data.
 */
export function parseSpec(x: unknown, mode: Mode = 'lenient'): ResolvedSpec {
  const v = isObj(x) ? x.version : undefined;
  if (isObj(x) && v !== 1) fail('version', `unsupported spec version ${show(v)}; this Journeyscope reads version 1`);
  return specSchema.parse(x, '', mode);
}

export function parseAnalysis(x: unknown, path = 'analysis', mode: Mode = 'strict'): Infer<typeof analysisSchema> {
  return analysisSchema.parse(x, path, mode);
}

/** The dashboard of a link, checked strictly, defaults filled in. */
export type ResolvedState = Infer<typeof stateSchema>;
export function parseState(x: unknown): ResolvedState {
  if (!isObj(x)) fail('state', `expected an object, got ${show(x)}`);
  if (x.v !== 1) fail('v', `unsupported state version ${show(x.v)}; this Journeyscope reads version 1`);
  const state = stateSchema.parse(x, '', 'strict');
  // Each panel with the mapping is a spec: the rules across the two (a stage funnel needs stages,
  // KPIs compared with the previous period need a range) hold in a link as on the command line.
  state.panels.forEach((analysis, i) => {
    try {
      parseSpec({ version: 1, ...state.mapping, analysis }, 'strict');
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      throw new SpecError(`panels[${i}]: ${e.message}`, `panels[${i}]`);
    }
  });
  return state;
}

export type { Analysis };

/** The analysis of a parsed spec when it is of `kind` (a runner handed another kind is a bug of the caller, named). */
export function expectKind<K extends AnalysisKind>(spec: ResolvedSpec, kind: K): Resolved<K> {
  if (spec.analysis.kind !== kind) throw new SpecError(`analysis.kind: expected "${kind}", got "${spec.analysis.kind}"`, 'analysis.kind');
  return spec.analysis as Resolved<K>;
}
