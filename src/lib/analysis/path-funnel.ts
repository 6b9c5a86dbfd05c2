import { stepNames } from '../sql/funnel-steps';
import type { FunnelAnalysis, Stage, Step } from '../schema/types';
import { OTHER, type PathsAnalysis } from './paths';

/** A funnel made from a path picked in the Sankey, and the sentence that must go with it. */
export interface PathFunnel {
  analysis: FunnelAnalysis;
  note: string;
}

/**
 * The funnel of a path (names from position 1, as the Sankey's `onpick` gives them): strict order,
 * no window, one step per name, running forward in time (an `end` path is reversed). Position 1
 * keeps the start's (or end's) conditions, so the funnel starts on the same rows. At level
 * `stage` each step is the stage's events, labelled with the stage.
 *
 * docs/SPEC.md (Paths): with collapse_repeats false, no session gap and no two rows of a user at
 * one instant, the users along the path equal step n of this funnel counted from each user's first
 * start only; a funnel counts each user's best attempt, so the note says the numbers may differ.
 */
export function funnelOfPath(spec: { analysis: PathsAnalysis; stages?: Stage[] }, path: readonly (string | null)[]): PathFunnel {
  const a = spec.analysis;
  const anchor = a.start ?? a.end;
  if (anchor === undefined) throw new Error('This paths analysis has neither a start nor an end event, so it has no funnel');
  if (path.length === 0) throw new Error('Pick a node or a link of the paths chart to make a funnel');
  path.forEach((name, i) => {
    if (name === null) throw new Error(`Position ${i + 1} is rows with no event name: they cannot be a funnel step`);
    // Position 1 is never folded, so an "Other" there is a real name; beyond it, it is the fold.
    if (i > 0 && name === OTHER) {
      throw new Error(`Position ${i + 1} is "Other", several names folded together: it cannot be a funnel step (raise the limit to see them)`);
    }
  });
  const names = path as readonly string[];
  const level = a.level ?? 'event';
  const steps = names.map((name, i) => (level === 'stage' ? stageStep(spec.stages ?? [], name, i === 0 ? anchor : undefined) : eventStep(name, i === 0 ? anchor : undefined)));
  const backwards = a.end !== undefined;
  if (backwards) steps.reverse();
  const shown = (backwards ? [...names].reverse() : names).join(' → ');
  const first = names[0];
  const start = backwards ? names[names.length - 1] : first;
  const same = 'They agree when repeats are not merged, there is no session gap and no user has two rows at one instant.';
  const note = backwards
    ? `Funnel of the path ${shown} (strict order, no time limit). A funnel counts each user's best attempt; the path counted ` +
      `back from each user's first "${first}" only, so the two can differ. ${same} A date range now selects where the ` +
      `funnel starts ("${start}"), not the "${first}" the paths ended on.`
    : `Funnel of the path ${shown} (strict order, no time limit). A funnel counts each user's best attempt, from any ` +
      `"${first}"; the path counted each user from their first "${first}" only, so the two can differ. ${same}`;
  return { analysis: { kind: 'funnel', steps, order: 'strict', window: null }, note };
}

function eventStep(name: string, anchor: Step | undefined): Step {
  return anchor?.where?.length ? { event: name, where: anchor.where } : { event: name };
}

function stageStep(stages: Stage[], name: string, anchor: Step | undefined): Step {
  const stage = stages.find((s) => s.name === name);
  if (!stage || stage.events.length === 0) throw new Error(`The stage "${name}" has no events mapped in this spec, so it cannot be a funnel step`);
  let events = stage.events;
  if (anchor) {
    // The path's first row matched the start step and had this stage: both must hold.
    const allowed = stepNames(anchor);
    if (!allowed.includes('*')) events = events.filter((e) => allowed.includes(e));
    if (events.length === 0) throw new Error(`No event of the stage "${name}" matches the path's start`);
  }
  const step: Step = { events: [...events], label: name };
  if (anchor?.where?.length) step.where = anchor.where;
  return step;
}
