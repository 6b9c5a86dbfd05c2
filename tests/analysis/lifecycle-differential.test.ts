import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLifecycle, type LifecycleAnalysis, type LifecycleSpec } from '../../src/lib/analysis/lifecycle';
import { NodeEngine } from '../../src/lib/engine/node';
import { createEvents } from '../fixtures/retention/events-table';
import { refLifecycle } from './reference/lifecycle';
import { JOURNEY_COLUMNS, journeyEvents, journeyRows, RANGE, rangeMs } from './support/journey-events';

/** SQL lifecycle against the plain-loop reference on seeded random journeys. */
const OPTIONS: Omit<LifecycleAnalysis, 'kind'>[] = [
  {},
  { period: 'day', periods: 60 },
  { period: 'week', week_start: 'sunday', periods: 5, activity: { events: ['view', 'purchase'] } },
  { period: 'month', periods: 3, activity: { event: 'purchase', where: [{ column: 'revenue', op: '>', values: [10] }] } },
  { period: 'week', periods: 30, activity: { event: 'purchase' } }
];
const CASES = [1, 2, 3, 4].flatMap((s) => OPTIONS.map((o, i) => ({ seed: s * 100 + i, analysis: o, withRange: s % 2 === 0, orders: s >= 3, filtered: s === 4 })));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { periods: 0, resurrecting: 0, dormant: 0, incomplete: 0 };

describe('lifecycle vs reference', () => {
  test.each(CASES)('seed $seed $analysis range=$withRange orders=$orders', async (c) => {
    const events = journeyEvents(c.seed);
    const schema = await createEvents(engine, JOURNEY_COLUMNS, journeyRows(events));
    const filters = c.filtered ? [{ column: 'channel', op: '!=' as const, values: ['email'] }] : undefined;
    const spec: LifecycleSpec = {
      version: 1, analysis: { kind: 'lifecycle', ...c.analysis },
      ...(c.withRange ? { range: RANGE } : {}), ...(c.orders ? { columns: { order: 'order_id' } } : {}), ...(filters ? { filters } : {})
    };
    const got = await runLifecycle(engine, schema, spec);
    const ref = refLifecycle(events, { ...c.analysis, range: c.withRange ? rangeMs : undefined, orders: c.orders, filters });
    expect(got).toEqual(ref);
    seen.periods += got.periods.length;
    seen.resurrecting += got.periods.filter((p) => p.resurrecting > 0).length;
    seen.dormant += got.periods.filter((p) => p.dormant > 0).length;
    if (got.incomplete_from !== null) seen.incomplete++;
    // active(p − 1) = returning(p) + dormant(p) (docs/ENGAGEMENT.md)
    got.periods.slice(1).forEach((p, i) => expect(got.periods[i].active).toBe(p.returning + p.dormant));
  });

  test('the random cases exercised every status', () => {
    expect(seen.periods).toBeGreaterThan(200);
    expect(seen.resurrecting).toBeGreaterThan(30);
    expect(seen.dormant).toBeGreaterThan(50);
    expect(seen.incomplete).toBeGreaterThan(5);
  });
});
