import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PATHS_DEFAULTS, runPaths, type PathsAnalysis, type PathsSpec } from '../../src/lib/analysis/paths';
import { runFunnel } from '../../src/lib/analysis/funnel';
import { funnelOfPath } from '../../src/lib/analysis/path-funnel';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { listedEventsTable } from '../support/fixture-events';
import { refPaths, refUserPaths, type RefPathsSpec } from './reference/paths';
import type { RefEvent } from './reference/retention';
import { raw } from '../../src/lib/sql/quote';
import { rng } from '../support/rng';

/**
 * SQL paths against the plain-loop reference on seeded random event sets: times on a minute grid
 * (several rows of a user at one instant are common, input order shuffled against time), repeats
 * of one event, gaps of hours, orders of several lines and rows with a null order, rows with no
 * event name or no stage, a real event called "Other", names that sort differently by code point.
 */

const MINUTE = 60_000;
const BASE = Date.UTC(2024, 2, 1);
const EVENTS = ['view', 'view', 'cart', 'buy', 'Zoom', 'éclair', 'Other', 'help', 'faq', null];
const STAGE: Record<string, string> = { view: 'awareness', Zoom: 'awareness', cart: 'consideration', faq: 'consideration', buy: 'purchase', Other: 'retention' };
const STAGES: Spec['stages'] = ['awareness', 'consideration', 'purchase', 'retention'].map((name) => ({ name, events: Object.keys(STAGE).filter((e) => STAGE[e] === name) }));
const CHANNELS = ['email', 'ads', 'x', null];

function makeEvents(seed: number, distinctTimes = false, names = EVENTS): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 30 + Math.floor(r() * 50);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(r() * 16);
    let t = BASE + Math.floor(r() * 3 * 24 * 60) * MINUTE;
    for (let i = 0; i < n; i++) {
      // Mostly minutes apart, sometimes at the same instant, sometimes hours later (a new session).
      const step = r();
      t += step < 0.2 && !distinctTimes ? 0 : step < 0.85 ? (1 + Math.floor(r() * 20)) * MINUTE : (60 + Math.floor(r() * 600)) * MINUTE;
      const event = pick(names);
      const order = event === 'buy' && r() < 0.7 ? pick(['o1', 'o2', null]) : null;
      const row = { row_id: 0, user_id: `u${u}`, ts: t, event, stage: event === null ? null : (STAGE[event] ?? null), channel: pick(CHANNELS), order_id: order };
      rows.push(row);
      // Several lines of one order, some at a later time than the first line.
      if (order !== null && !distinctTimes && r() < 0.6) rows.push({ ...row, ts: t + (r() < 0.5 ? 0 : 2 * MINUTE), channel: pick(CHANNELS) });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: i + 1 }));
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const msOf = (t: string) => Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00:00Z' : 'Z'));

interface Case {
  seed: number;
  analysis: Omit<PathsAnalysis, 'kind'>;
  orders?: boolean;
  range?: { from?: string; to?: string };
  filters?: Spec['filters'];
}

const OPTIONS: Case['analysis'][] = [
  { start: { event: 'view' } },
  { start: { event: 'view' }, collapse_repeats: false, depth: 6, limit: 2 },
  { start: { events: ['view', 'cart'] }, session_gap: { value: 30, unit: 'minute' }, limit: 3 },
  { end: { event: 'buy' }, depth: 5, limit: 2 },
  { end: { event: 'buy' }, collapse_repeats: false, session_gap: { value: 1, unit: 'hour' } },
  { start: { event: 'view' }, level: 'stage', limit: 1 },
  { end: { event: 'buy' }, level: 'stage', collapse_repeats: false, depth: 3 },
  { start: { event: '*', where: [{ column: 'channel', op: '=', values: ['email'] }] }, depth: 1 },
  { start: { event: 'cart' }, depth: 8, limit: 4, session_gap: { value: 600, unit: 'second' } }
];
const CASES: Case[] = [];
for (let s = 1; s <= 5; s++) {
  OPTIONS.forEach((o, i) => {
    const c: Case = { seed: s * 100 + i, analysis: o, orders: s % 2 === 1 };
    if (s % 3 === 1) c.range = { from: '2024-03-02', to: '2024-03-03 12:00:00' };
    if (s % 3 === 2) c.filters = [{ column: 'channel', op: '!=', values: ['x'] }];
    CASES.push(c);
  });
}

function refSpec(c: Case): RefPathsSpec {
  const a = { ...PATHS_DEFAULTS, ...c.analysis };
  const gap = a.session_gap;
  const units = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
  return {
    ...a,
    filters: c.filters as RefPathsSpec['filters'],
    range: c.range && { from: c.range.from === undefined ? undefined : msOf(c.range.from), to: c.range.to === undefined ? undefined : msOf(c.range.to) },
    orders: c.orders,
    session_gap: gap === null ? null : gap.value * units[gap.unit] * 1000
  } as RefPathsSpec;
}

const COLUMNS = ['user_id', 'ts', 'event', 'stage', 'channel', 'order_id'];
const load = (events: RefEvent[]) => createEvents(engine, COLUMNS, events.map((e) => [e.user_id, iso(e.ts), e.event, e.stage, e.channel, e.order_id]));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { users: 0, other: 0, ended: 0, nullNames: 0, realOther: 0 };

describe('paths vs reference', () => {
  test.each(CASES)('seed $seed $analysis orders=$orders', async (c) => {
    const events = makeEvents(c.seed);
    const schema = await load(events);
    const spec: PathsSpec = {
      version: 1,
      stages: STAGES,
      ...(c.orders ? { columns: { order: 'order_id' } } : {}),
      ...(c.range ? { range: c.range } : {}),
      ...(c.filters ? { filters: c.filters } : {}),
      analysis: { kind: 'paths', ...c.analysis }
    };
    const got = await runPaths(engine, schema, spec);
    const want = refPaths(events, refSpec(c));
    expect(got).toEqual(want);
    seen.users += got.users;
    seen.other += got.nodes.filter((n) => n.position > 1 && n.name === 'Other').length;
    seen.ended += got.ended.length;
    seen.nullNames += got.nodes.filter((n) => n.name === null).length;
    // A real "Other" at a position with nothing folded into it.
    const folds = (k: number) => new Set(refPaths(events, { ...refSpec(c), limit: 1000 }).nodes.filter((n) => n.position === k).map((n) => n.name)).size > (c.analysis.limit ?? 8);
    seen.realOther += got.nodes.filter((n) => n.name === 'Other' && n.position > 1 && !folds(n.position)).length;
  });

  test('the random cases exercised the options (non-trivial results)', () => {
    expect(seen.users).toBeGreaterThan(800);
    expect(seen.other).toBeGreaterThan(50);
    expect(seen.ended).toBeGreaterThan(50);
    expect(seen.nullNames).toBeGreaterThan(10);
    expect(seen.realOther).toBeGreaterThan(5);
  });
});

/**
 * Contract: with collapse_repeats false, no session gap and no two rows of a user at one instant,
 * the users along a → b → c from position 1 equal the users at step 3 of a strict funnel a → b → c
 * with no window counted from each user's first a only. The funnel is the app's own runFunnel,
 * held to each user's first `view` by a column that marks that row (a `where` on step 1); the
 * other `view` rows stay in the data, where they break strict chains as any event does.
 */
describe('paths reconcile with a strict funnel from the first start', () => {
  let alongTotal = 0;
  test.each([1, 2, 3, 4, 5, 6])('seed %i', async (seed) => {
    const events = makeEvents(7000 + seed, true, ['view', 'cart', 'buy', 'help', null]);
    const firstView = new Map<string, RefEvent>();
    for (const e of [...events].sort((x, y) => x.ts - y.ts || x.row_id - y.row_id)) if (e.event === 'view' && !firstView.has(e.user_id)) firstView.set(e.user_id, e);
    const marked = new Set([...firstView.values()].map((e) => e.row_id));
    const table = listedEventsTable(
      [...COLUMNS, 'first_view'],
      events.map((e) => [e.user_id, iso(e.ts), e.event, e.stage, e.channel, e.order_id, marked.has(e.row_id) ? 'yes' : 'no'])
    );
    await engine.query(raw(table.sql));
    const schema = table.schema;
    const spec: PathsSpec = { version: 1, analysis: { kind: 'paths', start: { event: 'view' }, collapse_repeats: false, depth: 3, limit: 100 } };
    const paths = await runPaths(engine, schema, spec);
    // The funnel "make a funnel" gives for this path, held to each user's first view.
    const made = funnelOfPath(spec, ['view', 'cart', 'buy']).analysis;
    expect(made).toMatchObject({ order: 'strict', window: null });
    made.steps[0] = { ...made.steps[0], where: [{ column: 'first_view', op: '=', values: ['yes'] }] };
    const funnel = await runFunnel(engine, schema, { version: 1, analysis: made });
    // Position 1 is always `view`, so the users along view → cart → buy are link (2, cart → buy).
    const along = paths.links.find((l) => l.position === 2 && l.source === 'cart' && l.target === 'buy')?.users ?? 0;
    const first = paths.links.find((l) => l.position === 1 && l.source === 'view' && l.target === 'cart')?.users ?? 0;
    expect(funnel.steps.map((s) => s.users)).toEqual([paths.users, first, along]);
    // And directly from the reference's per-user paths.
    const perUser = [...refUserPaths(events, { start: { event: 'view' }, depth: 3, limit: 100, level: 'event', collapse_repeats: false, session_gap: null }).values()];
    expect(perUser.filter((p) => p[1] === 'cart' && p[2] === 'buy').length).toBe(along);
    alongTotal += along;
  });

  test('some users went along the whole path', () => expect(alongTotal).toBeGreaterThan(5));
});
