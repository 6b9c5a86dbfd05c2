import type { ATTRIBUTIONS, DASHBOARD_USES, ENGAGEMENT_MEASURES, FILTER_OPS, ENGAGEMENT_SCOPES, ORDERS, PERIODS, RETENTION_MODES, WEEK_STARTS } from '../schema/schema';

/**
 * What the page calls each option of the schema's vocabularies. Keyed by the schema's own lists,
 * so an option added there without a label here fails to compile; the lists the selects iterate
 * are the schema's (`ORDERS`, `PERIODS` …), never written again.
 */
type Labels<L extends readonly string[]> = Record<L[number], string>;

export const ORDER_LABELS: Labels<typeof ORDERS> = {
  ordered: 'in order (other events may come between)',
  strict: 'strictly in order (nothing between)',
  unordered: 'any order'
};
export const ATTRIBUTION_LABELS: Labels<typeof ATTRIBUTIONS> = { first_touch: 'first touch', last_touch: 'last touch' };
export const PERIOD_LABELS: Labels<typeof PERIODS> = { day: 'day', week: 'week', month: 'month' };
export const WEEK_START_LABELS: Labels<typeof WEEK_STARTS> = { monday: 'Monday', sunday: 'Sunday' };
export const MODE_LABELS: Labels<typeof RETENTION_MODES> = { recurring: 'every period a user starts (recurring)', first_time: 'first time only' };
export const MEASURE_LABELS: Labels<typeof ENGAGEMENT_MEASURES> = {
  stage: 'stage reached',
  active_days: 'active days in the period',
  active_periods: 'active periods to date',
  days_since_active: 'days since active',
  purchases: 'purchases',
  occurrences: 'occurrences of'
};
export const SCOPE_LABELS: Labels<typeof ENGAGEMENT_SCOPES> = { period: 'in the period', to_date: 'to date' };
/** A filter's operator as a person reads it, in a picker and on a chip ("Invoice does not start with"). */
export const FILTER_OP_LABELS: Labels<typeof FILTER_OPS> = {
  '=': 'is',
  '!=': 'is not',
  in: 'is any of',
  not_in: 'is none of',
  '<': 'is less than',
  '<=': 'is at most',
  '>': 'is more than',
  '>=': 'is at least',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  not_starts_with: 'does not start with',
  icontains: 'contains (any case)',
  is_null: 'is missing',
  not_null: 'is present'
};
/** Whether a panel takes the dashboard's filters or range. */
export const DASHBOARD_USE_LABELS: Labels<typeof DASHBOARD_USES> = { apply: 'apply', ignore: 'set aside' };
