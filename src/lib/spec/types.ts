/** The analysis document of ../shared/design/CONTRACT.md, as TypeScript types. */

export type FilterOp =
  | '=' | '!=' | 'in' | 'not_in' | '<' | '<=' | '>' | '>='
  | 'contains' | 'not_contains' | 'starts_with' | 'not_starts_with' | 'icontains'
  | 'is_null' | 'not_null';

export interface Filter {
  column: string;
  op: FilterOp;
  values?: (string | number | boolean)[];
}

/**
 * A source column, a constant (`{"value": "purchase"}`; event, time, channel, campaign), a product
 * of two columns (revenue), or, for the user only, the row's line number (`{"row": true}`).
 */
export type ColumnRef = string | { value: string } | { product: [string, string] } | { row: true };

export type Role = 'user' | 'time' | 'event' | 'channel' | 'campaign' | 'revenue' | 'order' | 'score';
export const ROLES: readonly Role[] = ['user', 'time', 'event', 'channel', 'campaign', 'revenue', 'order', 'score'];
export type Columns = Partial<Record<Role, ColumnRef>>;

/** `auto`, `epoch_s`, `epoch_ms`, or a strptime pattern such as `%d-%m-%Y`. */
export type TimeFormat = string;

export interface Source {
  file: string;
  columns?: Columns;
  time_format?: TimeFormat;
  utc_offset?: string;
}

export interface Stage {
  name: string;
  events: string[];
}

export interface Step {
  event?: string;
  events?: string[];
  where?: Filter[];
  label?: string;
}

export type WindowUnit = 'second' | 'minute' | 'hour' | 'day' | 'week';
export interface Window {
  value: number;
  unit: WindowUnit;
}

export type Attribution = 'first_touch' | 'last_touch' | { step: number };

export interface Exclusion extends Step {
  from_step: number;
  to_step: number;
}

export interface FunnelAnalysis {
  kind: 'funnel';
  steps: Step[];
  order?: 'ordered' | 'strict' | 'unordered';
  /** Omitted: 14 days. `null`: no limit. */
  window?: Window | null;
  breakdown?: string;
  attribution?: Attribution;
  breakdown_limit?: number;
  exclusions?: Exclusion[];
  /**
   * Extension (docs/FUNNELS.md): users whose window is still open at the end of the data and who
   * have not completed the funnel. Omitted: the contract's counts, nothing marked. `include`: the
   * same counts plus `still_converting` per step; `exclude`: those users left out of the counts.
   */
  immature?: 'include' | 'exclude';
}

export interface StagesAnalysis {
  kind: 'stages';
  window?: Window | null;
  order?: 'ordered' | 'strict' | 'unordered';
  breakdown?: string;
  attribution?: Attribution;
  breakdown_limit?: number;
}

export type Period = 'day' | 'week' | 'month';

export interface RetentionAnalysis {
  kind: 'retention';
  start: Step;
  return: Step;
  period?: Period;
  periods?: number;
  week_start?: 'monday' | 'sunday';
  mode?: 'recurring' | 'first_time';
  cumulative?: boolean;
  min_occurrences?: number;
  breakdown?: string;
}

export type CohortMetric = 'users' | 'retention' | 'revenue' | 'cumulative_revenue_per_user' | 'orders_per_user' | 'repeat_purchase_rate';

export interface CohortsAnalysis {
  kind: 'cohorts';
  period?: Period;
  periods?: number;
  week_start?: 'monday' | 'sunday';
  /** Omitted: cohorts by the period of each user's first activity event (after filters). */
  by?: string;
  /** What makes a user active (and acquires them); default any event. See docs/COHORTS.md. */
  activity?: Step;
  /** Purchase rows (revenue, orders); default rows with a revenue or an order id. */
  purchase?: Step;
}

export type Analysis = FunnelAnalysis | StagesAnalysis | RetentionAnalysis | CohortsAnalysis;

export interface Spec {
  version: 1;
  columns?: Columns;
  time_format?: TimeFormat;
  utc_offset?: string;
  sources?: Source[];
  filters?: Filter[];
  range?: { from?: string; to?: string };
  stages?: Stage[];
  analysis: Analysis;
}

/** One funnel step of the result. */
export interface FunnelStepResult {
  step: number;
  label: string;
  users: number;
  conversion: number;
  step_conversion: number;
  avg_seconds: number | null;
  median_seconds: number | null;
  /** Only with `immature` set: users whose furthest step is this one and who are still converting. */
  still_converting?: number;
}

export interface FunnelResult {
  kind: 'funnel' | 'stages';
  steps: FunnelStepResult[];
  breakdown?: { value: string | null; steps: FunnelStepResult[] }[];
  empty_stages?: string[];
}

export interface RetentionCohort {
  start: string;
  size: number;
  retained: (number | null)[];
  /** First index whose period had not fully elapsed at the data's last event; null if none shown. */
  incomplete_from: number | null;
}

export interface RetentionTotal {
  size: number;
  retained: (number | null)[];
  eligible: number[];
}

export interface RetentionResult {
  kind: 'retention';
  period: Period;
  cohorts: RetentionCohort[];
  total: RetentionTotal;
  /** Present only when `breakdown` is asked: one entry per value of the start event's column. */
  breakdown?: { value: string | null; cohorts: RetentionCohort[]; total: RetentionTotal }[];
}

/** One acquisition cohort of a cohort table; arrays have `periods + 1` entries (see docs/COHORTS.md). */
export interface CohortRow {
  /** The period's first day (ISO date), or the `by` column's value (null when missing). */
  cohort: string | null;
  size: number;
  eligible: number[];
  users: (number | null)[];
  retention: (number | null)[];
  revenue: (number | null)[];
  cumulative_revenue_per_user: (number | null)[];
  orders_per_user: (number | null)[];
  repeat_purchase_rate: (number | null)[];
  /** Period cohorts only: first offset whose period had not fully elapsed at the last event. */
  incomplete_from?: number | null;
}

export interface CohortsResult {
  kind: 'cohorts';
  period: Period;
  by: string | null;
  cohorts: CohortRow[];
  total: Omit<CohortRow, 'cohort' | 'incomplete_from'>;
}

export const DEFAULT_STAGES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'] as const;
