import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_LEVELS, runEngagement } from '../../src/lib/analysis/engagement';
import { runLifecycle } from '../../src/lib/analysis/lifecycle';
import { runStickiness } from '../../src/lib/analysis/stickiness';
import { NodeEngine } from '../../src/lib/engine/node';
import { dataPath, needData } from '../support/data';
import { closeTo } from './support/close-to';
import { refEngagement } from './reference/engagement';
import { refLifecycle } from './reference/lifecycle';
import { refStickiness } from './reference/stickiness';
import type { RefEvent } from './reference/retention';
import { raw } from '../../src/lib/sql/quote';

/**
 * Lifecycle, stickiness and engagement levels on CDNOW (23,570 customers whose first purchase is
 * in Jan–Mar 1997, followed to June 1998; every row a purchase), against the plain-loop references
 * fed by a plain TypeScript reading of the file. Nothing dropped; revenue = dollar_value.
 */
const cdnowFile = dataPath('cdnow', 'cdnow_master.csv');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.runIf(needData(cdnowFile, 'CDNOW'))('CDNOW', () => {
  let ref: RefEvent[];
  let schema: Record<string, string>;
  beforeAll(async () => {
    await engine.registerFile('/import/cdnow_master.csv', new Uint8Array(readFileSync(cdnowFile!)));
    await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT (row_number() OVER ())::BIGINT AS row_id, 'cdnow_master.csv' AS file,
      (row_number() OVER () + 1)::BIGINT AS line, customer_id AS user_id, CAST("date" AS TIMESTAMP) AS ts, 'purchase' AS event,
      NULL::VARCHAR AS stage, NULL::VARCHAR AS channel, NULL::VARCHAR AS campaign,
      dollar_value AS revenue, NULL::VARCHAR AS order_id, NULL::DOUBLE AS score, number_of_cds
      FROM read_csv('/import/cdnow_master.csv', header = true, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'number_of_cds': 'BIGINT', 'dollar_value': 'DOUBLE'})`));
    schema = Object.fromEntries((await engine.query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));
    const lines = readFileSync(cdnowFile!, 'utf8').split(/\r?\n/).filter((l) => l !== '');
    ref = lines.slice(1).map((l, i) => {
      const [id, date, , value] = l.split(',');
      return { row_id: i + 1, user_id: id, ts: Date.parse(`${date}T00:00:00Z`), event: 'purchase', stage: null, revenue: Number(value), order_id: null };
    });
  }, 120_000);

  test('monthly lifecycle: 23,570 new customers in Jan–Mar 1997, nobody new later; as the reference', async () => {
    const got = await runLifecycle(engine, schema, { version: 1, analysis: { kind: 'lifecycle', period: 'month', periods: 18 } });
    expect(got).toEqual(refLifecycle(ref, { period: 'month', periods: 18 }));
    expect(got.periods.map((p) => p.start)[0]).toBe('1997-01-01');
    expect(got.periods).toHaveLength(18);
    expect(got.periods.slice(0, 3).reduce((s, p) => s + p.new, 0)).toBe(23_570);
    expect(got.periods.slice(3).every((p) => p.new === 0)).toBe(true);
    // June 1998 holds the last row, so it is still running.
    expect(got.incomplete_from).toBe(17);
  }, 120_000);

  test('weekly stickiness as the reference', async () => {
    const got = await runStickiness(engine, schema, { version: 1, analysis: { kind: 'stickiness', period: 'week', periods: 20 } });
    const want = refStickiness(ref, { period: 'week', periods: 20 });
    if (!closeTo(got, want)) expect(got).toEqual(want);
  }, 120_000);

  test('monthly engagement levels, purchases and recency only, as the reference', async () => {
    const levels = [
      DEFAULT_LEVELS[0],
      { name: 'understanding', when: [{ measure: 'days_since_active' as const, op: '<=' as const, value: 90 }] },
      { name: 'anticipating', when: [{ measure: 'purchases' as const, op: '>=' as const, value: 2 }, { measure: 'days_since_active' as const, op: '<=' as const, value: 90 }] },
      { name: 'committed', when: [{ measure: 'active_periods' as const, op: '>=' as const, value: 3 }, { measure: 'days_since_active' as const, op: '<=' as const, value: 60 }] },
      { name: 'advocating', when: [{ measure: 'active_days' as const, op: '>=' as const, value: 2 }, { measure: 'purchases' as const, op: '>=' as const, value: 5 }] }
    ];
    const t0 = performance.now();
    const got = await runEngagement(engine, schema, { version: 1, analysis: { kind: 'engagement', period: 'month', periods: 18, levels } });
    console.log(`engagement SQL ${Math.round(performance.now() - t0)} ms`);
    const t1 = performance.now();
    expect(got).toEqual(refEngagement(ref, { period: 'month', periods: 18, levels }));
    expect(got.periods[17].users).toBe(23_570);
    console.log(`reference + compare ${Math.round(performance.now() - t1)} ms`);
    // Every level is used in some month; once known, customers stay placed.
    expect(got.levels.every((_, i) => got.periods.some((p) => p.levels[i] > 0))).toBe(true);
    expect(got.periods.map((p) => p.users)).toEqual([...got.periods.map((p) => p.users)].sort((a, b) => a - b));
  }, 240_000);
});
