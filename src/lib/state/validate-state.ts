import { SpecError } from '../spec/errors';
import { ROLES, type Analysis, type Spec } from '../spec/types';
import type { DashboardState } from './url-codec';
import { validateView } from './panel-view';
import {
  ANALYSIS_KEYS, EXCLUSION_KEYS, FILTER_OPS, MAPPING_KEYS, ORDERS, PERIODS, SOURCE_KEYS, STEP_KEYS, WINDOW_UNITS
} from './keys';

/**
 * A small hand-written validator for what arrives from a link or a file: structure, kinds, steps,
 * operators and units. Each failure throws a SpecError whose message starts with the field's path
 * (e.g. `panels[0].steps[2].where[0].op`). Values stay data: nothing here interprets them.
 */

const MAX_TEXT = 4000;
const MAX_ITEMS = 100_000;
type Obj = Record<string, unknown>;

function fail(path: string, msg: string): never {
  throw new SpecError(`${path}: ${msg}`, path);
}

/** A short, safe rendering of a bad value for a message (long or hostile text is cut). */
function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  return Array.isArray(x) ? 'a list' : typeof x;
}

function obj(x: unknown, path: string, allowed: readonly string[]): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(path, `expected an object, got ${show(x)}`);
  for (const k of Object.keys(x)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
  return x as Obj;
}

function arr(x: unknown, path: string, min = 0): unknown[] {
  if (!Array.isArray(x)) fail(path, `expected a list, got ${show(x)}`);
  if (x.length < min) fail(path, `needs at least ${min} item${min === 1 ? '' : 's'}`);
  if (x.length > MAX_ITEMS) fail(path, `too many items (${x.length})`);
  return x;
}

function str(x: unknown, path: string, nonEmpty = true): string {
  if (typeof x !== 'string') fail(path, `expected text, got ${show(x)}`);
  if (nonEmpty && x.length === 0) fail(path, 'must not be empty');
  if (x.length > MAX_TEXT) fail(path, `text too long (${x.length} characters)`);
  return x;
}

function int(x: unknown, path: string, min: number, max = 1_000_000): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) fail(path, `expected a whole number, got ${show(x)}`);
  if (x < min || x > max) fail(path, `must be between ${min} and ${max}, got ${x}`);
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, options: readonly T[]): T {
  if (typeof x !== 'string' || !(options as readonly string[]).includes(x)) fail(path, `must be one of ${options.join(', ')}; got ${show(x)}`);
  return x as T;
}

const opt = (o: Obj, k: string, check: (x: unknown, path: string) => unknown, path: string) => {
  if (o[k] !== undefined) check(o[k], `${path}.${k}`);
};

export function validateFilter(x: unknown, path: string): void {
  const f = obj(x, path, ['column', 'op', 'values']);
  str(f.column, `${path}.column`);
  const op = oneOf(f.op, `${path}.op`, FILTER_OPS);
  if (op === 'is_null' || op === 'not_null') {
    if (f.values !== undefined) arr(f.values, `${path}.values`);
    return;
  }
  const values = arr(f.values, `${path}.values`, 1);
  values.forEach((v, i) => {
    const p = `${path}.values[${i}]`;
    if (typeof v === 'string') str(v, p, false);
    else if (typeof v === 'number') { if (!Number.isFinite(v)) fail(p, 'must be a finite number'); }
    else if (typeof v !== 'boolean') fail(p, `expected text, a number or true/false, got ${show(v)}`);
  });
  if (['=', '!=', '<', '<=', '>', '>='].includes(op) && values.length !== 1) fail(`${path}.values`, `operator "${op}" takes one value`);
}

const filters = (x: unknown, path: string) => arr(x, path).forEach((f, i) => validateFilter(f, `${path}[${i}]`));

export function validateStep(x: unknown, path: string, keys: readonly string[] = STEP_KEYS): Obj {
  const s = obj(x, path, keys);
  if (s.event === undefined && s.events === undefined) fail(path, 'needs "event" or "events"');
  if (s.event !== undefined && s.events !== undefined) fail(path, 'give either "event" or "events", not both');
  opt(s, 'event', str, path);
  opt(s, 'events', (e, p) => arr(e, p, 1).forEach((n, i) => str(n, `${p}[${i}]`)), path);
  opt(s, 'where', filters, path);
  opt(s, 'label', str, path);
  return s;
}

function window(x: unknown, path: string): void {
  if (x === null) return;
  const w = obj(x, path, ['value', 'unit']);
  if (typeof w.value !== 'number' || !(w.value > 0) || !Number.isFinite(w.value)) fail(`${path}.value`, `expected a positive number, got ${show(w.value)}`);
  oneOf(w.unit, `${path}.unit`, WINDOW_UNITS);
}

function attribution(x: unknown, path: string, steps: number): void {
  if (typeof x === 'string') return void oneOf(x, path, ['first_touch', 'last_touch']);
  const a = obj(x, path, ['step']);
  int(a.step, `${path}.step`, 1, steps);
}

function funnelCommon(a: Obj, path: string, steps: number): void {
  opt(a, 'order', (x, p) => oneOf(x, p, ORDERS), path);
  opt(a, 'window', window, path);
  opt(a, 'breakdown', str, path);
  opt(a, 'attribution', (x, p) => attribution(x, p, steps), path);
  opt(a, 'breakdown_limit', (x, p) => int(x, p, 1, 1000), path);
}

const period = (a: Obj, path: string) => {
  opt(a, 'period', (x, p) => oneOf(x, p, PERIODS), path);
  opt(a, 'periods', (x, p) => int(x, p, 0, 1000), path);
  opt(a, 'week_start', (x, p) => oneOf(x, p, ['monday', 'sunday']), path);
};

/** Typed over every kind, so adding a kind to `Analysis` without a check here fails to compile. */
const KINDS: Record<Analysis['kind'], (a: Obj, path: string) => void> = {
  funnel(a, path) {
    const steps = arr(a.steps, `${path}.steps`, 1);
    if (steps.length > 100) fail(`${path}.steps`, 'at most 100 steps');
    steps.forEach((s, i) => validateStep(s, `${path}.steps[${i}]`));
    funnelCommon(a, path, steps.length);
    opt(a, 'immature', (x, p) => oneOf(x, p, ['include', 'exclude']), path);
    opt(a, 'exclusions', (x, p) => arr(x, p).forEach((e, i) => {
      const q = `${p}[${i}]`;
      const ex = validateStep(e, q, EXCLUSION_KEYS);
      const from = int(ex.from_step, `${q}.from_step`, 1, steps.length);
      const to = int(ex.to_step, `${q}.to_step`, 1, steps.length);
      if (from >= to) fail(`${q}.from_step`, `must be before to_step (${from} ≥ ${to})`);
      if (a.order === 'unordered' && (from !== 1 || to !== steps.length)) fail(q, `in an unordered funnel an exclusion must span steps 1 to ${steps.length}`);
    }), path);
  },
  stages(a, path) {
    funnelCommon(a, path, 1000);
  },
  retention(a, path) {
    validateStep(a.start, `${path}.start`);
    validateStep(a.return, `${path}.return`);
    period(a, path);
    opt(a, 'mode', (x, p) => oneOf(x, p, ['recurring', 'first_time']), path);
    opt(a, 'cumulative', (x, p) => typeof x === 'boolean' || fail(p, `expected true or false, got ${show(x)}`), path);
    opt(a, 'min_occurrences', (x, p) => int(x, p, 1), path);
    opt(a, 'breakdown', str, path);
  },
  cohorts(a, path) {
    period(a, path);
    opt(a, 'by', str, path);
    opt(a, 'activity', validateStep, path);
    opt(a, 'purchase', validateStep, path);
  }
};

export function validateAnalysis(x: unknown, path: string): Analysis {
  const kinds = Object.keys(KINDS) as Analysis['kind'][];
  // The kind first: an unknown kind is the clearer message than its unknown fields.
  const probe = typeof x === 'object' && x !== null ? (x as Obj) : obj(x, path, []);
  const kind = oneOf(probe.kind, `${path}.kind`, kinds);
  const a = obj(x, path, ANALYSIS_KEYS[kind]);
  KINDS[kind](a, path);
  return a as unknown as Analysis;
}

function columnRef(x: unknown, path: string): void {
  if (typeof x === 'string') return void str(x, path);
  const o = obj(x, path, ['value', 'product']);
  if ('value' in o === 'product' in o) fail(path, 'expected a column name, {"value": …} or {"product": [a, b]}');
  if ('value' in o) str(o.value, `${path}.value`);
  else {
    const p = arr(o.product, `${path}.product`, 2);
    if (p.length !== 2) fail(`${path}.product`, 'expected exactly two column names');
    p.forEach((c, i) => str(c, `${path}.product[${i}]`));
  }
}

function columns(x: unknown, path: string): void {
  const c = obj(x, path, ROLES);
  for (const [k, v] of Object.entries(c)) if (v !== undefined) columnRef(v, `${path}.${k}`);
}

const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const offset = (x: unknown, p: string) => OFFSET.test(str(x, p)) || fail(p, `expected a fixed offset like "+02:00", got ${show(x)}`);
const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z?)?$/;
const date = (x: unknown, p: string) => DATE.test(str(x, p)) || fail(p, `expected a date like "2024-05-01" or "2024-05-01 12:00:00", got ${show(x)}`);

/** The Spec fields except `version` and `analysis`, in `o` (which may hold other checked keys). */
export function validateMapping(o: Obj, path: string): void {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (o.columns !== undefined) columns(o.columns, at('columns'));
  if (o.time_format !== undefined) str(o.time_format, at('time_format'));
  if (o.utc_offset !== undefined) offset(o.utc_offset, at('utc_offset'));
  if (o.sources !== undefined) arr(o.sources, at('sources')).forEach((s, i) => {
    const p = `${at('sources')}[${i}]`;
    const src = obj(s, p, SOURCE_KEYS);
    str(src.file, `${p}.file`);
    opt(src, 'columns', columns, p);
    opt(src, 'time_format', str, p);
    opt(src, 'utc_offset', offset, p);
  });
  if (o.stages !== undefined) {
    const seen = new Map<string, string>();
    arr(o.stages, at('stages')).forEach((s, i) => {
      const p = `${at('stages')}[${i}]`;
      const st = obj(s, p, ['name', 'events']);
      const name = str(st.name, `${p}.name`);
      arr(st.events, `${p}.events`).forEach((e, j) => {
        const ev = str(e, `${p}.events[${j}]`);
        if (seen.has(ev) && seen.get(ev) !== name) fail(`${p}.events[${j}]`, `event ${show(ev)} is already in stage ${show(seen.get(ev))}`);
        seen.set(ev, name);
      });
    });
  }
  if (o.filters !== undefined) filters(o.filters, at('filters'));
  if (o.range !== undefined) {
    const r = obj(o.range, at('range'), ['from', 'to']);
    opt(r, 'from', date, at('range'));
    opt(r, 'to', date, at('range'));
  }
}

export function validateState(x: unknown): DashboardState {
  const s = obj(x, 'state', ['v', 'mapping', 'panels', 'active', 'views']);
  if (s.v !== 1) fail('v', `unsupported state version ${show(s.v)}; this app reads version 1`);
  const mapping = obj(s.mapping ?? {}, 'mapping', MAPPING_KEYS);
  validateMapping(mapping, 'mapping');
  const panels = arr(s.panels ?? [], 'panels');
  if (panels.length > 50) fail('panels', 'at most 50 panels');
  panels.forEach((p, i) => validateAnalysis(p, `panels[${i}]`));
  if (s.active !== undefined) int(s.active, 'active', 0, Math.max(0, panels.length - 1));
  const views = s.views === undefined ? undefined : arr(s.views, 'views');
  if (views && views.length > panels.length) fail('views', `has ${views.length} entries for ${panels.length} panels`);
  views?.forEach((v, i) => {
    const p = panels[i] as { kind?: unknown; steps?: unknown[] };
    validateView(v, `views[${i}]`, p.kind === 'funnel' && Array.isArray(p.steps) ? p.steps.length : 0);
  });
  return {
    v: 1, mapping, panels,
    ...(s.active !== undefined ? { active: s.active } : {}),
    ...(views ? { views } : {})
  } as DashboardState;
}

/** A spec document (CLI `--spec`, tests): the same checks, field paths without a prefix. */
export function validateSpec(x: unknown): Spec {
  const s = obj(x, 'spec', ['version', ...MAPPING_KEYS, 'analysis']);
  if (s.version !== 1) fail('version', `unsupported spec version ${show(s.version)}; expected 1`);
  validateMapping(s, '');
  validateAnalysis(s.analysis, 'analysis');
  return s as unknown as Spec;
}
