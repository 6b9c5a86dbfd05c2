import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { funnelPlan, runFunnel } from '../../src/lib/analysis/funnel';
import { runConversionTrend, runDropOff, runDroppedUsers, runTimeToConvert } from '../../src/lib/analysis/funnel-extras';
import { isPlainChain } from '../../src/lib/sql/funnel-attempts';
import { expectKind, parseSpec } from '../../src/lib/schema/parse';
import type { FunnelAnalysis } from '../../src/lib/schema/types';
import type { Spec } from '../../src/lib/schema/types';
import { referenceFunnel, type RefEvent, type RefFunnel, type RefInput, type RefResult } from './reference/funnel';
import { closeTo } from './support/close-to';
import { raw } from '../../src/lib/sql/quote';
import { rng } from '../support/rng';
import { addOrders, makeEvents, makeSpec, NAMES, RANGE, RANGE_US } from './support/funnel-cases';

/**
 * The SQL funnel against the plain-loop reference on seeded random event sets: coarse time grids
 * (so ties at one instant and exact window boundaries are common), duplicated rows, null
 * breakdown values, several attempts per user, and input order shuffled against time.
 */

function sqlValue(v: string | number | null): string {
  return v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

async function load(engine: NodeEngine, events: RefEvent[]): Promise<void> {
  const values = events
    .map((e) => `(${e.row_id}, '${e.user_id}', make_timestamp(${e.us}::BIGINT), '${e.event}', ${sqlValue(e.props.channel)}, ${sqlValue(e.props.n)}, ${sqlValue(e.props.revenue)}, ${sqlValue(e.props.order_id ?? null)})`)
    .join(',\n');
  await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT row_id::BIGINT AS row_id, user_id::VARCHAR AS user_id, ts, event::VARCHAR AS event,
    channel::VARCHAR AS channel, n::INTEGER AS n, revenue::DOUBLE AS revenue, order_id::VARCHAR AS order_id
    FROM (VALUES ${values}) t(row_id, user_id, ts, event, channel, n, revenue, order_id)`));
}

/** Whether the SQL takes the plain min(us) chain (funnel-attempts.ts) for this spec. */
function plainChain(spec: Spec): boolean {
  const s = parseSpec(spec);
  const a = expectKind(s, 'funnel');
  return isPlainChain(funnelPlan(s, a, a.steps));
}

const schema = { row_id: 'BIGINT', user_id: 'VARCHAR', ts: 'TIMESTAMP', event: 'VARCHAR', channel: 'VARCHAR', n: 'INTEGER', revenue: 'DOUBLE', order_id: 'VARCHAR' };
const CASES = 300;

/** Loads `events`, runs the funnel SQL on `spec` and expects the reference's answer, which it returns. */
async function expectAgreement(engine: NodeEngine, seed: number, events: RefEvent[], spec: Spec, funnel: RefFunnel): Promise<RefResult> {
  await load(engine, events);
  const { kind, ...rest } = await runFunnel(engine, schema, spec);
  const want = referenceFunnel(refInput(events, spec, funnel));
  expect(kind).toBe('funnel');
  expect(closeTo(rest, want), `seed ${seed}: ${JSON.stringify(spec)}\ngot  ${JSON.stringify(rest)}\nwant ${JSON.stringify(want)}`).toBe(true);
  return want;
}

function refInput(events: RefEvent[], spec: Spec, funnel: RefFunnel): RefInput {
  return { events, numeric: new Set(['n', 'revenue']), filters: spec.filters, range: spec.range && RANGE_US, funnel, orders: spec.columns?.order !== undefined };
}

describe('funnel SQL vs the reference implementation', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(async () => engine.close());

  // About 20 s alone; the generous limit is for a loaded 2-core machine, not a target.
  test(`${CASES} seeded random cases agree`, { timeout: 300_000 }, async () => {
    const seen = { plain: 0, general: 0, ordered: 0, strict: 0, unordered: 0, exclusions: 0, voided: 0, first_touch: 0, last_touch: 0, step: 0, fold: 0, deep: 0, include: 0, exclude: 0, pending: 0, orders: 0, ordersMatter: 0 };
    for (let seed = 1; seed <= CASES; seed++) {
      const r = rng(seed);
      const events = makeEvents(r);
      const { funnel, filters, range } = makeSpec(r);
      const orders = addOrders(seed, events);
      const spec = { version: 1, ...(orders ? { columns: { order: 'order_id' } } : {}), filters, range, analysis: { kind: 'funnel', ...funnel } } as Spec;
      const want = await expectAgreement(engine, seed, events, spec, funnel);

      if (orders) {
        seen.orders++;
        const lines = referenceFunnel({ ...refInput(events, spec, funnel), orders: false });
        if (JSON.stringify(lines) !== JSON.stringify(want)) seen.ordersMatter++;
      }

      seen[funnel.order ?? 'ordered']++;
      if ((funnel.order ?? 'ordered') !== 'unordered') seen[plainChain(spec) ? 'plain' : 'general']++;
      if (funnel.exclusions) {
        seen.exclusions++;
        const without = referenceFunnel(refInput(events, spec, { ...funnel, exclusions: [] }));
        if (JSON.stringify(without.steps) !== JSON.stringify(want.steps)) seen.voided++;
      }
      if (funnel.breakdown) {
        const a = funnel.attribution ?? 'first_touch';
        seen[typeof a === 'string' ? a : 'step']++;
        if (funnel.breakdown_limit && want.breakdown?.some((g) => g.value === 'Other')) seen.fold++;
      }
      if (want.steps.length >= 2 && want.steps[1].users > 0) seen.deep++;
      if (funnel.immature) {
        seen[funnel.immature]++;
        if (want.steps.some((s) => (s.still_converting ?? 0) > 0)) seen.pending++;
      }
    }
    console.log('differential coverage', seen);
    for (const k of ['plain', 'general', 'ordered', 'strict', 'unordered', 'exclusions', 'voided', 'first_touch', 'last_touch', 'step', 'fold', 'include', 'exclude', 'pending', 'orders', 'ordersMatter'] as const) {
      expect(seen[k], k).toBeGreaterThan(5);
    }
    // Most multi-step cases must carry users past step 1, or the comparison proves little.
    expect(seen.deep).toBeGreaterThan(CASES * 0.5);
  });

  // The plain chain (ordered, distinct step events, no breakdown, no exclusions): every case takes
  // it. Checked against the reference, and the funnel and its extras against the general chain,
  // reached by adding an exclusion no event matches (which voids nothing).
  test('plain-chain funnels agree with the reference and with the general chain', { timeout: 300_000 }, async () => {
    let deep = 0;
    let compared = 0;
    let withOrders = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const r = rng(20_000 + seed);
      const events = makeEvents(r);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
      const names = [...NAMES];
      for (let i = names.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [names[i], names[j]] = [names[j], names[i]];
      }
      const nSteps = 1 + Math.floor(r() * 4);
      let spare = nSteps;
      const steps = names.slice(0, nSteps).map((name) => {
        const s: RefFunnel['steps'][number] = spare < names.length && r() < 0.25 ? { events: [name, names[spare++]] } : { event: name };
        if (r() < 0.2) s.where = [pick([{ column: 'n', op: '>=', values: [1] }, { column: 'channel', op: '!=', values: ['ads'] }, { column: 'revenue', op: 'not_null' }])];
        return s;
      });
      const funnel: RefFunnel = { steps, order: pick(['ordered', undefined] as const) };
      const w = r();
      if (w < 0.25) funnel.window = null;
      else if (w < 0.75) funnel.window = pick([{ value: 3, unit: 'hour' }, { value: 1, unit: 'day' }, { value: 360, unit: 'minute' }] as const);
      const im = r();
      if (im < 0.3) funnel.immature = 'include';
      else if (im < 0.6) funnel.immature = 'exclude';
      const filters: Spec['filters'] = r() < 0.2 ? [{ column: 'channel', op: 'not_in', values: ['social'] }] : undefined;
      const range = r() < 0.25 ? RANGE : undefined;
      const orders = addOrders(20_000 + seed, events);
      if (orders) withOrders++;
      const spec = { version: 1, ...(orders ? { columns: { order: 'order_id' } } : {}), filters, range, analysis: { kind: 'funnel', ...funnel } } as Spec;
      expect(plainChain(spec), `seed ${seed}`).toBe(true);
      const want = await expectAgreement(engine, seed, events, spec, funnel);
      if (nSteps >= 2 && want.steps[1].users > 0) deep++;
      if (nSteps < 2) continue;

      const general = { ...spec, analysis: { ...spec.analysis, exclusions: [{ event: 'never', from_step: 1, to_step: nSteps }] } } as Spec;
      expect(plainChain(general)).toBe(false);
      const same = async (what: string, f: (s: Spec) => Promise<unknown>) => {
        const [a, b] = [await f(spec), await f(general)];
        expect(closeTo(a, b), `seed ${seed} ${what}: ${JSON.stringify(spec)}\nplain   ${JSON.stringify(a)}\ngeneral ${JSON.stringify(b)}`).toBe(true);
      };
      await same('funnel', (s) => runFunnel(engine, schema, s));
      await same('time 1→n', (s) => runTimeToConvert(engine, schema, s, 1, nSteps));
      await same('time n-1→n', (s) => runTimeToConvert(engine, schema, s, nSteps - 1, nSteps));
      await same('trend', (s) => runConversionTrend(engine, schema, s, 'day'));
      for (let k = 1; k < nSteps; k++) {
        await same(`drop-off ${k}`, (s) => runDropOff(engine, schema, s, k, 2));
        await same(`dropped users ${k}`, (s) => runDroppedUsers(engine, schema, s, k, 2));
      }
      compared++;
    }
    expect(deep).toBeGreaterThan(30);
    expect(compared).toBeGreaterThan(40);
    expect(withOrders).toBeGreaterThan(15);
  });

  // Unordered funnels longer than the subset cap: repeated steps, "any event" steps with and
  // without conditions, and overlapping name lists, which the SQL reduces to classes of steps.
  test('long unordered funnels with repeated and overlapping steps agree', { timeout: 300_000 }, async () => {
    let deep = 0;
    let long = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(10_000 + seed);
      const events = makeEvents(r);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
      const pool: RefFunnel['steps'] = [
        { event: 'a' }, { event: 'b' }, { events: ['a', 'b'] }, { event: '*' },
        { event: '*', where: [{ column: 'n', op: '>=', values: [1] }] }, { event: 'c', where: [{ column: 'channel', op: '!=', values: ['ads'] }] }, { events: ['c', 'd'] }
      ];
      const steps = Array.from({ length: 6 + Math.floor(r() * 9) }, () => ({ ...pick(pool) }));
      const funnel: RefFunnel = { steps, order: 'unordered', window: pick([null, { value: 1, unit: 'day' } as const]) };
      if (r() < 0.4) {
        funnel.breakdown = 'channel';
        funnel.attribution = pick(['first_touch', 'last_touch', { step: 1 + Math.floor(r() * steps.length) }] as const);
      }
      const spec = { version: 1, analysis: { kind: 'funnel', ...funnel } } as Spec;
      const want = await expectAgreement(engine, seed, events, spec, funnel);
      if (steps.length > 8) long++;
      if (want.steps.filter((s) => s.users > 0).length >= 4) deep++;
    }
    expect(long).toBeGreaterThan(20);
    expect(deep).toBeGreaterThan(30);
  });
});
