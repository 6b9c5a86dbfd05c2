import type { Stage } from '../schema/types';

/**
 * Editing the journey's stages (names and order; an event belongs to one stage at most) as plain
 * functions returning a new list, or a message a person can act on when the edit cannot be made.
 */
export type StageEdit = { ok: true; stages: Stage[] } | { ok: false; message: string };

const clean = (name: string) => name.trim();

function nameProblem(stages: readonly Stage[], name: string, except = -1): string | null {
  if (name === '') return 'A stage needs a name.';
  if (stages.some((s, i) => i !== except && s.name === name)) return `There is already a stage called "${name}".`;
  return null;
}

/** A new stage without events at the end; `name` trimmed. */
export function addStage(stages: readonly Stage[], name: string): StageEdit {
  const n = clean(name);
  const problem = nameProblem(stages, n);
  return problem ? { ok: false, message: problem } : { ok: true, stages: [...stages, { name: n, events: [] }] };
}

/** Stage `at` renamed; its events stay. */
export function renameStage(stages: readonly Stage[], at: number, name: string): StageEdit {
  const n = clean(name);
  const problem = nameProblem(stages, n, at);
  return problem ? { ok: false, message: problem } : { ok: true, stages: stages.map((s, i) => (i === at ? { ...s, name: n } : s)) };
}

/** Stage `at` removed: its events are no longer in the journey. */
export function removeStage(stages: readonly Stage[], at: number): Stage[] {
  return stages.filter((_, i) => i !== at);
}

/**
 * The stage whose users the "Purchasers" tile counts: the stage named "purchase" (any case) when
 * there is one, else the third stage — purchase's place in the default journey (awareness,
 * consideration, purchase, …), which a renamed or custom third stage keeps — else none (fewer than
 * three stages and none called purchase: the tile says so rather than showing 0).
 */
export function purchaseStage(stages: readonly Stage[]): string | null {
  const named = stages.find((s) => s.name.toLowerCase() === 'purchase');
  if (named) return named.name;
  return stages.length >= 3 ? stages[2].name : null;
}
