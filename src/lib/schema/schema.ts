import { MAX_UNORDERED_OVERLAP, unorderedOverlap } from '../sql/funnel-unordered';
import { rangeMicros } from '../sql/range';
import {
  bool, byKind, fail, int, list, literal, nullable, number, obj, oneOf, opt, show, text, pair, union, withDefault,
  type Infer, type Input, type Node
} from './schema-nodes';

/**
 * The analysis document, declared once: every field, its allowed values, bounds and default.
 * The types (types.ts), the validator (`parseSpec`), the link (state/url-codec.ts, which leaves
 * defaults out and restores them on reading), the UI's option lists and the SQL plans all read
 * from here. The rules are docs/SPEC.md's; a default here is the default everywhere.
 */

// ---- Vocabularies (the UI offers exactly these) ----

export const FILTER_OPS = [
  '=', '!=', 'in', 'not_in', '<', '<=', '>', '>=', 'contains', 'not_contains', 'starts_with',
  'not_starts_with', 'icontains', 'is_null', 'not_null'
] as const;
/** Operators that take no value, and those that take exactly one. */
export const NO_VALUE_OPS = ['is_null', 'not_null'] as const;
export const ONE_VALUE_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;

/** Window units and their exact length in seconds (a day is 86 400 s, whatever the calendar). */
export const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 } as const;
export const WINDOW_UNITS = Object.keys(UNIT_SECONDS) as (keyof typeof UNIT_SECONDS)[];
/** The longest window a spec may ask for: about a thousand years (beyond it, times overflow). */
export const MAX_WINDOW_SECONDS = 1000 * 366 * 86_400;

export const ORDERS = ['ordered', 'strict', 'unordered'] as const;
export const PERIODS = ['day', 'week', 'month'] as const;
export const WEEK_STARTS = ['monday', 'sunday'] as const;
export const RETENTION_MODES = ['recurring', 'first_time'] as const;
export const ATTRIBUTIONS = ['first_touch', 'last_touch'] as const;
export const IMMATURE = ['include', 'exclude'] as const;
export const ROLES = ['user', 'time', 'event', 'channel', 'campaign', 'revenue', 'order', 'score'] as const;
export const DEFAULT_STAGES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'] as const;
export const MAX_STEPS = 100;
export const MAX_PERIODS = 1000;
export const MAX_BREAKDOWN_LIMIT = 1000;

// ---- Shared parts ----

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A filter or condition value: text (may be empty), a finite number, or true/false. */
const scalar: Node<string | number | boolean> = {
  tag: 'scalar',
  parse(x, path) {
    if (typeof x === 'string') return text({ allowEmpty: true }).parse(x, path, 'strict');
    if (typeof x === 'number') return number(-Number.MAX_VALUE, Number.MAX_VALUE).parse(x, path, 'strict');
    if (typeof x === 'boolean') return x;
    return fail(path, `expected text, a number or true/false, got ${show(x)}`);
  }
};

export const filterSchema = obj(
  { column: text(), op: oneOf(FILTER_OPS), values: opt(list(scalar)) },
  (f, path) => {
    const n = f.values?.length ?? 0;
    if ((NO_VALUE_OPS as readonly string[]).includes(f.op)) return;
    if (n === 0) fail(`${path}.values`, `operator "${f.op}" needs at least one value`);
    if ((ONE_VALUE_OPS as readonly string[]).includes(f.op) && n !== 1) fail(`${path}.values`, `operator "${f.op}" takes one value`);
  }
);
const filters = list(filterSchema);

const stepFields = { event: opt(text()), events: opt(list(text(), { min: 1 })), where: opt(filters), label: opt(text()) };
function checkStep(s: { event?: string; events?: string[] }, path: string): void {
  if (s.event === undefined && s.events === undefined) fail(path, 'needs "event" or "events"');
  if (s.event !== undefined && s.events !== undefined) fail(path, 'give either "event" or "events", not both');
}
/** A step object: one event name, any of several (`"*"` any event), narrowed by `where`. */
export const stepSchema = obj(stepFields, checkStep);
export const exclusionSchema = obj({ ...stepFields, from_step: int(1, MAX_STEPS), to_step: int(1, MAX_STEPS) }, checkStep);

export const windowSchema = obj({ value: number(0, MAX_WINDOW_SECONDS, { exclusiveMin: true }), unit: oneOf(WINDOW_UNITS) }, (w, path) => {
  if (w.value * UNIT_SECONDS[w.unit] > MAX_WINDOW_SECONDS) fail(`${path}.value`, `a window may be at most about 1000 years, got ${w.value} ${w.unit}s`);
});

const attribution = union(
  [oneOf(ATTRIBUTIONS), obj({ step: int(1, MAX_STEPS) })],
  (x) => (typeof x === 'string' ? 0 : isObj(x) ? 1 : -1),
  'expected "first_touch", "last_touch" or {"step": N}'
);

/** A source column, a constant, the product of two columns (revenue), or the row itself (user). */
export const columnRefSchema = union(
  [text(), obj({ value: text() }), obj({ product: pair(text()) }), obj({ row: literal(true) })],
  (x) => (typeof x === 'string' ? 0 : !isObj(x) ? -1 : 'value' in x ? 1 : 'product' in x ? 2 : 'row' in x ? 3 : -1),
  'expected a column name, {"value": …}, {"product": [a, b]} or {"row": true}'
);
const columns = obj(Object.fromEntries(ROLES.map((r) => [r, opt(columnRefSchema)])) as Record<(typeof ROLES)[number], ReturnType<typeof opt<Infer<typeof columnRefSchema>, Input<typeof columnRefSchema>>>>);

const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const utcOffset = text({ pattern: OFFSET, hint: 'a fixed offset like "+02:00"' });
const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z?)?$/;
const date = text({ pattern: DATE, hint: 'a date like "2024-05-01" or "2024-05-01 12:00:00"' });

export const sourceSchema = obj({ file: text(), columns: opt(columns), time_format: opt(text()), utc_offset: opt(utcOffset) });
export const stageSchema = obj({ name: text(), events: list(text()) });
const stages = list(stageSchema, {}) ;
function checkStages(all: { name: string; events: string[] }[], path: string): void {
  const seen = new Map<string, string>();
  all.forEach((s, i) => s.events.forEach((e, j) => {
    const other = seen.get(e);
    if (other !== undefined && other !== s.name) fail(`${path}[${i}].events[${j}]`, `event ${show(e)} is already in stage ${show(other)} (an event belongs to one stage at most)`);
    seen.set(e, s.name);
  }));
}
const rangeSchema = obj({ from: opt(date), to: opt(date) }, (r, path) => {
  const { from, to } = rangeMicros(r, path);
  if (from !== null && to !== null && from >= to) fail(`${path}.to`, 'must be after range.from');
});

/** A file of ad spend, imported beside the events but not stacked into them (docs/KPIS.md). */
export const spendSchema = obj({
  file: text(),
  columns: obj({ time: text(), amount: text(), channel: opt(text()), campaign: opt(text()) }, (c, path) => {
    if (c.channel !== undefined && c.campaign !== undefined) {
      fail(`${path}.campaign`, 'give "channel" or "campaign", not both (the one value spend is matched to groups by)');
    }
  }),
  /** Default: the top-level `time_format` (else `auto`), as for a `sources` entry. */
  time_format: opt(text()),
  utc_offset: opt(utcOffset)
});

/** The fields that say how files become events (shared by every panel of a dashboard). */
export const mappingFields = {
  columns: opt(columns),
  time_format: withDefault(text(), 'auto'),
  utc_offset: opt(utcOffset),
  sources: opt(list(sourceSchema)),
  stages: opt(stages),
  filters: opt(filters),
  range: opt(rangeSchema),
  spend: opt(spendSchema)
};

// ---- Analyses: one entry per kind ----

const breakdownFields = {
  breakdown: opt(text()),
  attribution: withDefault(attribution, 'first_touch' as Infer<typeof attribution>),
  breakdown_limit: withDefault(int(1, MAX_BREAKDOWN_LIMIT), 25)
};
const periodFields = (period: (typeof PERIODS)[number], periods: number) => ({
  period: withDefault(oneOf(PERIODS), period),
  periods: withDefault(int(0, MAX_PERIODS), periods),
  week_start: withDefault(oneOf(WEEK_STARTS), 'monday')
});

export const funnelSchema = obj(
  {
    kind: literal('funnel'),
    steps: list(stepSchema, { min: 1, max: MAX_STEPS }),
    order: withDefault(oneOf(ORDERS), 'ordered'),
    window: withDefault(nullable(windowSchema), { value: 14, unit: 'day' } as Infer<typeof windowSchema> | null),
    ...breakdownFields,
    exclusions: opt(list(exclusionSchema)),
    /** Extension (docs/FUNNELS.md): users still converting at the data's end marked, or left out. */
    immature: opt(oneOf(IMMATURE))
  },
  (a, path) => {
    const n = a.steps.length;
    if (typeof a.attribution === 'object' && a.attribution.step > n) fail(`${path}.attribution.step`, `must be between 1 and ${n}, got ${a.attribution.step}`);
    if (a.order === 'unordered') {
      const overlap = unorderedOverlap(a.steps);
      if (overlap > MAX_UNORDERED_OVERLAP) {
        fail(`${path}.steps`, `an unordered funnel can have at most ${MAX_UNORDERED_OVERLAP} different steps whose events overlap (here ${overlap}: steps sharing an event name, or "any event" steps with conditions); make the steps' events distinct or use order "ordered"`);
      }
    }
    (a.exclusions ?? []).forEach((x, i) => {
      const q = `${path}.exclusions[${i}]`;
      if (x.from_step > n) fail(`${q}.from_step`, `must be between 1 and ${n}, got ${x.from_step}`);
      if (x.to_step > n) fail(`${q}.to_step`, `must be between 1 and ${n}, got ${x.to_step}`);
      if (x.from_step >= x.to_step) fail(`${q}.from_step`, `must be before to_step (${x.from_step} ≥ ${x.to_step})`);
      if (a.order === 'unordered' && (x.from_step !== 1 || x.to_step !== n)) fail(`${q}.from_step`, `in an unordered funnel an exclusion must span steps 1 to ${n}`);
    });
  }
);

export const stagesSchema = obj({
  kind: literal('stages'),
  order: withDefault(oneOf(ORDERS), 'ordered'),
  /**
   * No window unless given: the stage overview asks how far users got at all (docs/DECISIONS.md;
   * tests/fixtures/funnel/stages.json). A link used to leave out 14 days here as if it were the
   * default, which reopened such a panel with no window; now one default serves both.
   */
  window: withDefault(nullable(windowSchema), null),
  ...breakdownFields
});

export const retentionSchema = obj({
  kind: literal('retention'),
  start: stepSchema,
  return: stepSchema,
  ...periodFields('week', 12),
  mode: withDefault(oneOf(RETENTION_MODES), 'recurring'),
  cumulative: withDefault(bool(), false),
  min_occurrences: withDefault(int(1, 1_000_000), 1),
  breakdown: opt(text())
});

export const cohortsSchema = obj({
  kind: literal('cohorts'),
  ...periodFields('month', 12),
  /** Omitted: cohorts by the period of each user's first activity event (after filters). */
  by: opt(text()),
  /** What makes a user active (and acquires them); default any event. See docs/COHORTS.md. */
  activity: opt(stepSchema),
  /** Purchase rows (revenue, orders); default rows with a revenue or an order id. */
  purchase: opt(stepSchema)
});

export const COMPARES = ['previous_period'] as const;
export const kpisSchema = obj({
  kind: literal('kpis'),
  /** The purchase rows. */
  purchase: withDefault(stepSchema, { event: 'purchase' } as Infer<typeof stepSchema>),
  /** A column: each user's value on their first row inside the period. */
  breakdown: opt(text()),
  breakdown_limit: withDefault(int(1, MAX_BREAKDOWN_LIMIT), 25),
  /** Needs `range` with both bounds: the period of equal length ending at `range.from`. */
  compare: opt(oneOf(COMPARES))
});

export const SCALES = ['nps', 'csat'] as const;
export const satisfactionSchema = obj({
  kind: literal('satisfaction'),
  /** `nps` (0–10) or `csat` (1–5). */
  scale: oneOf(SCALES),
  /** Which rows are survey answers; default every row. */
  answers: withDefault(stepSchema, { event: '*' } as Infer<typeof stepSchema>),
  breakdown: opt(text()),
  breakdown_limit: withDefault(int(1, MAX_BREAKDOWN_LIMIT), 25)
});

/** An experiment's outcome: the per-user sum of a column, or whether the user did a step. */
export const outcomeSchema = union(
  [obj({ column: text(), label: opt(text()) }), stepSchema],
  (x) => (!isObj(x) ? -1 : 'column' in x ? ('event' in x || 'events' in x ? -1 : 0) : 1),
  'expected {"column": …} or a step object such as {"event": "purchase"}, not both'
);
export const experimentSchema = obj({
  kind: literal('experiment'),
  /** The column whose value on a user's first row is their group. */
  group: text(),
  /** The group every other is compared with (an empty text is a value like any other). */
  control: text({ allowEmpty: true }),
  outcomes: list(outcomeSchema, { min: 1, max: MAX_STEPS })
});

export const LEVELS = ['event', 'stage'] as const;
/** Beyond this a Sankey is unreadable and the per-user rows kept grow for nothing. */
export const MAX_PATH_DEPTH = 20;
export const PATHS_DEFAULTS = { depth: 4, limit: 8, level: 'event', collapse_repeats: true, session_gap: null } as const;
export const pathsSchema = obj(
  {
    kind: literal('paths'),
    /** Exactly one of `start` and `end`. */
    start: opt(stepSchema),
    end: opt(stepSchema),
    /** Names kept per path, position 1 included (docs/PATHS.md). */
    depth: withDefault(int(1, MAX_PATH_DEPTH), PATHS_DEFAULTS.depth as number),
    /** Names kept at each position beyond the first; the rest become "Other". */
    limit: withDefault(int(1, MAX_BREAKDOWN_LIMIT), PATHS_DEFAULTS.limit as number),
    level: withDefault(oneOf(LEVELS), PATHS_DEFAULTS.level as (typeof LEVELS)[number]),
    collapse_repeats: withDefault(bool(), PATHS_DEFAULTS.collapse_repeats as boolean),
    /** Longest gap between consecutive rows that keeps a path going; null: no cut. */
    session_gap: withDefault(nullable(windowSchema), PATHS_DEFAULTS.session_gap as Infer<typeof windowSchema> | null)
  },
  (a, path) => {
    if (a.start !== undefined && a.end !== undefined) fail(`${path}.end`, 'give either "start" or "end", not both');
    if (a.start === undefined && a.end === undefined) fail(`${path}.start`, 'a paths analysis needs "start" (or "end") event');
  }
);

// Lifecycle, stickiness and engagement levels (docs/ENGAGEMENT.md): reported periods run from the
// first to the last activity inside `range`, at most the last `periods` of them.
const spanFields = (period: (typeof PERIODS)[number]) => ({
  /** What makes a user active; default any event. */
  activity: opt(stepSchema),
  period: withDefault(oneOf(PERIODS), period),
  week_start: withDefault(oneOf(WEEK_STARTS), 'monday'),
  periods: withDefault(int(1, MAX_PERIODS), 12)
});
export const lifecycleSchema = obj({ kind: literal('lifecycle'), ...spanFields('week') });

export const STICKINESS_PERIODS = ['week', 'month'] as const;
export const stickinessSchema = obj({
  kind: literal('stickiness'),
  ...spanFields('week'),
  /** A day has one active day at most: only weeks and months. */
  period: withDefault(oneOf(STICKINESS_PERIODS), 'week'),
  /** true: `days[k-1]` counts users active on k or more days instead of exactly k. */
  cumulative: withDefault(bool(), false)
});

export const ENGAGEMENT_MEASURES = ['stage', 'active_days', 'active_periods', 'days_since_active', 'purchases', 'occurrences'] as const;
export const ENGAGEMENT_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const ENGAGEMENT_SCOPES = ['period', 'to_date'] as const;
/** The measures that count occurrences, so take a `scope`; of these only `occurrences` takes a `step`. */
/** A counted measure without `scope` counts up to the period's end. */
export const ENGAGEMENT_DEFAULT_SCOPE: (typeof ENGAGEMENT_SCOPES)[number] = 'to_date';
export const ENGAGEMENT_SCOPED: readonly (typeof ENGAGEMENT_MEASURES)[number][] = ['purchases', 'occurrences'];
const conditionValue = union(
  [number(-Number.MAX_VALUE, Number.MAX_VALUE), text()],
  (x) => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : -1),
  'must be a number (for "stage" also a stage name)'
);
export const conditionSchema = obj({
  measure: oneOf(ENGAGEMENT_MEASURES),
  op: oneOf(ENGAGEMENT_OPS),
  /** A number; for `stage` also a stage name, meaning its position in `stages`. */
  value: conditionValue,
  /** `purchases` and `occurrences` only: in the period itself, or up to its end (default). */
  scope: opt(oneOf(ENGAGEMENT_SCOPES)),
  /** `occurrences` only (required): which occurrences are counted. */
  step: opt(stepSchema)
});
export const levelSchema = obj({ name: text(), when: list(conditionSchema, { max: 20 }) });
type Level = Infer<typeof levelSchema>;
/** The default five levels, lowest first; 30 days of recency keep the upper levels for users still around. */
export const DEFAULT_LEVELS: Level[] = [
  { name: 'exploring', when: [] },
  { name: 'understanding', when: [{ measure: 'stage', op: '>=', value: 2 }] },
  {
    name: 'anticipating',
    when: [
      { measure: 'stage', op: '>=', value: 2 },
      { measure: 'active_periods', op: '>=', value: 2 },
      { measure: 'days_since_active', op: '<=', value: 30 }
    ]
  },
  { name: 'committed', when: [{ measure: 'purchases', op: '>=', value: 2 }, { measure: 'days_since_active', op: '<=', value: 30 }] },
  { name: 'advocating', when: [{ measure: 'stage', op: '>=', value: 5 }, { measure: 'days_since_active', op: '<=', value: 30 }] }
];
export const engagementSchema = obj({
  kind: literal('engagement'),
  ...spanFields('month'),
  /** What `purchases` counts; default occurrences with a revenue or an order id. */
  purchase: opt(stepSchema),
  /** Exactly five levels, lowest first; the highest whose conditions all hold wins. */
  levels: withDefault(list(levelSchema, { min: 5, max: 5 }), DEFAULT_LEVELS)
});

/** Every analysis kind. Adding one here makes the compiler ask for its runner and its panel. */
export const ANALYSES = {
  funnel: funnelSchema,
  stages: stagesSchema,
  retention: retentionSchema,
  cohorts: cohortsSchema,
  kpis: kpisSchema,
  satisfaction: satisfactionSchema,
  experiment: experimentSchema,
  paths: pathsSchema,
  lifecycle: lifecycleSchema,
  stickiness: stickinessSchema,
  engagement: engagementSchema
};
export const analysisSchema = byKind(ANALYSES);
export type Kind = keyof typeof ANALYSES;
export const KINDS = Object.keys(ANALYSES) as Kind[];

function checkMapping(s: { stages?: { name: string; events: string[] }[] }, path: string): void {
  if (s.stages) checkStages(s.stages, path ? `${path}.stages` : 'stages');
}

export const specSchema = obj({ version: literal(1), ...mappingFields, analysis: analysisSchema }, (s, path) => {
  checkMapping(s, path);
  if (s.analysis.kind === 'kpis' && s.analysis.compare !== undefined && (s.range?.from === undefined || s.range?.to === undefined)) {
    fail('analysis.compare', '"previous_period" needs a range with both "from" and "to" (the previous period has the same length and ends at range.from)');
  }
  if (s.analysis.kind === 'paths' && s.analysis.level === 'stage' && !(s.stages ?? []).some((g) => g.events.length > 0)) {
    fail('analysis.level', '"stage" needs the spec\'s "stages" with at least one event mapped');
  }
  if (s.analysis.kind === 'stages') {
    if (s.stages === undefined) fail('stages', 'the stages analysis needs top-level "stages"');
    // Its steps are the stages that have events (analysis/stages.ts); a step past them named a
    // column the SQL never made (found by the 10,000-link run).
    const steps = s.stages.filter((g) => g.events.length > 0).length;
    const at = s.analysis.attribution;
    if (typeof at === 'object' && at.step > steps) fail('analysis.attribution.step', `must be between 1 and ${steps} (the stages with events), got ${at.step}`);
    if (s.analysis.order === 'unordered') {
      const overlap = unorderedOverlap(s.stages.filter((g) => g.events.length > 0).map((g) => ({ events: g.events })));
      if (overlap > MAX_UNORDERED_OVERLAP) fail('stages', `an unordered stage funnel can have at most ${MAX_UNORDERED_OVERLAP} stages whose events overlap`);
    }
  }
});
export const mappingSchema = obj(mappingFields, checkMapping);

// ---- How a panel is shown (not part of a spec: the command line ignores it) ----

export const VIEW_DEFAULTS = { trend: 'week', drop: [1, 1], metric: 'retention' } as const;
export const DROP_DEPTHS = [1, 2, 3] as const;
/** What a cohort panel's table and curves show (the result carries every one). */
export const COHORT_METRICS = ['retention', 'users', 'revenue', 'cumulative_revenue_per_user', 'orders_per_user', 'repeat_purchase_rate'] as const;
export const viewSchema = obj({
  /** The panel's own title; default its kind's name. */
  title: opt(text()),
  /** The panel spans both columns of the dashboard grid (wide screens). */
  wide: opt(literal(true)),
  /** Cohorts: the metric shown. */
  metric: withDefault(oneOf(COHORT_METRICS), VIEW_DEFAULTS.metric),
  /** Titles of the panel's charts shown with their table of numbers. */
  tables: opt(list(text())),
  /** Stickiness: the start of the period shown; default the last complete one. */
  shown_period: opt(text()),
  /** Retention heatmap cells show user counts instead of shares. */
  counts: opt(literal(true)),
  /** Funnel time to convert: from step, to step (1-based, from < to). Default: 1 → last. */
  ttc: opt(pair(int(1, MAX_STEPS))),
  /** Funnel conversion over time, by this period of entry. */
  trend: withDefault(oneOf(PERIODS), VIEW_DEFAULTS.trend),
  /** Funnel drop-off: after step (1-based), with this many next events (1–3). */
  drop: withDefault(pair(int(1, MAX_STEPS)), [...VIEW_DEFAULTS.drop] as [number, number])
});

// ---- What one panel applies besides the dashboard's filters and range (docs/FILTERS.md) ----

/** Whether a panel takes the dashboard's filters (or range) or sets them aside. */
export const DASHBOARD_USES = ['apply', 'ignore'] as const;
export const scopeSchema = obj({
  /** The panel's own filters: a row must pass them and (unless ignored) the dashboard's. */
  filters: opt(filters),
  dashboard_filters: withDefault(oneOf(DASHBOARD_USES), 'apply'),
  /** The panel's own range, used instead of the dashboard's. */
  range: opt(rangeSchema),
  /** `ignore` without an own range: the panel's journeys start at any date. */
  dashboard_range: withDefault(oneOf(DASHBOARD_USES), 'apply')
});

/**
 * The files a dashboard was made from, as its link names them (not part of any spec: the command
 * line ignores it): each file's name and the columns the dashboard reads from it, with their kind
 * of values. Files dropped on a link are checked against it (state/link-files.ts); a link without
 * it is checked on the mapping's column names only.
 */
export const COLUMN_KINDS = ['text', 'number', 'time', 'boolean', 'other'] as const;
export const MAX_LINK_FILES = 100;
export const linkFileSchema = obj({
  file: text(),
  /** `spend`: the dashboard's ad spend file (`mapping.spend`); default: an events file. */
  spend: opt(literal(true)),
  columns: list(obj({ name: text(), type: oneOf(COLUMN_KINDS) }))
});

/** The whole dashboard in a link (state/url-codec.ts). */
export const MAX_PANELS = 50;
export const stateSchema = obj(
  {
    v: literal(1),
    /** The dashboard's title; default "Customer journey". */
    title: opt(text()),
    mapping: withDefault(mappingSchema, { time_format: 'auto' } as Infer<typeof mappingSchema>),
    panels: withDefault(list(analysisSchema, { max: MAX_PANELS }), []),
    /** Index (0-based) of the panel in view. */
    active: withDefault(int(0, MAX_PANELS), 0),
    /** How each panel is shown (same order as `panels`); shorter means default views. */
    views: opt(list(viewSchema, { max: MAX_PANELS })),
    /** Each panel's own filters and range (same order as `panels`); shorter means none. */
    scopes: opt(list(scopeSchema, { max: MAX_PANELS })),
    /**
     * The page shows the previous period beside the range (tiles, funnels, retention; docs/DATES.md).
     * Off unless given; a page matter: the command line runs one panel's spec and ignores it.
     */
    compare: opt(oneOf(COMPARES)),
    /** The files the dashboard was made from (see linkFileSchema). */
    files: opt(list(linkFileSchema, { max: MAX_LINK_FILES }))
  },
  (s, path) => {
    if (s.active > Math.max(0, s.panels.length - 1)) fail(at0(path, 'active'), `must be between 0 and ${Math.max(0, s.panels.length - 1)}, got ${s.active}`);
    if ((s.scopes?.length ?? 0) > s.panels.length) fail(at0(path, 'scopes'), `has ${s.scopes!.length} entries for ${s.panels.length} panels`);
    const views = s.views ?? [];
    if (views.length > s.panels.length) fail(at0(path, 'views'), `has ${views.length} entries for ${s.panels.length} panels`);
    views.forEach((v, i) => {
      const p = s.panels[i];
      const steps = p.kind === 'funnel' ? p.steps.length : 0;
      if (v.ttc && !(v.ttc[0] < v.ttc[1] && v.ttc[1] <= steps)) fail(`views[${i}].ttc`, `must be [from, to] with 1 ≤ from < to ≤ ${steps}`);
      if (p.kind === 'funnel' && v.drop[0] > steps - 1 && !(v.drop[0] === 1 && v.drop[1] === 1)) {
        fail(`views[${i}].drop`, `must be [after step, next events] with 1 ≤ step ≤ ${steps - 1} and 1 to 3 events`);
      }
      if (!(DROP_DEPTHS as readonly number[]).includes(v.drop[1])) fail(`views[${i}].drop`, 'must be [after step, next events] with 1 to 3 events');
    });
  }
);
const at0 = (path: string, k: string) => (path ? `${path}.${k}` : k);
