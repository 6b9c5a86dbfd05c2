import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohorts } from '../../src/lib/analysis/cohorts';
import { runFunnel } from '../../src/lib/analysis/funnel';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import type { Filter, Spec } from '../../src/lib/schema/types';
import { dataPath, needData } from '../support/data';
import { raw } from '../../src/lib/sql/quote';

/**
 * Orders on a real invoice log: Online Retail II (2009–2010 sheet, Parquet), through the whole
 * pipeline (import, mapping, events, analysis) with `Invoice` mapped as the order and a constant
 * event "purchase". A `purchase → purchase` funnel then counts the customers with a second invoice,
 * and so does the cohort table's repeat-purchase rate; both are checked against a separate, plain
 * DuckDB query on the imported file's own columns (customers with two or more distinct invoices).
 * Rows without `Customer ID` have no user and take part in nothing (contract: Rows).
 */
const retailFile = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const columns = {
  user: 'Customer ID',
  time: 'InvoiceDate',
  event: { value: 'purchase' },
  revenue: { product: ['Quantity', 'Price'] as [string, string] }
};
const withOrder = { ...columns, order: 'Invoice' };
const noCancellations: Filter[] = [{ column: 'Invoice', op: 'not_starts_with', values: ['C'] }];
const purchaseTwice = (window: { value: number; unit: 'day' } | null) =>
  ({ kind: 'funnel', steps: [{ event: 'purchase' }, { event: 'purchase' }], window }) as Spec['analysis'];

describe.runIf(needData(retailFile, 'Online Retail II'))('Online Retail II: Invoice as the order', () => {
  let file: ImportedFile;
  let schema: Record<string, string>;
  /** Customers with at least `min` distinct invoices (`lines`: rows) among rows passing `where`. */
  const customers = async (min: number, where = 'TRUE', lines = false): Promise<number> => {
    const [row] = await engine.query<{ n: number }>(raw(`SELECT count(*)::INTEGER AS n FROM (
      SELECT "Customer ID" FROM ${file.table} WHERE "Customer ID" IS NOT NULL AND ${where}
      GROUP BY "Customer ID" HAVING ${lines ? 'count(*)' : 'count(DISTINCT Invoice)'} >= ${min})`));
    return row.n;
  };

  beforeAll(async () => {
    file = await importFile(engine, { name: path.basename(retailFile!), data: readFileSync(retailFile!) }, 0);
    expect(file.rows).toBe(525_461); // SOURCE.md
    const spec = { version: 1, columns: withOrder, time_format: '%Y-%m-%d %H:%M:%S', analysis: purchaseTwice(null) } as Spec;
    schema = (await buildEvents(engine, [file], spec)).schema;
  }, 240_000);

  test('the independent counts agree with SOURCE.md', async () => {
    expect(await customers(1)).toBe(4_383);
  });

  test('purchase → purchase with no window: customers with a second invoice', async () => {
    const spec = { version: 1, columns: withOrder, analysis: purchaseTwice(null) } as Spec;
    const got = await runFunnel(engine, schema, spec);
    expect(got.steps.map((s) => s.users)).toEqual([4_383, await customers(2)]);
  }, 120_000);

  test('without cancellations and with a window longer than the data (400 days): the same rule', async () => {
    const spec = { version: 1, columns: withOrder, filters: noCancellations, analysis: purchaseTwice({ value: 400, unit: 'day' }) } as Spec;
    const got = await runFunnel(engine, schema, spec);
    const want = [await customers(1, `Invoice NOT LIKE 'C%'`), await customers(2, `Invoice NOT LIKE 'C%'`)];
    expect(got.steps.map((s) => s.users)).toEqual(want);
    // Most customers come back: the second step is far from empty, and far from everyone.
    expect(want[1] / want[0]).toBeGreaterThan(0.5);
    expect(want[1] / want[0]).toBeLessThan(0.9);
  }, 120_000);

  test('the same spec without the order mapped counts lines: customers with a second line, many more', async () => {
    // Events were built with the order column; only the spec's mapping decides how rows count.
    // German customers only: every line starts an attempt, which on the whole file takes a minute.
    const germany: Filter[] = [{ column: 'Country', op: '=', values: ['Germany'] }];
    const got = await runFunnel(engine, schema, { version: 1, columns, filters: germany, analysis: purchaseTwice(null) } as Spec);
    const lines = await customers(2, `Country = 'Germany'`, true);
    expect(got.steps[1].users).toBe(lines);
    const mapped = await runFunnel(engine, schema, { version: 1, columns: withOrder, filters: germany, analysis: purchaseTwice(null) } as Spec);
    expect(mapped.steps[1].users).toBe(await customers(2, `Country = 'Germany'`));
    expect(lines).toBeGreaterThan(mapped.steps[1].users);
  }, 120_000);

  test('cohort table: the repeat-purchase rate at each cohort\'s last period adds up to the same customers', async () => {
    const spec = { version: 1, columns: withOrder, filters: noCancellations, analysis: { kind: 'cohorts', period: 'month', periods: 12 } } as Spec;
    const got = await runCohorts(engine, schema, spec);
    expect(got.cohorts.length).toBe(13);
    // At index `incomplete_from` (last period − the cohort's) every order of every member is
    // counted and every member is eligible, so rate × size is the cohort's repeat customers.
    const repeaters = got.cohorts.reduce((sum, c) => {
      const n = c.incomplete_from!;
      expect(c.eligible[n]).toBe(c.size);
      return sum + Math.round(c.repeat_purchase_rate[n]! * c.size);
    }, 0);
    expect(repeaters).toBe(await customers(2, `Invoice NOT LIKE 'C%'`));
    expect(got.total.size).toBe(await customers(1, `Invoice NOT LIKE 'C%'`));
    // Revenue sums stay equal: over the 13 months every non-cancelled line's Quantity × Price.
    const [sum] = await engine.query<{ s: number }>(raw(`SELECT sum(Quantity * Price)::DOUBLE AS s FROM ${file.table}
      WHERE "Customer ID" IS NOT NULL AND Invoice NOT LIKE 'C%'`));
    const revenue = got.cohorts.reduce((s, c) => s + c.revenue.reduce((a: number, v) => a + (v ?? 0), 0), 0);
    expect(revenue).toBeCloseTo(sum.s, 2);
  }, 120_000);
});
