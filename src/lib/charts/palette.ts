import { interpolateBlues } from 'd3';

/**
 * Okabe & Ito's palette, distinguishable under the common colour-vision deficiencies; yellow is
 * left out because it fades on white. Groups beyond its length repeat with a dash pattern.
 */
export const CATEGORICAL = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'] as const;

export const categorical = (i: number) => CATEGORICAL[i % CATEGORICAL.length];

/** The single-hue blue ramp of the heatmap; starts above white so a 0% cell is still a cell. */
export function heat(t: number): string {
  return interpolateBlues(0.08 + 0.87 * Math.min(1, Math.max(0, t)));
}

/** Text over a heat cell: white once the blue is dark enough for WCAG contrast. */
export function heatInk(t: number): string {
  return t > 0.72 ? '#ffffff' : '#1b1f24';
}

export const ACCENT = '#1d4ed8';
export const MUTED = '#5b6570';
export const LINE = '#dde1e6';
