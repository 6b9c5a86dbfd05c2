
import type { Infer, Input } from './schema-nodes';
import type {
  analysisSchema, ANALYSES, columnRefSchema, exclusionSchema, filterSchema, mappingSchema, sourceSchema, specSchema,
  stageSchema, stepSchema, viewSchema, windowSchema, scopeSchema
} from './schema';

/**
 * The analysis document's types, derived from the schema (schema.ts): `Spec`, `FunnelAnalysis` …
 * are what a document may hold (optional fields may be left out); `Resolved<…>` is what parsing
 * gives (every default filled in), which is what the SQL plans read.
 */
export { DEFAULT_STAGES, ROLES } from './schema';

export type Filter = Input<typeof filterSchema>;
export type FilterOp = Filter['op'];
export type ColumnRef = Input<typeof columnRefSchema>;
export type Role = (typeof import('./schema').ROLES)[number];
export type Columns = Partial<Record<Role, ColumnRef>>;
/** `auto`, `epoch_s`, `epoch_ms`, or a strptime pattern such as `%d-%m-%Y`. */
export type TimeFormat = string;
export type Source = Input<typeof sourceSchema>;
export type Stage = Input<typeof stageSchema>;
export type Step = Input<typeof stepSchema>;
export type Window = Input<typeof windowSchema>;
export type WindowUnit = Window['unit'];
export type Exclusion = Input<typeof exclusionSchema>;

type Kinds = typeof ANALYSES;
export type AnalysisKind = keyof Kinds;
/** An analysis of `kind` as a document holds it. */
export type AnalysisOf<K extends AnalysisKind> = Input<Kinds[K]>;
/** An analysis of `kind` once parsed: every default filled in. */
export type Resolved<K extends AnalysisKind> = Infer<Kinds[K]>;

export type FunnelAnalysis = AnalysisOf<'funnel'>;
export type StagesAnalysis = AnalysisOf<'stages'>;
export type RetentionAnalysis = AnalysisOf<'retention'>;
export type CohortsAnalysis = AnalysisOf<'cohorts'>;
export type Analysis = Input<typeof analysisSchema>;
export type Attribution = NonNullable<FunnelAnalysis['attribution']>;
export type Period = NonNullable<RetentionAnalysis['period']>;
export type CohortMetric = 'users' | 'retention' | 'revenue' | 'cumulative_revenue_per_user' | 'orders_per_user' | 'repeat_purchase_rate';

export type Spec = Input<typeof specSchema>;
/** A spec once parsed (parseSpec): defaults filled in, unknown fields gone. */
export type ResolvedSpec = Infer<typeof specSchema>;
export type Mapping = Input<typeof mappingSchema>;
export type PanelView = Input<typeof viewSchema>;
/** A panel's own filters and range, and whether the dashboard's apply to it. */
export type PanelScope = Input<typeof scopeSchema>;
export type DateRange = NonNullable<Mapping['range']>;

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
