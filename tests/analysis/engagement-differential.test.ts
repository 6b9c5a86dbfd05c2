import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_LEVELS, runEngagement, type EngagementAnalysis, type EngagementSpec } from '../../src/lib/analysis/engagement';
import { NodeEngine } from '../../src/lib/engine/node';
import { createEvents } from '../fixtures/retention/events-table';
import { refEngagement, type RefEngagementSpec } from './reference/engagement';
import { JOURNEY_COLUMNS, journeyEvents, journeyRows, RANGE, rangeMs } from './support/journey-events';

/** SQL engagement levels against the plain-loop reference on seeded random journeys. */
const EDITED: EngagementAnalysis['levels'] = [
  { name: 'new', when: [] },
  { name: 'seen twice', when: [{ measure: 'active_days', op: '>=', value: 2 }] },
  { name: 'buyer', when: [{ measure: 'purchases', op: '>', value: 0, scope: 'period' }, { measure: 'stage', op: '!=', value: 'retention' }] },
  { name: 'sharer', when: [{ measure: 'occurrences', op: '>=', value: 1, step: { event: 'share' } }, { measure: 'days_since_active', op: '<', value: 10 }] },
  { name: 'loyal', when: [{ measure: 'active_periods', op: '>=', value: 3 }, { measure: 'occurrences', op: '>=', value: 2, scope: 'period', step: { events: ['view', 'repeat'], where: [{ column: 'channel', op: '=', values: ['ads'] }] } }] }
];
const OPTIONS: Omit<EngagementAnalysis, 'kind'>[] = [
  {},
  { period: 'week', periods: 8 },
  { period: 'week', week_start: 'sunday', periods: 20, levels: EDITED },
  { period: 'day', periods: 30, levels: EDITED, activity: { events: ['view', 'purchase', 'share'] } },
  { period: 'month', purchase: { event: 'purchase' }, levels: DEFAULT_LEVELS.map((l, i) => (i === 3 ? { ...l, when: [{ measure: 'purchases', op: '>=', value: 1 }] } : l)) }
];
const CASES = [1, 2, 3, 4].flatMap((s) => OPTIONS.map((o, i) => ({ seed: s * 100 + 70 + i, analysis: o, withRange: s % 2 === 0, orders: s >= 3 })));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { periods: 0, levelsUsed: new Set<string>(), flowsUp: 0, flowsDown: 0 };

describe('engagement vs reference', () => {
  test.each(CASES)('seed $seed $analysis range=$withRange orders=$orders', async (c) => {
    const events = journeyEvents(c.seed);
    const schema = await createEvents(engine, JOURNEY_COLUMNS, journeyRows(events));
    const spec: EngagementSpec = {
      version: 1, analysis: { kind: 'engagement', ...c.analysis },
      ...(c.withRange ? { range: RANGE } : {}), ...(c.orders ? { columns: { order: 'order_id' } } : {})
    };
    const got = await runEngagement(engine, schema, spec);
    const ref = refEngagement(events, {
      ...(c.analysis as Omit<RefEngagementSpec, 'levels'>), levels: (c.analysis.levels ?? DEFAULT_LEVELS) as RefEngagementSpec['levels'],
      range: c.withRange ? rangeMs : undefined, orders: c.orders
    });
    expect(got).toEqual(ref);
    seen.periods += got.periods.length;
    got.periods.forEach((p) => p.levels.forEach((n, i) => n > 0 && seen.levelsUsed.add(`${c.analysis.levels ? 'edited' : 'default'} ${i}`)));
    const at = (n: string | null) => got.levels.indexOf(n as string);
    seen.flowsUp += got.flows.filter((f) => f.from !== null && at(f.to) > at(f.from)).length;
    seen.flowsDown += got.flows.filter((f) => f.from !== null && at(f.to) < at(f.from)).length;
  });

  test('the random cases reached every level and moved both ways', () => {
    expect(seen.periods).toBeGreaterThan(100);
    expect(seen.levelsUsed.size).toBe(10);
    expect(seen.flowsUp).toBeGreaterThan(20);
    expect(seen.flowsDown).toBeGreaterThan(20);
  });
});
