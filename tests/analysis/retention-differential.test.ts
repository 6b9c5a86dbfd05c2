import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runRetention } from '../../src/lib/analysis/retention';
import { NodeEngine } from '../../src/lib/engine/node';
import type { RetentionAnalysis, RetentionResult, Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { refRetention, type RefCohort, type RefRetentionSpec } from './reference/retention';
import { CASES, iso, makeEvents, type Case } from './support/retention-cases';

/**
 * SQL retention against the plain-loop reference on seeded random event sets: times on a coarse
 * grid (ties at one instant are common), several start events per user in one period and across
 * periods, rows out of time order, null breakdown values, a data span shorter than `periods`.
 */

function refSpec(c: Case): RefRetentionSpec {
  const a = c.analysis;
  const ms = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00:00Z' : 'Z')));
  return {
    ...(a as object),
    start: a.start ?? { event: 'signup' },
    return: a.return ?? { event: 'buy' },
    filters: c.filters as RefRetentionSpec['filters'],
    range: c.range && { from: ms(c.range.from), to: ms(c.range.to) },
    orders: c.orders
  } as RefRetentionSpec;
}

/** The contract's totals from reference cohorts (sum over cohorts whose period n is not null). */
function refTotal(cohorts: RefCohort[], periods: number) {
  const retained: (number | null)[] = [];
  const eligible: number[] = [];
  for (let n = 0; n <= periods; n++) {
    const reach = cohorts.filter((c) => c.retained[n] !== null);
    retained.push(reach.length ? reach.reduce((s, c) => s + (c.retained[n] as number), 0) : null);
    eligible.push(reach.reduce((s, c) => s + c.size, 0));
  }
  return { size: cohorts.reduce((s, c) => s + c.size, 0), retained, eligible };
}

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { retainedLater: 0, pastData: 0, multiCohortUsers: 0, cohorts: 0, groups: 0, incomplete: 0, orders: 0, ordersMatter: 0 };

describe('retention vs reference', () => {
  test.each(CASES)('seed $seed $analysis', async (c) => {
    const events = makeEvents(c.seed);
    const schema = await createEvents(engine, ['user_id', 'ts', 'event', 'channel', 'revenue', 'order_id'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue, e.order_id]));
    const analysis = { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' }, ...c.analysis } as RetentionAnalysis;
    const spec: Spec = {
      version: 1,
      analysis,
      ...(c.orders ? { columns: { order: 'order_id' } } : {}),
      ...(c.range ? { range: c.range } : {}),
      ...(c.filters ? { filters: c.filters } : {})
    };
    const got: RetentionResult = await runRetention(engine, schema, spec);

    const periods = analysis.periods ?? 12;
    const rs = refSpec(c);
    const flat = refRetention(events, { ...rs, breakdown: undefined }).get(null) ?? [];
    expect(got.cohorts).toEqual(flat);
    expect(got.total).toEqual(refTotal(flat, periods));
    if (analysis.breakdown) {
      const groups = refRetention(events, rs);
      expect(new Set(got.breakdown!.map((g) => g.value))).toEqual(new Set(groups.keys()));
      for (const g of got.breakdown!) {
        expect(g.cohorts).toEqual(groups.get(g.value));
        expect(g.total).toEqual(refTotal(groups.get(g.value)!, periods));
      }
      seen.groups += groups.size;
    }
    if (c.orders) {
      seen.orders++;
      const lines = [...refRetention(events, { ...rs, orders: false })];
      if (JSON.stringify(lines) !== JSON.stringify([...refRetention(events, rs)])) seen.ordersMatter++;
    }
    seen.cohorts += flat.length;
    seen.retainedLater += flat.filter((k) => k.retained.slice(1).some((v) => (v ?? 0) > 0)).length;
    seen.pastData += flat.filter((k) => k.retained.includes(null)).length;
    seen.incomplete += flat.filter((k) => k.incomplete_from !== null).length;
    if ((analysis.mode ?? 'recurring') === 'recurring') {
      const starts = new Set(events.filter((e) => e.event === 'signup').map((e) => e.user_id)).size;
      if (got.total.size > starts) seen.multiCohortUsers++;
    }
  });

  test('the random cases exercised the options (non-trivial results)', () => {
    expect(seen.cohorts).toBeGreaterThan(300);
    expect(seen.retainedLater).toBeGreaterThan(150);
    expect(seen.pastData).toBeGreaterThan(80);
    expect(seen.incomplete).toBeGreaterThan(80);
    expect(seen.multiCohortUsers).toBeGreaterThan(10);
    expect(seen.groups).toBeGreaterThan(40);
    expect(seen.orders).toBeGreaterThan(15);
    expect(seen.ordersMatter).toBeGreaterThan(10);
  });
});
