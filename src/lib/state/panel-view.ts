import type { PanelView } from '../schema/types';

/**
 * How a panel is shown, as opposed to what it computes (the analysis): the picks of a funnel's
 * extra views and the retention heatmap's cells. Not part of a spec (the command line ignores
 * it), but part of the dashboard, so the link carries it beside the panels and a shared link
 * reopens the same picture. Its fields and defaults are the schema's `viewSchema`.
 */
export type { PanelView };

/**
 * The view as it still fits its panel after an edit (a funnel lost steps): picks that no longer
 * name steps fall back to the default, so writing the link never fails on a stale pick.
 */
export function fitView(v: PanelView | undefined, steps: number): PanelView {
  const out: PanelView = { ...v };
  if (out.ttc && !(out.ttc[1] <= steps)) delete out.ttc;
  if (out.drop && !(out.drop[0] <= steps - 1)) delete out.drop;
  return out;
}

/** Step count of a panel for its view's picks: a funnel's steps; other kinds have none. */
export function viewSteps(analysis: { kind: string; steps?: unknown[] }): number {
  return analysis.kind === 'funnel' && analysis.steps ? analysis.steps.length : 0;
}
