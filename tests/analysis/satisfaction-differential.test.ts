import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSatisfaction, type SatisfactionAnalysis } from '../../src/lib/analysis/satisfaction';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import type { RefEvent } from './reference/retention';
import { refSatisfaction, type RefSatisfactionSpec } from './reference/satisfaction';
import { rng } from '../support/rng';

/**
 * SQL satisfaction against the plain-loop reference on seeded random answers: scores on and off
 * each scale (negative, above, halves), null scores, repeated answers, lines of one order, times
 * on a coarse grid (ties), null and non-ASCII breakdown values, a value literally named "Other".
 */

const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 0, 1);
const EVENTS = ['nps', 'csat', 'view', null];
const SCORES = [null, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, 7.5, 4.5, 10, 9, 5];
const CHANNELS = ['email', 'ads', 'Zeta', 'émail', 'Other', 'sms', 'push', null];

function makeEvents(seed: number): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 30 + Math.floor(r() * 60);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(r() * 6);
    for (let i = 0; i < n; i++) {
      rows.push({ row_id: 0, user_id: `u${u}`, ts: BASE + Math.floor(r() * 40) * 12 * HOUR, event: pick(EVENTS), score: pick(SCORES), channel: pick(CHANNELS), order_id: pick([null, null, 'o1', 'o2']) });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: i + 1 }));
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

interface Case {
  seed: number;
  analysis: Omit<SatisfactionAnalysis, 'kind'>;
  range?: { from?: string; to?: string };
  filters?: Spec['filters'];
  orders?: boolean;
}

const OPTIONS: Case['analysis'][] = [
  { scale: 'nps', answers: { event: 'nps' } },
  { scale: 'csat', answers: { event: 'csat' }, breakdown: 'channel' },
  { scale: 'nps', breakdown: 'channel', breakdown_limit: 3 },
  { scale: 'csat', breakdown: 'channel', breakdown_limit: 1 },
  { scale: 'nps', answers: { events: ['nps', 'view'], where: [{ column: 'channel', op: 'not_in', values: ['sms'] }] }, breakdown: 'channel' }
];
const CASES: Case[] = [];
for (let s = 1; s <= 6; s++) {
  OPTIONS.forEach((analysis, i) => {
    const c: Case = { seed: s * 100 + i, analysis, orders: s % 2 === 0 };
    if (s % 3 === 1) c.range = { from: '2024-01-05', to: '2024-01-15 12:00:00' };
    if (s % 3 === 2) c.filters = [{ column: 'event', op: '!=', values: ['view'] }];
    CASES.push(c);
  });
}

const ms = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00:00Z' : 'Z')));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { answers: 0, outOfScale: 0, folded: 0, nullGroups: 0 };

describe('satisfaction vs reference', () => {
  test.each(CASES)('seed $seed $analysis orders=$orders', async (c) => {
    const events = makeEvents(c.seed);
    const schema = await createEvents(engine, ['user_id', 'ts', 'event', 'score', 'channel', 'order_id'],
      events.map((e) => [e.user_id, iso(e.ts), e.event, e.score, e.channel, e.order_id]));
    const spec = {
      version: 1,
      analysis: { kind: 'satisfaction', ...c.analysis },
      ...(c.orders ? { columns: { order: 'order_id' } } : {}),
      ...(c.range ? { range: c.range } : {}),
      ...(c.filters ? { filters: c.filters } : {})
    } as unknown as Spec;
    const got = await runSatisfaction(engine, schema, spec);
    const ref = refSatisfaction(events, {
      ...c.analysis, filters: c.filters as RefSatisfactionSpec['filters'], orders: c.orders,
      range: c.range && { from: ms(c.range.from), to: ms(c.range.to) }
    } as RefSatisfactionSpec);
    expect(got).toEqual(ref);
    seen.answers += got.total.answers;
    seen.outOfScale += got.out_of_scale;
    seen.folded += got.breakdown?.some((g) => g.value === 'Other') ? 1 : 0;
    seen.nullGroups += got.breakdown?.some((g) => g.value === null) ? 1 : 0;
  });

  test('the random cases exercised the rules', () => {
    expect(seen.answers).toBeGreaterThan(1000);
    expect(seen.outOfScale).toBeGreaterThan(200);
    expect(seen.folded).toBeGreaterThan(8);
    expect(seen.nullGroups).toBeGreaterThan(5);
  });
});
