import type { Analysis, Spec } from '../src/lib/schema/types';

/**
 * What the benchmark runs, on the sample-data generator's journeys: the mapping the page would
 * confirm for such a file (roles by name, `auto` times, the five default stages) and the analyses
 * of issue 5. The browser and native DuckDB get these same objects, so the same SQL.
 */
export const MAPPING: Omit<Spec, 'analysis' | 'version'> = {
  columns: {
    user: 'user_id',
    time: 'event_time',
    event: 'event',
    channel: 'channel',
    campaign: 'campaign',
    revenue: 'revenue',
    order: 'order_id',
    score: 'score'
  },
  time_format: 'auto',
  stages: [
    { name: 'awareness', events: ['ad_impression', 'site_visit'] },
    { name: 'consideration', events: ['product_view', 'search', 'signup', 'add_to_cart'] },
    { name: 'purchase', events: ['purchase'] },
    { name: 'retention', events: ['repeat_purchase', 'login', 'support_chat'] },
    { name: 'advocacy', events: ['review', 'referral', 'nps_survey'] }
  ]
};

/** The 5-step, 7-day funnel; bench/reference-funnel.sql is the same funnel as a plain self-join. */
export const FUNNEL_EVENTS = ['site_visit', 'product_view', 'add_to_cart', 'purchase', 'repeat_purchase'];

export const FUNNEL: Analysis = {
  kind: 'funnel',
  steps: FUNNEL_EVENTS.map((event) => ({ event })),
  window: { value: 7, unit: 'day' }
};

/** The same funnel with its third step changed: what a person does in the funnel builder. */
export const FUNNEL_CHANGED: Analysis = {
  kind: 'funnel',
  steps: FUNNEL_EVENTS.map((event, i) => ({ event: i === 2 ? 'signup' : event })),
  window: { value: 7, unit: 'day' }
};

export const STAGES: Analysis = { kind: 'stages', window: null };

export const RETENTION: Analysis = {
  kind: 'retention',
  start: { event: 'site_visit' },
  return: { event: '*' },
  period: 'week',
  periods: 12,
  mode: 'first_time'
};

export const BREAKDOWN: Analysis = { ...FUNNEL, breakdown: 'channel' } as Analysis;

/** The timed analyses, by the name the results table uses. */
export const ANALYSES: Record<'stages' | 'funnel' | 'retention' | 'breakdown', Analysis> = {
  stages: STAGES,
  funnel: FUNNEL,
  retention: RETENTION,
  breakdown: BREAKDOWN
};

export function spec(analysis: Analysis): Spec {
  return { version: 1, ...MAPPING, analysis } as Spec;
}
