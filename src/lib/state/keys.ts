/**
 * The fields a shared link may carry, and the defaults it leaves out, in one place (STYLE.md 7).
 * The validator rejects any other field, so a typo or a hostile key never reaches the engine.
 */

/** The Spec fields other than `analysis`: how files become events, shared by every panel. */
export const MAPPING_KEYS = ['columns', 'time_format', 'utc_offset', 'sources', 'stages', 'filters', 'range'] as const;
export const SOURCE_KEYS = ['file', 'columns', 'time_format', 'utc_offset'] as const;
export const STEP_KEYS = ['event', 'events', 'where', 'label'] as const;
export const EXCLUSION_KEYS = [...STEP_KEYS, 'from_step', 'to_step'] as const;

export const ANALYSIS_KEYS = {
  funnel: ['kind', 'steps', 'order', 'window', 'breakdown', 'attribution', 'breakdown_limit', 'exclusions', 'immature'],
  stages: ['kind', 'window', 'order', 'breakdown', 'attribution', 'breakdown_limit'],
  retention: ['kind', 'start', 'return', 'period', 'periods', 'week_start', 'mode', 'cumulative', 'min_occurrences', 'breakdown'],
  cohorts: ['kind', 'period', 'periods', 'week_start', 'by', 'activity', 'purchase']
} as const;

/**
 * Defaults CONTRACT.md states, left out of the link. Only these: a field whose default the
 * contract does not fix (e.g. funnel `order`, retention `period`) is always kept, so the link
 * means the same thing whatever the analyses later choose.
 * Note `window: null` (no limit) differs from an absent window (14 days) and is kept.
 */
export const ANALYSIS_DEFAULTS: Record<string, Record<string, unknown>> = {
  funnel: { window: { value: 14, unit: 'day' }, attribution: 'first_touch', breakdown_limit: 25 },
  stages: { window: { value: 14, unit: 'day' }, attribution: 'first_touch', breakdown_limit: 25 },
  retention: { week_start: 'monday', mode: 'recurring', cumulative: false, min_occurrences: 1 },
  cohorts: { week_start: 'monday' }
};

export const MAPPING_DEFAULTS: Record<string, unknown> = { time_format: 'auto' };

export const FILTER_OPS = [
  '=', '!=', 'in', 'not_in', '<', '<=', '>', '>=', 'contains', 'not_contains', 'starts_with',
  'not_starts_with', 'icontains', 'is_null', 'not_null'
] as const;
export const WINDOW_UNITS = ['second', 'minute', 'hour', 'day', 'week'] as const;
export const ORDERS = ['ordered', 'strict', 'unordered'] as const;
export const PERIODS = ['day', 'week', 'month'] as const;
