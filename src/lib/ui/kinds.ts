import type { Component } from 'svelte';
import { KIND_TITLES } from './kind-titles';
import type { ResultOf } from '../analysis/run';
import { engagementTable } from '../charts/engagement-layout';
import { EXPERIMENT_TABLE_HEAD, experimentTable } from '../charts/experiment-layout';
import { kpiCsv } from '../charts/kpi-table';
import { lifecycleTable } from '../charts/lifecycle-layout';
import { satisfactionCsv } from '../charts/satisfaction-layout';
import { stickinessTable } from '../charts/stickiness-layout';
import EngagementChart from '../charts/EngagementChart.svelte';
import ExperimentChart from '../charts/ExperimentChart.svelte';
import KpiTable from '../charts/KpiTable.svelte';
import LifecycleChart from '../charts/LifecycleChart.svelte';
import SatisfactionChart from '../charts/SatisfactionChart.svelte';
import StickinessChart from '../charts/StickinessChart.svelte';
import type { CsvColumn, CsvRow } from '../export/csv';
import type { EventName } from '../session/session';
import type { AnalysisKind, AnalysisOf, Stage } from '../schema/types';
import type { AppState } from '../state/app-state.svelte';
import CohortsView from './CohortsView.svelte';
import EngagementBuilder from './EngagementBuilder.svelte';
import FunnelBuilder from './FunnelBuilder.svelte';
import FunnelPanel from './FunnelPanel.svelte';
import PathsBuilder from './PathsBuilder.svelte';
import PathsPanel from './PathsPanel.svelte';
import RetentionBuilder from './RetentionBuilder.svelte';
import RetentionView from './RetentionView.svelte';
import SchemaBuilder from './SchemaBuilder.svelte';

/**
 * How the page shows each analysis kind: one entry per kind of the schema (the compiler asks for a
 * new kind's entry). A kind is its builder (or the schema-driven one), and either a view of its
 * own or a chart in the common frame with the table its CSV export carries.
 */
/** What a first panel may look at: the mapped journey, and a column's values (most frequent first). */
export interface MakeContext {
  stages: Stage[];
  events: EventName[];
  columns: string[];
  valuesOf: (column: string) => Promise<string[]>;
}

export interface BuilderProps<K extends AnalysisKind> {
  analysis: AnalysisOf<K>;
  events: EventName[];
  columns: string[];
  /** The mapping's stages (what a `stage` value names); builders that do not need them ignore them. */
  stages?: Stage[];
  /** A column's values, most frequent first (what a group value such as a control can be). */
  valuesOf?: (column: string) => Promise<string[]>;
  onchange: (a: AnalysisOf<K>) => void;
}
export interface ViewProps<K extends AnalysisKind> {
  app: AppState;
  index: number;
  analysis: AnalysisOf<K>;
  result: ResultOf[K];
}
type Table = { columns: (string | CsvColumn)[]; rows: CsvRow[] };

export interface KindUi<K extends AnalysisKind> {
  title: string;
  /** The add button's label; null when the kind is not added as a panel (the stage overview). */
  add: string | null;
  /** null: the kind has no options beyond what its view shows. */
  builder: Component<BuilderProps<K>> | null;
  /** A view of its own … */
  view?: Component<ViewProps<K>>;
  /** … or a chart in the common frame, with its table. */
  chart?: Component<{ result: ResultOf[K]; title?: string }>;
  table?: (result: ResultOf[K]) => Table;
  /** A sensible first panel from the journey the person mapped. */
  make: (ctx: MakeContext) => AnalysisOf<K> | Promise<AnalysisOf<K>>;
}

/** The first event name of each stage that has one, most frequent first (names are ranked so). */
function stageEvents(stages: Stage[], events: EventName[]): string[] {
  const rank = new Map(events.map((e, i) => [e.event, i]));
  return stages
    .map((s) => [...s.events].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9))[0])
    .filter((e): e is string => e !== undefined);
}
const purchaseOf = (stages: Stage[], events: EventName[]) => stages.find((s) => s.name === 'purchase')?.events[0] ?? events[0]?.event ?? '*';
const pickColumn = (columns: string[], ...names: string[]) => names.find((n) => columns.includes(n));

const schemaBuilder = SchemaBuilder as unknown as Component<BuilderProps<AnalysisKind>>;

export const KIND_UI: { [K in AnalysisKind]: KindUi<K> } = {
  funnel: {
    title: KIND_TITLES.funnel, add: '+ Funnel', builder: FunnelBuilder, view: FunnelPanel,
    make: ({ stages, events }) => {
      const path = stageEvents(stages, events);
      const steps = (path.length >= 2 ? path.slice(0, 3) : events.slice(0, 3).map((e) => e.event)).map((event) => ({ event }));
      return { kind: 'funnel', steps: steps.length ? steps : [{ event: '*' }] };
    }
  },
  stages: { title: KIND_TITLES.stages, add: null, builder: schemaBuilder, view: FunnelPanel, make: () => ({ kind: 'stages', window: null }) },
  retention: {
    title: KIND_TITLES.retention, add: '+ Retention', builder: RetentionBuilder, view: RetentionView,
    make: ({ stages, events }) => ({ kind: 'retention', start: { event: purchaseOf(stages, events) }, return: { event: '*' }, mode: 'first_time' })
  },
  cohorts: { title: KIND_TITLES.cohorts, add: '+ Cohort table', builder: null, view: CohortsView, make: () => ({ kind: 'cohorts', periods: 6 }) },
  paths: {
    title: KIND_TITLES.paths, add: '+ Paths', builder: PathsBuilder as unknown as Component<BuilderProps<'paths'>>, view: PathsPanel,
    make: ({ stages, events }) => ({ kind: 'paths', start: { event: stageEvents(stages, events)[0] ?? events[0]?.event ?? '*' } })
  },
  kpis: {
    title: KIND_TITLES.kpis, add: '+ KPIs', builder: schemaBuilder, chart: KpiTable, table: kpiCsv,
    make: ({ stages, events, columns }) => ({ kind: 'kpis', purchase: { event: purchaseOf(stages, events) }, breakdown: pickColumn(columns, 'channel', 'campaign') })
  },
  satisfaction: {
    title: KIND_TITLES.satisfaction, add: '+ NPS / CSAT', builder: schemaBuilder, chart: SatisfactionChart, table: satisfactionCsv,
    make: ({ columns }) => ({ kind: 'satisfaction', scale: 'nps', breakdown: pickColumn(columns, 'channel') })
  },
  experiment: {
    title: KIND_TITLES.experiment, add: '+ Experiment', builder: schemaBuilder, chart: ExperimentChart,
    table: (r) => ({ columns: EXPERIMENT_TABLE_HEAD, rows: experimentTable(r) }),
    // The control starts as the group column's most frequent value; the builder offers the others.
    make: async ({ stages, events, columns, valuesOf }) => {
      const group = pickColumn(columns, 'campaign', 'channel') ?? columns[0] ?? 'campaign';
      return { kind: 'experiment', group, control: (await valuesOf(group))[0] ?? '', outcomes: [{ event: purchaseOf(stages, events) }] };
    }
  },
  lifecycle: { title: KIND_TITLES.lifecycle, add: '+ Lifecycle', builder: schemaBuilder, chart: LifecycleChart, table: lifecycleTable, make: () => ({ kind: 'lifecycle' }) },
  stickiness: { title: KIND_TITLES.stickiness, add: '+ Stickiness', builder: schemaBuilder, chart: StickinessChart, table: stickinessTable, make: () => ({ kind: 'stickiness' }) },
  engagement: { title: KIND_TITLES.engagement, add: '+ Engagement levels', builder: EngagementBuilder, chart: EngagementChart, table: engagementTable, make: () => ({ kind: 'engagement' }) }
};
