import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runStickiness, type StickinessAnalysis, type StickinessSpec } from '../../src/lib/analysis/stickiness';
import { NodeEngine } from '../../src/lib/engine/node';
import { createEvents } from '../fixtures/retention/events-table';
import { closeTo } from './support/close-to';
import { refStickiness } from './reference/stickiness';
import { JOURNEY_COLUMNS, journeyEvents, journeyRows, RANGE, rangeMs } from './support/journey-events';

/** SQL stickiness against the plain-loop reference on seeded random journeys. */
const OPTIONS: Omit<StickinessAnalysis, 'kind'>[] = [
  {},
  { period: 'month', periods: 4 },
  { period: 'week', week_start: 'sunday', periods: 6, cumulative: true },
  { period: 'month', cumulative: true, activity: { events: ['view', 'purchase'] } },
  { period: 'week', periods: 40, activity: { event: '*', where: [{ column: 'channel', op: 'not_null' }] } }
];
const CASES = [1, 2, 3, 4].flatMap((s) => OPTIONS.map((o, i) => ({ seed: s * 100 + 50 + i, analysis: o, withRange: s % 2 === 0, orders: s >= 3 })));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { periods: 0, multiDay: 0 };

describe('stickiness vs reference', () => {
  test.each(CASES)('seed $seed $analysis range=$withRange orders=$orders', async (c) => {
    const events = journeyEvents(c.seed);
    const schema = await createEvents(engine, JOURNEY_COLUMNS, journeyRows(events));
    const spec: StickinessSpec = {
      version: 1, analysis: { kind: 'stickiness', ...c.analysis },
      ...(c.withRange ? { range: RANGE } : {}), ...(c.orders ? { columns: { order: 'order_id' } } : {})
    };
    const got = await runStickiness(engine, schema, spec);
    const ref = refStickiness(events, { ...c.analysis, range: c.withRange ? rangeMs : undefined, orders: c.orders });
    if (!closeTo(got, ref)) expect(got).toEqual(ref);
    seen.periods += got.periods.length;
    seen.multiDay += got.periods.filter((p) => p.days.slice(1).some((n) => n > 0)).length;
  });

  test('the random cases had users active on several days of a period', () => {
    expect(seen.periods).toBeGreaterThan(100);
    expect(seen.multiDay).toBeGreaterThan(40);
  });
});
