import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohorts } from '../../src/lib/analysis/cohorts';
import { NodeEngine } from '../../src/lib/engine/node';
import type { CohortsResult, Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { refCohorts, type RefCohortsSpec } from './reference/cohorts';
import { closeTo } from './support/close-to';
import { CASES, iso, makeEvents } from './support/cohorts-cases';

/**
 * SQL cohort tables against the plain-loop reference on seeded random purchase logs: orders
 * spread over several rows and periods, rows without an order id, null revenue, ties, data
 * shorter than `periods`, `by` values with nulls.
 */

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { cohorts: 0, repeat: 0, nulls: 0, multiRowOrders: 0, orders: 0, ordersMatter: 0 };

describe('cohort tables vs reference', () => {
  test.each(CASES)('seed $seed $analysis', async (c) => {
    const events = makeEvents(c.seed);
    const schema = await createEvents(engine, ['user_id', 'ts', 'event', 'channel', 'revenue', 'order_id'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue, e.order_id]));
    const range = c.withRange ? { from: '2023-12-01', to: '2024-02-15' } : undefined;
    const spec: Spec = { version: 1, analysis: { kind: 'cohorts', ...c.analysis }, ...(c.orders ? { columns: { order: 'order_id' } } : {}), ...(range ? { range } : {}) };
    const got: CohortsResult = await runCohorts(engine, schema, spec);
    const refSpec: RefCohortsSpec = {
      ...(c.analysis as RefCohortsSpec),
      range: range && { from: Date.parse(range.from + 'T00:00:00Z'), to: Date.parse(range.to + 'T00:00:00Z') },
      orders: c.orders
    };
    const ref = refCohorts(events, refSpec);
    if (c.orders) {
      seen.orders++;
      if (JSON.stringify(refCohorts(events, { ...refSpec, orders: false })) !== JSON.stringify(ref)) seen.ordersMatter++;
    }
    const byKey = new Map(ref.cohorts.map((k) => [k.cohort, k]));
    expect(got.cohorts.map((k) => k.cohort).sort()).toEqual([...byKey.keys()].sort());
    for (const k of got.cohorts) {
      const { incomplete_from: _i, ...rest } = k;
      if (!closeTo(rest, byKey.get(k.cohort))) expect(rest).toEqual(byKey.get(k.cohort));
    }
    const { cohort: _c, ...refTotal } = ref.total;
    if (!closeTo(got.total, refTotal)) expect(got.total).toEqual(refTotal);
    seen.cohorts += got.cohorts.length;
    seen.repeat += got.cohorts.filter((k) => k.repeat_purchase_rate.some((v) => (v ?? 0) > 0)).length;
    seen.nulls += got.cohorts.filter((k) => k.users.includes(null)).length;
    const ids = events.filter((e) => e.order_id != null).map((e) => `${e.user_id} ${e.order_id}`);
    seen.multiRowOrders += ids.length - new Set(ids).size;
  });

  test('the random cases exercised the metrics (non-trivial results)', () => {
    expect(seen.cohorts).toBeGreaterThan(150);
    expect(seen.repeat).toBeGreaterThan(50);
    expect(seen.nulls).toBeGreaterThan(50);
    expect(seen.multiRowOrders).toBeGreaterThan(100);
    expect(seen.orders).toBeGreaterThan(10);
    expect(seen.ordersMatter).toBeGreaterThan(5);
  });
});
