import { interpolateRgb, scaleBand, scaleLinear } from 'd3';
import type { FunnelResult, FunnelStepResult } from '../schema/types';
import { CATEGORICAL, categorical } from './palette';
import { maxOf } from '../extremes';

/**
 * Geometry of the funnel chart in SVG user units, computed from the contract's result alone:
 * the component only draws what this returns (STYLE.md 9).
 */

export interface FunnelBar extends FunnelStepResult {
  /** A stage with no event mapped to it: drawn as an outline, never hidden. */
  unmapped: boolean;
  x: number;
  w: number;
  y: number;
  h: number;
}

export interface FunnelDrop {
  from: number;
  to: number;
  lost: number;
  /** Share of the previous step's users who did not reach this one. */
  share: number;
  /** Centre of the gap between the two bars. */
  x: number;
  /** Room in the gap, so the component can shorten or skip the label. */
  room: number;
}

export interface FunnelGroupBar {
  group: number;
  value: string | null;
  color: string;
  step: FunnelStepResult;
  x: number;
  w: number;
  y: number;
  h: number;
}

export interface FunnelLayout {
  width: number;
  height: number;
  top: number;
  bottom: number;
  /** Where grid lines start; tick labels end just left of it. */
  axisX: number;
  axisEnd: number;
  bars: FunnelBar[];
  drops: FunnelDrop[];
  groups: { value: string | null; color: string }[];
  groupBars: FunnelGroupBar[];
  /** Groups of the breakdown left out of the drawing (all are in the table). */
  hiddenGroups: number;
  ticks: { y: number; value: number }[];
  /** How many characters of a step label fit under its bar. */
  labelChars: number;
}

export const MARGIN = { top: 44, right: 12, bottom: 40, left: 48 };
const MAX_STEP = 200;
/** SVG coordinates to 0.01 unit: exact enough to draw, stable enough to review as text. */
const r = (v: number) => Math.round(v * 100) / 100;

function unmappedStep(label: string, step: number): FunnelStepResult {
  return { step, label, users: 0, conversion: 0, step_conversion: 0, avg_seconds: null, median_seconds: null };
}

/**
 * Bars in the journey's order: `order` (the stage names) puts an unmapped stage where it belongs
 * instead of after the others; without it, unmapped stages come last.
 */
export function orderedSteps<T extends { label: string }>(steps: T[], order?: readonly string[]): T[] {
  if (!order) return steps;
  const at = (label: string) => {
    const i = order.indexOf(label);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return steps.map((s, i) => ({ s, i })).sort((a, b) => at(a.s.label) - at(b.s.label) || a.i - b.i).map((x) => x.s);
}

/**
 * A group's colour: the palette, then (an export draws every group) the palette lightened, so
 * group 8 is not mistaken for group 1.
 */
export function groupColor(i: number): string {
  const round = Math.floor(i / CATEGORICAL.length);
  return round === 0 ? categorical(i) : interpolateRgb(categorical(i), '#ffffff')(Math.min(0.75, 0.45 * round));
}

export function funnelLayout(result: FunnelResult, width: number, height = 300, maxGroups = 6, order?: readonly string[]): FunnelLayout {
  const steps = orderedSteps([
    ...result.steps.map((s) => ({ ...s, unmapped: false })),
    ...(result.empty_stages ?? []).map((name, i) => ({ ...unmappedStep(name, result.steps.length + i + 1), unmapped: true }))
  ], order);
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  // Bars wider than MAX_STEP look like blocks, not a funnel: a short funnel sits centred instead.
  const room = width - MARGIN.left - MARGIN.right;
  const span = Math.min(room, MAX_STEP * Math.max(1, steps.length));
  const left = MARGIN.left + (room - span) / 2;
  const x = scaleBand<number>().domain(steps.map((s) => s.step)).range([left, left + span]).paddingInner(0.34).paddingOuter(0.1);
  const shown = (result.breakdown ?? []).slice(0, maxGroups);
  const max = shown.length ? maxOf(shown.flatMap((g) => g.steps.map((s) => s.users)), 1) : maxOf(steps.map((s) => s.users), 1);
  const y = scaleLinear().domain([0, max]).nice(4).range([bottom, top]);

  const bars: FunnelBar[] = steps.map((s) => {
    const h = shown.length || s.unmapped ? 0 : bottom - y(s.users);
    return { ...s, x: r(x(s.step)!), w: r(x.bandwidth()), y: r(bottom - h), h: r(h) };
  });

  const drops: FunnelDrop[] = [];
  // From each mapped step to the next mapped one, drawn in the gap just before the latter: an
  // unmapped stage in between does not block the journey (the contract leaves it out of the steps).
  let a: FunnelBar | undefined;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i];
    if (b.unmapped) continue;
    if (a && i > 0) {
      const gap = bars[i - 1];
      drops.push({ from: a.step, to: b.step, lost: a.users - b.users, share: a.users ? 1 - b.users / a.users : 0, x: r((gap.x + gap.w + b.x) / 2), room: r(b.x - (gap.x + gap.w)) });
    }
    a = b;
  }

  const groups = shown.map((g, i) => ({ value: g.value, color: groupColor(i) }));
  const inner = scaleBand<number>().domain(groups.map((_, i) => i)).range([0, x.bandwidth()]).paddingInner(0.08);
  const groupBars: FunnelGroupBar[] = shown.flatMap((g, gi) =>
    g.steps.map((s) => ({
      group: gi,
      value: g.value,
      color: groups[gi].color,
      step: s,
      x: r(x(s.step)! + inner(gi)!),
      w: r(inner.bandwidth()),
      y: r(y(s.users)),
      h: r(bottom - y(s.users))
    }))
  );

  return {
    width,
    height,
    top,
    bottom,
    axisX: steps.length ? r(Math.max(MARGIN.left, x(steps[0].step)! - 8)) : MARGIN.left,
    axisEnd: steps.length ? r(Math.min(width - MARGIN.right, x(steps[steps.length - 1].step)! + x.bandwidth() + 8)) : width - MARGIN.right,
    bars,
    drops,
    groups,
    groupBars,
    hiddenGroups: (result.breakdown?.length ?? 0) - shown.length,
    ticks: y.ticks(4).map((v) => ({ y: r(y(v)), value: v })),
    labelChars: Math.max(3, Math.floor((x.bandwidth() + x.step() * 0.3) / 7))
  };
}
