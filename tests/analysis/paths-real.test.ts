import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runPaths, type PathsSpec } from '../../src/lib/analysis/paths';
import { NodeEngine } from '../../src/lib/engine/node';
import { dataPath, needData } from '../support/data';
import { refPaths } from './reference/paths';
import type { RefEvent } from './reference/retention';
import { raw } from '../../src/lib/sql/quote';

/**
 * Paths on a real purchase log (Online Retail II, 2009–2010 sheet; 417,534 rows with a customer),
 * checked against the plain-loop reference fed by a plain TypeScript reading of the file. The
 * event is the product (`StockCode`, 4,600 of them: folding into Other on real ties) and the
 * order is the invoice, so the lines of one product on one invoice are one occurrence. Rows
 * without a customer have no user and are not events; nothing else is dropped.
 */
const require = createRequire(import.meta.url);
const retailFile = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.runIf(needData(retailFile, 'Online Retail II'))('Online Retail II, products as events', () => {
  let ref: RefEvent[];
  let schema: Record<string, string>;
  beforeAll(async () => {
    const { readParquet } = require('parquet-wasm/node') as typeof import('parquet-wasm/node');
    const ipc = readParquet(new Uint8Array(readFileSync(retailFile!))).intoIPCStream();
    await engine.insertArrowIPC('retail_raw', ipc);
    await engine.query(raw(`CREATE OR REPLACE TABLE retail_rows AS SELECT row_number() OVER () AS n, * FROM retail_raw`));
    await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT n AS row_id, 'online_retail_ii_2009_2010.parquet' AS file, n AS line,
      CAST(CAST("Customer ID" AS BIGINT) AS VARCHAR) AS user_id, strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS ts,
      StockCode AS event, NULL::VARCHAR AS stage, Country AS channel, NULL::VARCHAR AS campaign, (Quantity * Price)::DOUBLE AS revenue,
      Invoice AS order_id, NULL::DOUBLE AS score
      FROM retail_rows WHERE "Customer ID" IS NOT NULL ORDER BY n`));
    schema = Object.fromEntries((await engine.query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));
    const t = tableFromIPC(ipc);
    const cols = ['Customer ID', 'InvoiceDate', 'StockCode', 'Invoice', 'Country'].map((c) => t.getChild(c)!);
    ref = [];
    for (let i = 0; i < t.numRows; i++) {
      const [cust, date, code, invoice, country] = cols.map((c) => c.get(i));
      if (cust === null) continue;
      const [d, h] = String(date).split(' ');
      ref.push({ row_id: i + 1, user_id: String(cust), ts: Date.parse(`${d}T${h}Z`), event: String(code), order_id: String(invoice), channel: String(country) });
    }
  }, 240_000);

  const cases: { why: string; spec: Omit<PathsSpec, 'version'> }[] = [
    { why: 'after the first white hanging heart, invoices as orders', spec: { columns: { order: 'order_id' }, analysis: { kind: 'paths', start: { event: '85123A' }, depth: 4, limit: 8 } } },
    { why: 'before the first POST charge, a one-day pause cuts', spec: { analysis: { kind: 'paths', end: { event: 'POST' }, depth: 5, limit: 5, collapse_repeats: false, session_gap: { value: 1, unit: 'day' } } } },
    {
      why: 'UK customers from 2010-06, any product, no merging',
      spec: { filters: [{ column: 'channel', op: '=', values: ['United Kingdom'] }], range: { from: '2010-06-01' }, columns: { order: 'order_id' }, analysis: { kind: 'paths', start: { event: '*' }, depth: 3, limit: 3, collapse_repeats: false } }
    }
  ];

  test.each(cases)('$why', async ({ spec }) => {
    const got = await runPaths(engine, schema, { version: 1, ...spec });
    const a = spec.analysis;
    const gap = a.session_gap ? a.session_gap.value * 86_400_000 : null;
    const want = refPaths(ref, {
      filters: spec.filters as never,
      range: spec.range && { from: Date.parse(`${spec.range.from}T00:00:00Z`) },
      orders: spec.columns?.order !== undefined,
      start: a.start,
      end: a.end,
      depth: a.depth!,
      limit: a.limit!,
      level: 'event',
      collapse_repeats: a.collapse_repeats ?? true,
      session_gap: gap
    });
    expect(got).toEqual(want);
    expect(got.users).toBeGreaterThan(100);
    expect(got.nodes.some((n) => n.name === 'Other')).toBe(true);
  }, 120_000);
});
