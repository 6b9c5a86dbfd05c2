import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runKpis, type KpisAnalysis } from '../../src/lib/analysis/kpis';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { spendViewSql } from '../../src/lib/sql/spend';
import { createEvents } from '../fixtures/retention/events-table';
import { refKpis, type RefKpisSpec, type RefSpendRow } from './reference/kpis';
import type { RefEvent } from './reference/retention';
import { closeTo } from './support/close-to';
import { raw } from '../../src/lib/sql/quote';
import { rng } from '../support/rng';

/**
 * SQL KPIs against the plain-loop reference on seeded random event sets: times on an hourly grid
 * (ties at one instant are common, input order shuffled), orders of several lines and purchase
 * rows with no order, null revenues and channels, a real value "Other", spend rows on channels
 * no user has and with no channel, ranges with and without the previous period.
 */

const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 0, 1);
const EVENTS = ['view', 'purchase', 'purchase', 'cart', null];
const CHANNELS = ['email', 'ads', 'Zeta', 'émail', 'Other', 'b', null];

function makeData(seed: number, revenue: boolean): { events: RefEvent[]; spend: RefSpendRow[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 30 + Math.floor(r() * 60);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(r() * 10);
    const first = Math.floor(r() * 50 * 24);
    for (let i = 0; i < n; i++) {
      const ts = BASE + (first + Math.floor(r() * r() * 20 * 24)) * HOUR;
      const event = pick(EVENTS);
      const order = event === 'purchase' ? pick([null, 'o1', 'o1', 'o2', 'o3']) : null;
      rows.push({ row_id: 0, user_id: `u${u}`, ts, event, channel: pick(CHANNELS), revenue: revenue ? pick([null, 0, 5, 12.5, 20]) : null, order_id: order });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const spend: RefSpendRow[] = Array.from({ length: 20 + Math.floor(r() * 40) }, () => ({
    ts: BASE + Math.floor(r() * 70 * 24) * HOUR,
    amount: pick([null, 10, 25.5, 3, 100]),
    value: pick(['email', 'ads', 'Zeta', 'social', 'Other', null])
  }));
  return { events: rows.map((e, i) => ({ ...e, row_id: i + 1 })), spend };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const ms = (t: string) => Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00:00Z' : 'Z'));

interface Case {
  seed: number;
  analysis: Omit<KpisAnalysis, 'kind'>;
  range?: { from: string; to?: string };
  filters?: Spec['filters'];
  orders: boolean;
  revenue: boolean;
  spend?: 'channel' | 'none';
}

const OPTIONS: Omit<Case, 'seed'>[] = [
  { analysis: {}, orders: true, revenue: true },
  { analysis: { breakdown: 'channel' }, orders: true, revenue: true, spend: 'channel' },
  { analysis: { breakdown: 'channel', breakdown_limit: 2 }, orders: false, revenue: true, spend: 'channel' },
  { analysis: { breakdown: 'channel', breakdown_limit: 3, compare: 'previous_period' }, orders: true, revenue: true, spend: 'channel', range: { from: '2024-01-20', to: '2024-02-03 12:00:00' } },
  { analysis: { breakdown: 'channel', compare: 'previous_period', purchase: { events: ['purchase', 'cart'], where: [{ column: 'revenue', op: '>', values: [6] }] } }, orders: true, revenue: true, range: { from: '2024-01-25', to: '2024-02-10' } },
  { analysis: { breakdown: 'event' }, orders: false, revenue: false, spend: 'none', range: { from: '2024-01-15' } },
  { analysis: { breakdown: 'channel', breakdown_limit: 1, compare: 'previous_period' }, orders: true, revenue: false, spend: 'channel', range: { from: '2024-02-01', to: '2024-02-15' } }
];
const CASES: Case[] = [];
for (let s = 1; s <= 5; s++) {
  OPTIONS.forEach((o, i) => {
    const c: Case = { seed: s * 100 + i, ...o };
    if (s % 2 === 0) c.filters = [{ column: 'channel', op: '!=', values: ['b'] }];
    CASES.push(c);
  });
}

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

async function createSpend(rows: RefSpendRow[]): Promise<void> {
  const values = rows.map((s, i) => `('${iso(s.ts)}', ${s.amount === null ? 'NULL' : s.amount}::DOUBLE, ${s.value === null ? 'NULL' : `'${s.value}'`}, ${i + 2}, ${i})`);
  await engine.query(raw(`CREATE OR REPLACE TABLE raw_spend_random AS SELECT * FROM (VALUES ${values.join(', ')}) t("date", "cost", "source", "__line", "__row")`));
  for (const q of spendViewSql({ file: 'spend.csv', table: 'raw_spend_random' })) await engine.query(q);
}

const seen = { groups: 0, folded: 0, repeaters: 0, multiLineOrders: 0, spendGroups: 0, previousUsers: 0 };

describe('kpis vs reference', () => {
  test.each(CASES)('seed $seed $analysis', async (c) => {
    const { events, spend } = makeData(c.seed, c.revenue);
    const schema = await createEvents(engine, ['user_id', 'ts', 'event', 'channel', 'revenue', 'order_id'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue, e.order_id]));
    await createSpend(spend);
    const spec = {
      version: 1,
      columns: { ...(c.orders ? { order: 'order_id' } : {}), ...(c.revenue ? { revenue: 'revenue' } : {}) },
      analysis: { kind: 'kpis', ...c.analysis },
      ...(c.range ? { range: c.range } : {}),
      ...(c.filters ? { filters: c.filters } : {}),
      ...(c.spend ? { spend: { file: 'spend.csv', columns: { time: 'date', amount: 'cost', ...(c.spend === 'channel' ? { channel: 'source' } : {}) } } } : {})
    } as unknown as Spec;
    const got = await runKpis(engine, schema, spec);

    const ref: RefKpisSpec = {
      filters: c.filters as RefKpisSpec['filters'],
      range: c.range && { from: ms(c.range.from), ...(c.range.to ? { to: ms(c.range.to) } : {}) },
      purchase: c.analysis.purchase ?? { event: 'purchase' },
      breakdown: c.analysis.breakdown,
      limit: c.analysis.breakdown_limit,
      compare: c.analysis.compare === 'previous_period',
      orders: c.orders,
      revenue: c.revenue,
      spend: c.spend && { rows: spend, byValue: c.spend === 'channel' }
    };
    const want = refKpis(events, ref);
    if (!closeTo(got, want)) expect(got).toEqual(want);

    seen.groups += want.breakdown?.length ?? 0;
    seen.folded += want.breakdown?.some((g) => g.value === 'Other') ? 1 : 0;
    seen.repeaters += want.total.repeat_rate !== null && want.total.repeat_rate > 0 ? 1 : 0;
    seen.multiLineOrders += c.orders && want.total.orders > 0 ? 1 : 0;
    seen.spendGroups += (want.breakdown ?? []).filter((g) => (g.spend ?? 0) > 0).length;
    seen.previousUsers += want.total.previous?.users ?? 0;
  });

  test('the random cases exercised the options (non-trivial results)', () => {
    expect(seen.groups).toBeGreaterThan(60);
    expect(seen.folded).toBeGreaterThan(10);
    expect(seen.repeaters).toBeGreaterThan(20);
    expect(seen.multiLineOrders).toBeGreaterThan(10);
    expect(seen.spendGroups).toBeGreaterThan(20);
    expect(seen.previousUsers).toBeGreaterThan(50);
  });
});
