import { MAX_UNORDERED_OVERLAP, unorderedOverlap } from '../sql/funnel-unordered';
import type { Step } from './types';
import { rangeMicros } from '../sql/range';
import { WINDOW_UNITS } from '../sql/window';
import { SpecError } from './errors';
import { ROLES } from './types';
import type { Spec } from './types';

/**
 * Checks a spec before anything runs; the first problem throws a SpecError whose message starts
 * with the field's path (`analysis.exclusions[0].from_step: …`). Columns are checked later, against
 * the data. Unknown keys are tolerated (newer documents may carry more), wrong values are not.
 */
const OPS = ['=', '!=', 'in', 'not_in', '<', '<=', '>', '>=', 'contains', 'not_contains', 'starts_with', 'not_starts_with', 'icontains', 'is_null', 'not_null'];
const KINDS = ['funnel', 'stages', 'retention', 'cohorts'];

type Obj = Record<string, unknown>;

function fail(field: string, msg: string): never {
  throw new SpecError(`${field}: ${msg}`, field);
}
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) fail(field, 'expected an object');
  return v;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) fail(field, 'expected a list');
  return v;
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') fail(field, 'expected a non-empty text');
  return v;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(field, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}
function int(v: unknown, field: string, min: number, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `expected a whole number${max === Infinity ? ` ≥ ${min}` : ` from ${min} to ${max}`}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function validateFilters(v: unknown, field: string): void {
  if (v === undefined) return;
  arr(v, field).forEach((f, i) => {
    const at = `${field}[${i}]`;
    const o = obj(f, at);
    str(o.column, `${at}.column`);
    const op = oneOf(o.op, OPS, `${at}.op`);
    if (op === 'is_null' || op === 'not_null') return;
    const values = arr(o.values, `${at}.values`);
    if (values.length === 0) fail(`${at}.values`, `operator "${op}" needs at least one value`);
    values.forEach((x, j) => {
      if (!['string', 'number', 'boolean'].includes(typeof x)) fail(`${at}.values[${j}]`, 'expected a text, number or boolean');
    });
    if (['=', '!=', '<', '<=', '>', '>='].includes(op) && values.length !== 1) fail(`${at}.values`, `operator "${op}" takes one value`);
  });
}

/** A step object: one of `event` / `events`, optional `where` and `label`. */
export function validateStep(v: unknown, field: string): void {
  const o = obj(v, field);
  if ((o.event === undefined) === (o.events === undefined)) fail(field, 'give either "event" or "events"');
  if (o.event !== undefined) str(o.event, `${field}.event`);
  if (o.events !== undefined) {
    const names = arr(o.events, `${field}.events`);
    if (names.length === 0) fail(`${field}.events`, 'expected at least one event name');
    names.forEach((x, i) => str(x, `${field}.events[${i}]`));
  }
  validateFilters(o.where, `${field}.where`);
  if (o.label !== undefined && typeof o.label !== 'string') fail(`${field}.label`, 'expected a text');
}

function validateWindow(v: unknown, field: string): void {
  if (v === undefined || v === null) return;
  const o = obj(v, field);
  if (typeof o.value !== 'number' || !Number.isFinite(o.value) || o.value <= 0) fail(`${field}.value`, `expected a positive number, got ${JSON.stringify(o.value)}`);
  oneOf(o.unit, WINDOW_UNITS, `${field}.unit`);
}

function validateBreakdown(a: Obj, steps: number, field: string): void {
  if (a.breakdown !== undefined) str(a.breakdown, `${field}.breakdown`);
  if (a.attribution !== undefined && typeof a.attribution === 'string') oneOf(a.attribution, ['first_touch', 'last_touch'], `${field}.attribution`);
  else if (a.attribution !== undefined) int(obj(a.attribution, `${field}.attribution`).step, `${field}.attribution.step`, 1, steps);
  if (a.breakdown_limit !== undefined) int(a.breakdown_limit, `${field}.breakdown_limit`, 1);
  if (a.order !== undefined) oneOf(a.order, ['ordered', 'strict', 'unordered'], `${field}.order`);
  validateWindow(a.window, `${field}.window`);
}

function validateFunnel(a: Obj, field: string): void {
  const steps = arr(a.steps, `${field}.steps`);
  if (steps.length === 0) fail(`${field}.steps`, 'expected at least one step');
  steps.forEach((s, i) => validateStep(s, `${field}.steps[${i}]`));
  validateBreakdown(a, steps.length, field);
  if (a.order === 'unordered') checkUnorderedOverlap(steps as Step[], `${field}.steps`);
  // Extension (docs/FUNNELS.md): users still converting marked, or left out of the counts.
  if (a.immature !== undefined) oneOf(a.immature, ['include', 'exclude'], `${field}.immature`);
  if (a.exclusions === undefined) return;
  arr(a.exclusions, `${field}.exclusions`).forEach((x, i) => {
    const at = `${field}.exclusions[${i}]`;
    validateStep(x, at);
    const o = x as Obj;
    const from = int(o.from_step, `${at}.from_step`, 1, steps.length);
    int(o.to_step, `${at}.to_step`, 1, steps.length);
    if (from >= (o.to_step as number)) fail(`${at}.from_step`, `must be before to_step (${from} ≥ ${o.to_step})`);
    if (a.order === 'unordered' && (from !== 1 || o.to_step !== steps.length)) {
      fail(`${at}.from_step`, `in an unordered funnel an exclusion spans the whole funnel (1 to ${steps.length})`);
    }
  });
}

/** Unordered funnels need a running count per subset of steps that share events (see funnel-unordered). */
function checkUnorderedOverlap(steps: Step[], field: string): void {
  const n = unorderedOverlap(steps);
  if (n > MAX_UNORDERED_OVERLAP) {
    fail(field, `an unordered funnel can have at most ${MAX_UNORDERED_OVERLAP} different steps whose events overlap (here ${n}: steps sharing an event name, or "any event" steps with conditions); make the steps' events distinct or use order "ordered"`);
  }
}

function validateStages(v: unknown): number {
  if (v === undefined) return 0;
  const seen = new Map<string, string>();
  let nonEmpty = 0;
  arr(v, 'stages').forEach((s, i) => {
    const o = obj(s, `stages[${i}]`);
    const name = str(o.name, `stages[${i}].name`);
    const events = arr(o.events, `stages[${i}].events`);
    if (events.length > 0) nonEmpty++;
    events.forEach((e, j) => {
      const ev = str(e, `stages[${i}].events[${j}]`);
      const other = seen.get(ev);
      if (other !== undefined) fail(`stages[${i}].events[${j}]`, `"${ev}" is already in stage "${other}" (an event belongs to one stage at most)`);
      seen.set(ev, name);
    });
  });
  return nonEmpty;
}

function validateColumns(v: unknown, field: string): void {
  if (v === undefined) return;
  const o = obj(v, field);
  for (const [role, ref] of Object.entries(o)) {
    const at = `${field}.${role}`;
    oneOf(role, ROLES, at);
    if (typeof ref === 'string') continue;
    const r = obj(ref, at);
    if ('value' in r) str(r.value, `${at}.value`);
    else if ('row' in r) {
      if (r.row !== true) fail(`${at}.row`, 'expected true');
    } else if ('product' in r) {
      const p = arr(r.product, `${at}.product`);
      if (p.length !== 2) fail(`${at}.product`, 'expected two column names');
      p.forEach((c, i) => str(c, `${at}.product[${i}]`));
    } else fail(at, 'expected a column name, {"value": …}, {"product": [a, b]} or {"row": true}');
  }
}

function validateTime(o: Obj, field: string): void {
  if (o.time_format !== undefined) str(o.time_format, `${field}time_format`);
  if (o.utc_offset !== undefined && (typeof o.utc_offset !== 'string' || !/^[+-]\d{2}:\d{2}$/.test(o.utc_offset))) {
    fail(`${field}utc_offset`, `expected a fixed offset like "+02:00", got ${JSON.stringify(o.utc_offset)}`);
  }
}

function validateRetentionLike(a: Obj, field: string): void {
  if (a.kind === 'retention') {
    validateStep(a.start, `${field}.start`);
    validateStep(a.return, `${field}.return`);
    if (a.mode !== undefined) oneOf(a.mode, ['recurring', 'first_time'], `${field}.mode`);
    if (a.cumulative !== undefined && typeof a.cumulative !== 'boolean') fail(`${field}.cumulative`, 'expected true or false');
    if (a.min_occurrences !== undefined) int(a.min_occurrences, `${field}.min_occurrences`, 1);
  } else {
    if (a.activity !== undefined) validateStep(a.activity, `${field}.activity`);
    if (a.purchase !== undefined) validateStep(a.purchase, `${field}.purchase`);
  }
  if (a.period !== undefined) oneOf(a.period, ['day', 'week', 'month'], `${field}.period`);
  if (a.periods !== undefined) int(a.periods, `${field}.periods`, 0);
  if (a.week_start !== undefined) oneOf(a.week_start, ['monday', 'sunday'], `${field}.week_start`);
}

export function validateSpec(spec: unknown): asserts spec is Spec {
  const s = obj(spec, 'spec');
  if (s.version !== 1) fail('version', `expected 1, got ${JSON.stringify(s.version)}`);
  validateColumns(s.columns, 'columns');
  validateTime(s, '');
  if (s.sources !== undefined) {
    arr(s.sources, 'sources').forEach((x, i) => {
      const o = obj(x, `sources[${i}]`);
      str(o.file, `sources[${i}].file`);
      validateColumns(o.columns, `sources[${i}].columns`);
      validateTime(o, `sources[${i}].`);
    });
  }
  validateFilters(s.filters, 'filters');
  if (s.range !== undefined) {
    const r = obj(s.range, 'range');
    const { from, to } = rangeMicros(r as { from?: string; to?: string });
    if (from !== null && to !== null && from >= to) fail('range.to', 'must be after range.from');
  }
  const stageSteps = validateStages(s.stages);
  const a = obj(s.analysis, 'analysis');
  const kind = oneOf(a.kind, KINDS, 'analysis.kind');
  if (kind === 'funnel') validateFunnel(a, 'analysis');
  else if (kind === 'stages') {
    if (s.stages === undefined) fail('stages', 'the stages analysis needs top-level "stages"');
    validateBreakdown(a, Math.max(stageSteps, 1), 'analysis');
    if (a.order === 'unordered') checkUnorderedOverlap((s.stages as { events: string[] }[]).filter((g) => g.events.length > 0), 'stages');
  } else validateRetentionLike(a, 'analysis');
}
