import { DEFAULT_LEVELS, ENGAGEMENT_SCOPED, levelSchema } from '../schema/schema';
import type { AnalysisOf, Stage } from '../schema/types';

/**
 * The pure half of the engagement levels editor (EngagementBuilder.svelte): every edit returns new
 * levels, and only ever a combination the runner accepts (docs/ENGAGEMENT.md, The rule language):
 * a scope only on the measures that count occurrences, a step always and only on `occurrences`,
 * no conditions on the lowest level, non-empty unique names.
 */
type Analysis = AnalysisOf<'engagement'>;
export type Level = NonNullable<Analysis['levels']>[number];
export type Condition = Level['when'][number];
export type Measure = Condition['measure'];

/** How many conditions a level may hold (the schema's bound). */
export const MAX_CONDITIONS = (levelSchema.shape.when as unknown as { max: number }).max;

/** The levels the panel runs: the analysis's own, else the schema's default rules. */
export const levelsOf = (a: Analysis): Level[] => a.levels ?? structuredClone(DEFAULT_LEVELS);

export const takesScope = (m: Measure) => ENGAGEMENT_SCOPED.includes(m);
export const takesStep = (m: Measure) => m === 'occurrences';

/**
 * The stage names a `stage` value is a position in: the mapping's stages, as the runner reads
 * them (src/lib/analysis/engagement.ts; the page always sends its stages, possibly none).
 */
export const stageNames = (stages: Stage[]) => stages.map((s) => s.name);

/** The position a `stage` value means: a number as it is, a name its place (0 when unknown). */
export function stagePosition(value: number | string, names: string[]): number {
  return typeof value === 'number' ? value : names.indexOf(value) + 1;
}

/**
 * The options of a `stage` value's select: "no stage" (0), then each stage by position; a value
 * the stages do not reach (the default rules' 5 with fewer stages) stays on offer as it is, so
 * opening the panel never changes the rules.
 */
export function stageOptions(value: number | string, names: string[]): { value: number; label: string }[] {
  const out = [{ value: 0, label: 'no stage' }, ...names.map((n, i) => ({ value: i + 1, label: `${i + 1} · ${n}` }))];
  const at = stagePosition(value, names);
  if (typeof value === 'number' && !out.some((o) => o.value === at)) out.push({ value: at, label: `${at} (no such stage)` });
  return out;
}

/** A new condition's shape for a measure: a `stage` value is a position, an `occurrences` one has a step. */
function conditionFor(measure: Measure, op: Condition['op'], value: number, scope: Condition['scope'], firstEvent: string): Condition {
  const c: Condition = { measure, op, value };
  if (takesScope(measure) && scope !== undefined) c.scope = scope;
  if (takesStep(measure)) c.step = { event: firstEvent };
  return c;
}

const replace = <T>(list: T[], i: number, x: T) => list.map((y, j) => (j === i ? x : y));
const editWhen = (levels: Level[], i: number, when: Condition[]) => replace(levels, i, { ...levels[i], when });

/** Renames level i; null (no change) for an empty name or one another level has. */
export function renameLevel(levels: Level[], i: number, name: string): Level[] | null {
  const n = name.trim();
  if (n === '' || levels.some((l, j) => j !== i && l.name === n)) return null;
  return replace(levels, i, { ...levels[i], name: n });
}

/** Adds a condition to level i (never to the lowest, which takes everyone else; at most the schema's bound). */
export function addCondition(levels: Level[], i: number, firstEvent: string): Level[] {
  if (i === 0 || levels[i].when.length >= MAX_CONDITIONS) return levels;
  return editWhen(levels, i, [...levels[i].when, conditionFor('purchases', '>=', 1, undefined, firstEvent)]);
}

export function removeCondition(levels: Level[], i: number, j: number): Level[] {
  return editWhen(levels, i, levels[i].when.filter((_, k) => k !== j));
}

/**
 * A new measure for condition j of level i: the operator stays, the value stays when it is a
 * number (a stage name becomes its position), a scope stays where it is allowed, a step is added
 * for `occurrences` (the step it had, else the first event) and dropped elsewhere.
 */
export function setMeasure(levels: Level[], i: number, j: number, measure: Measure, names: string[], firstEvent: string): Level[] {
  const c = levels[i].when[j];
  const c2 = conditionFor(measure, c.op, stagePosition(c.value, names), c.scope, firstEvent);
  if (c2.step && c.step) c2.step = c.step;
  return editWhen(levels, i, replace(levels[i].when, j, c2));
}

/** Any other change to condition j of level i (op, value, scope, step); a scope only where allowed. */
export function setCondition(levels: Level[], i: number, j: number, patch: Partial<Omit<Condition, 'measure'>>): Level[] {
  const c = { ...levels[i].when[j], ...patch };
  if (!takesScope(c.measure) || c.scope === undefined) delete c.scope;
  if (!takesStep(c.measure)) delete c.step;
  return editWhen(levels, i, replace(levels[i].when, j, c));
}

/** Whether the analysis runs the schema's default rules (reset has nothing to do). */
export const hasDefaultLevels = (a: Analysis) => a.levels === undefined || JSON.stringify(a.levels) === JSON.stringify(DEFAULT_LEVELS);

/** The analysis with these levels; the default rules are left out (the link stays short). */
export function withLevels(a: Analysis, levels: Level[] | undefined): Analysis {
  const next = { ...a };
  if (levels === undefined || hasDefaultLevels({ ...a, levels })) delete next.levels;
  else next.levels = levels;
  return next;
}
