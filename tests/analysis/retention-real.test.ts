import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohorts } from '../../src/lib/analysis/cohorts';
import { runRetention } from '../../src/lib/analysis/retention';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { dataPath, needData } from '../support/data';
import { refCohorts } from './reference/cohorts';
import { refRetention, type RefEvent } from './reference/retention';
import { closeTo } from './support/close-to';
import { raw } from '../../src/lib/sql/quote';

/**
 * Monthly first-purchase retention and cumulative revenue per customer on two real purchase logs,
 * checked against the plain-loop references fed by a plain TypeScript reading of each file.
 *
 * Cleaning rules (also in docs/COHORTS.md):
 * - Online Retail II (2009–2010 sheet): a row without `Customer ID` has no user, so it is not an
 *   event (the contract: such rows take part in nothing). Cancellations (invoices starting with
 *   `C`) are removed by the spec filter `order_id not_starts_with "C"`. Revenue = Quantity × Price,
 *   an order = an Invoice. Nothing else is dropped (negative adjustments on non-C invoices stay).
 * - CDNOW: nothing dropped; revenue = dollar_value; no order column, so every row is an order.
 */
const require = createRequire(import.meta.url);
const retailFile = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
const cdnowFile = dataPath('cdnow', 'cdnow_master.csv');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const CANONICAL = `NULL::VARCHAR AS stage, NULL::VARCHAR AS channel, NULL::VARCHAR AS campaign`;
const schemaOf = async () =>
  Object.fromEntries((await engine.query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));

describe.runIf(needData(retailFile, 'Online Retail II'))('Online Retail II, monthly', () => {
  let ref: RefEvent[];
  let schema: Record<string, string>;
  beforeAll(async () => {
    const { readParquet } = require('parquet-wasm/node') as typeof import('parquet-wasm/node');
    const bytes = new Uint8Array(readFileSync(retailFile!));
    const ipc = readParquet(bytes).intoIPCStream();
    // The engine builds `events` with SQL from the Arrow data ...
    await engine.insertArrowIPC('retail_raw', ipc);
    await engine.query(raw(`CREATE OR REPLACE TABLE retail_rows AS SELECT row_number() OVER () AS n, * FROM retail_raw`));
    await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT n AS row_id, 'online_retail_ii_2009_2010.parquet' AS file, n AS line,
      CAST(CAST("Customer ID" AS BIGINT) AS VARCHAR) AS user_id, strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS ts,
      'purchase' AS event, ${CANONICAL}, (Quantity * Price)::DOUBLE AS revenue, Invoice AS order_id, NULL::DOUBLE AS score,
      StockCode, Country
      FROM retail_rows WHERE "Customer ID" IS NOT NULL ORDER BY n`));
    schema = await schemaOf();
    // ... and the reference reads the same file row by row in plain TypeScript.
    const t = tableFromIPC(ipc);
    const cols = ['Customer ID', 'InvoiceDate', 'Quantity', 'Price', 'Invoice'].map((c) => t.getChild(c)!);
    ref = [];
    for (let i = 0; i < t.numRows; i++) {
      const [cust, date, qty, price, invoice] = cols.map((c) => c.get(i));
      if (cust === null) continue;
      const [d, h] = String(date).split(' ');
      ref.push({ row_id: i + 1, user_id: String(cust), ts: Date.parse(`${d}T${h}Z`), event: 'purchase', revenue: Number(qty) * (price as number), order_id: String(invoice) });
    }
  }, 240_000);

  const filters = [{ column: 'order_id', op: 'not_starts_with' as const, values: ['C'] }];

  test('first-purchase retention matches the reference', async () => {
    const spec: Spec = { version: 1, filters, analysis: { kind: 'retention', start: { event: 'purchase' }, return: { event: 'purchase' }, period: 'month', periods: 12, mode: 'first_time' } };
    const got = await runRetention(engine, schema, spec);
    const want = refRetention(ref, { filters, start: { event: 'purchase' }, return: { event: 'purchase' }, period: 'month', periods: 12, mode: 'first_time' }).get(null)!;
    expect(got.cohorts).toEqual(want);
    // Dec 2009 .. Dec 2010: 13 monthly cohorts; every customer with a non-cancelled invoice is in one.
    expect(got.cohorts.map((c) => c.start)).toEqual(Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(2009, 11 + i, 1)).toISOString().slice(0, 10)));
    const customers = new Set(ref.filter((e) => !String(e.order_id).startsWith('C')).map((e) => e.user_id));
    expect(got.total.size).toBe(customers.size);
    expect(got.cohorts[0].retained[1]).toBeGreaterThan(0);
    expect(got.cohorts[12].retained).toEqual([got.cohorts[12].size, ...Array(12).fill(null)]);
  }, 120_000);

  test('cumulative revenue per customer (LTV) and repeat purchase match the reference', async () => {
    const spec: Spec = { version: 1, filters, analysis: { kind: 'cohorts', period: 'month', periods: 12 } };
    const got = await runCohorts(engine, schema, spec);
    const want = refCohorts(ref, { filters, period: 'month', periods: 12 });
    expect(got.cohorts.length).toBe(13);
    for (const c of got.cohorts) {
      const w = want.cohorts.find((x) => x.cohort === c.cohort)!;
      const { incomplete_from: _i, ...rest } = c;
      if (!closeTo(rest, w)) expect(rest).toEqual(w);
    }
    const { cohort: _c, ...total } = want.total;
    if (!closeTo(got.total, total)) expect(got.total).toEqual(total);
    // Negative adjustments on non-C invoices could lower an LTV curve; over a year it still grows.
    expect(got.cohorts[0].cumulative_revenue_per_user[12]!).toBeGreaterThan(got.cohorts[0].cumulative_revenue_per_user[0]!);
  }, 120_000);
});

describe.runIf(needData(cdnowFile, 'CDNOW'))('CDNOW, monthly', () => {
  let ref: RefEvent[];
  let schema: Record<string, string>;
  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync(cdnowFile!));
    await engine.registerFile('/import/cdnow_master.csv', bytes);
    await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT (row_number() OVER ())::BIGINT AS row_id, 'cdnow_master.csv' AS file,
      (row_number() OVER () + 1)::BIGINT AS line, customer_id AS user_id, CAST("date" AS TIMESTAMP) AS ts, 'purchase' AS event, ${CANONICAL},
      dollar_value AS revenue, NULL::VARCHAR AS order_id, NULL::DOUBLE AS score, number_of_cds
      FROM read_csv('/import/cdnow_master.csv', header = true, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'number_of_cds': 'BIGINT', 'dollar_value': 'DOUBLE'})`));
    schema = await schemaOf();
    const lines = readFileSync(cdnowFile!, 'utf8').split(/\r?\n/).filter((l) => l !== '');
    ref = lines.slice(1).map((l, i) => {
      const [id, date, , value] = l.split(',');
      return { row_id: i + 1, user_id: id, ts: Date.parse(`${date}T00:00:00Z`), event: 'purchase', revenue: Number(value), order_id: null };
    });
  }, 120_000);

  test('three first-purchase cohorts (Jan–Mar 1997) of 23,570 customers, retention as the reference', async () => {
    const spec: Spec = { version: 1, analysis: { kind: 'retention', start: { event: 'purchase' }, return: { event: 'purchase' }, period: 'month', periods: 18, mode: 'first_time' } };
    const got = await runRetention(engine, schema, spec);
    expect(got.cohorts.map((c) => c.start)).toEqual(['1997-01-01', '1997-02-01', '1997-03-01']);
    expect(got.total.size).toBe(23_570);
    expect(got.cohorts).toEqual(refRetention(ref, { start: { event: 'purchase' }, return: { event: 'purchase' }, period: 'month', periods: 18, mode: 'first_time' }).get(null));
    // Data ends June 1998: the January cohort reaches period 17 and no further.
    expect(got.cohorts[0].retained[17]).toBeGreaterThan(0);
    expect(got.cohorts[0].retained[18]).toBeNull();
  });

  test('cumulative revenue per customer matches the reference; every row is an order', async () => {
    const spec: Spec = { version: 1, analysis: { kind: 'cohorts', period: 'month', periods: 17 } };
    const got = await runCohorts(engine, schema, spec);
    const want = refCohorts(ref, { period: 'month', periods: 17 });
    expect(got.cohorts.map((c) => [c.cohort, c.size])).toEqual(want.cohorts.map((c) => [c.cohort, c.size]));
    for (const c of got.cohorts) {
      const w = want.cohorts.find((x) => x.cohort === c.cohort)!;
      const { incomplete_from: _i, ...rest } = c;
      if (!closeTo(rest, w)) expect(rest).toEqual(w);
    }
    // All revenue lies within 17 months of each customer's first month: the total LTV at the
    // last offset every cohort reaches (15, for March) times customers is bounded by the file's sum.
    const sum = ref.reduce((s, e) => s + (e.revenue as number), 0);
    expect(sum).toBeCloseTo(2_500_315.63, 2);
    const lastJan = got.cohorts[0].cumulative_revenue_per_user[17]! * got.cohorts[0].size;
    expect(lastJan).toBeLessThan(sum);
  });
});
