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
  return stateSchema.parse(x, '', 'strict');
}

export type { Analysis };

/** The analysis of a parsed spec when it is of `kind` (a runner handed another kind is a bug of the caller, named). */
export function expectKind<K extends AnalysisKind>(spec: ResolvedSpec, kind: K): Resolved<K> {
  if (spec.analysis.kind !== kind) throw new SpecError(`analysis.kind: expected "${kind}", got "${spec.analysis.kind}"`, 'analysis.kind');
  return spec.analysis as Resolved<K>;
}
