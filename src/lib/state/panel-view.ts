import { SpecError } from '../spec/errors';
import type { Period } from '../spec/types';

/**
 * How a panel is shown, as opposed to what it computes (the analysis): the picks of a funnel's
 * extra views and the retention heatmap's cells. Not part of a spec (the command line ignores
 * it), but part of the dashboard, so the link carries it beside the panels and a shared link
 * reopens the same picture. Every field is optional; absent means the default view.
 */
export interface PanelView {
  /** Retention heatmap cells show user counts instead of shares. */
  counts?: true;
  /** Funnel time to convert: from step, to step (1-based, from < to). Default: 1 → last. */
  ttc?: [number, number];
  /** Funnel conversion over time, by this period of entry. Default: week. */
  trend?: Period;
  /** Funnel drop-off: after step (1-based), with this many next events (1–3). Default: [1, 1]. */
  drop?: [number, number];
}

export const VIEW_KEYS = ['counts', 'ttc', 'trend', 'drop'] as const;
export const DROP_DEPTHS = [1, 2, 3] as const;
const PERIODS: readonly Period[] = ['day', 'week', 'month'];

function fail(path: string, msg: string): never {
  throw new SpecError(`${path}: ${msg}`, path);
}

const isStep = (x: unknown, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max;

/**
 * Checks one panel's view from a link. `steps` is the panel's step count (0 for a panel without
 * steps): step numbers must name steps of that panel, so a link never points past its funnel.
 */
export function validateView(x: unknown, path: string, steps: number): PanelView {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(path, 'expected an object');
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(VIEW_KEYS as readonly string[]).includes(k)) fail(`${path}.${k}`, `unknown field (allowed: ${VIEW_KEYS.join(', ')})`);
  if (o.counts !== undefined && o.counts !== true) fail(`${path}.counts`, 'must be true or left out');
  if (o.ttc !== undefined) {
    const t = o.ttc;
    if (!Array.isArray(t) || t.length !== 2 || !isStep(t[0], steps) || !isStep(t[1], steps) || t[0] >= t[1]) {
      fail(`${path}.ttc`, `must be [from, to] with 1 ≤ from < to ≤ ${steps}`);
    }
  }
  if (o.trend !== undefined && !(PERIODS as readonly unknown[]).includes(o.trend)) fail(`${path}.trend`, `must be one of ${PERIODS.join(', ')}`);
  if (o.drop !== undefined) {
    const d = o.drop;
    if (!Array.isArray(d) || d.length !== 2 || !isStep(d[0], steps - 1) || !(DROP_DEPTHS as readonly unknown[]).includes(d[1])) {
      fail(`${path}.drop`, `must be [after step, next events] with 1 ≤ step ≤ ${steps - 1} and 1 to 3 events`);
    }
  }
  return o as PanelView;
}

/** A view without its default fields (so an untouched panel adds nothing to the link). */
export function compactView(v: PanelView | undefined): PanelView {
  const out: PanelView = {};
  if (!v) return out;
  if (v.counts) out.counts = true;
  if (v.ttc) out.ttc = [v.ttc[0], v.ttc[1]];
  if (v.trend && v.trend !== 'week') out.trend = v.trend;
  if (v.drop && !(v.drop[0] === 1 && v.drop[1] === 1)) out.drop = [v.drop[0], v.drop[1]];
  return out;
}

/** Views for the link: compacted, trailing empty ones dropped; undefined when all are default. */
export function compactViews(views: (PanelView | undefined)[] | undefined): PanelView[] | undefined {
  const out = (views ?? []).map(compactView);
  while (out.length && Object.keys(out[out.length - 1]).length === 0) out.pop();
  return out.length ? out : undefined;
}

/**
 * The view as it still fits its panel after an edit (a funnel lost steps): picks that no longer
 * name steps fall back to the default, so writing the link never fails on a stale pick.
 */
export function fitView(v: PanelView | undefined, steps: number): PanelView {
  const out = compactView(v);
  if (out.ttc && !(out.ttc[1] <= steps)) delete out.ttc;
  if (out.drop && !(out.drop[0] <= steps - 1)) delete out.drop;
  return out;
}

/** Step count of a panel for its view's picks: a funnel's steps; other kinds have none. */
export function viewSteps(analysis: { kind: string; steps?: unknown[] }): number {
  return analysis.kind === 'funnel' && analysis.steps ? analysis.steps.length : 0;
}
