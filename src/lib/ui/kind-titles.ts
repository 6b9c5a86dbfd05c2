import type { AnalysisKind } from '../schema/types';

/**
 * Each analysis kind's name on screen. Apart from kinds.ts (which holds the kinds' charts and
 * builders) so that the landing page's link outline needs no chart code before the first render.
 */
export const KIND_TITLES: Record<AnalysisKind, string> = {
  funnel: 'Funnel',
  stages: 'Stage funnel',
  retention: 'Retention',
  cohorts: 'Cohorts',
  paths: 'Paths',
  kpis: 'Marketing KPIs',
  satisfaction: 'Satisfaction',
  experiment: 'Experiment',
  lifecycle: 'Lifecycle',
  stickiness: 'Stickiness',
  engagement: 'Engagement levels'
};
