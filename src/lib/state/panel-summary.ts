import type { Analysis, Step } from '../schema/types';

/**
 * A panel's analysis in a few words ("lead → won, by origin"): what an empty frame of a link's
 * outline says before any file is dropped, and what export titles and file names carry. The
 * kind's own title (ui/kinds.ts) goes in front of it.
 */
export function stepName(s: Step | undefined): string {
  if (!s) return 'any event';
  if (s.label) return s.label;
  const names = s.event !== undefined ? [s.event] : (s.events ?? []);
  const text = names.map((n) => (n === '*' ? 'any event' : n)).join(' or ');
  return s.where?.length ? `${text} (with conditions)` : text;
}

const by = (col: string | undefined) => (col ? `by ${col}` : '');
const join = (...parts: string[]) => parts.filter(Boolean).join(', ');

export function panelSummary(a: Analysis): string {
  switch (a.kind) {
    case 'funnel':
      return join(a.steps.map(stepName).join(' → '), by(a.breakdown));
    case 'stages':
      return join('users reaching each stage', by(a.breakdown));
    case 'retention':
      return join(`${stepName(a.start)}, then ${stepName(a.return)}`, `by ${a.period ?? 'week'}`, by(a.breakdown));
    case 'cohorts':
      return join(`by ${a.by ?? `${a.period ?? 'month'} of first activity`}`);
    case 'kpis':
      return join(`purchases: ${stepName(a.purchase ?? { event: 'purchase' })}`, by(a.breakdown), a.compare ? 'against the previous period' : '');
    case 'satisfaction':
      return join(a.scale.toUpperCase(), by(a.breakdown));
    case 'experiment':
      return `groups of ${a.group}, against ${a.control === '' ? '(empty)' : a.control}`;
    case 'paths':
      return a.start ? `paths from ${stepName(a.start)}` : `paths to ${stepName(a.end)}`;
    case 'lifecycle':
    case 'stickiness':
      return `by ${a.period ?? 'week'}`;
    case 'engagement':
      return `by ${a.period ?? 'month'}`;
  }
}

/** The analysis as a short name for a file: its kind, and its breakdown (`funnel-by-origin`). */
export function analysisSlug(a: Analysis): string {
  const breakdown = 'breakdown' in a ? a.breakdown : a.kind === 'experiment' ? a.group : undefined;
  return breakdown ? `${a.kind}-by-${breakdown}` : a.kind;
}
