import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAnalysis } from '../../src/lib/analysis/run';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { closeTo } from './support/close-to';
import { listedEventsTable, type EventsTable } from '../support/fixture-events';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked cases (tests/fixtures/funnel/*.json): each run states its reasoning in `why` and
 * its expected result was written by hand from docs/SPEC.md, never produced by this code.
 */
interface Fixture {
  name: string;
  columns: string[];
  rows: unknown[][];
  runs: { why: string; spec: Spec; expected: unknown }[];
}

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/funnel');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Fixture) }));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.each(fixtures)('$file: $name', (fx) => {
  // The same statement runs in the page in tests/e2e/contract-browser.spec.ts.
  let table: EventsTable;
  beforeAll(async () => {
    table = listedEventsTable(fx.columns, fx.rows);
    await engine.query(raw(table.sql));
  });

  test.each(fx.runs.map((r, i) => ({ ...r, i })))('$why', async (run) => {
    const got = await runAnalysis(engine, table.schema, run.spec);
    if (!closeTo(got, run.expected)) expect(got).toEqual(run.expected);
  });
});
