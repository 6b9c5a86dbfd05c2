import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAnalysis } from '../../src/lib/analysis/run';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/spec/types';
import { closeTo } from './support/close-to';

/**
 * Hand-worked cases (tests/fixtures/funnel/*.json): each run states its reasoning in `why` and
 * its expected result was written by hand from CONTRACT.md, never produced by this code.
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

const TYPES: Record<string, string> = { user_id: 'VARCHAR', ts: 'TIMESTAMP', event: 'VARCHAR', channel: 'VARCHAR', revenue: 'DOUBLE' };

function literal(v: unknown, type: string): string {
  if (v === null) return `NULL::${type}`;
  if (typeof v === 'number') return `${v}::${type}`;
  return `'${String(v).replaceAll("'", "''")}'::${type}`;
}

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.each(fixtures)('$file: $name', (fx) => {
  beforeAll(async () => {
    const rows = fx.rows.map((r, i) => `(${i + 1}::BIGINT, ${r.map((v, j) => literal(v, TYPES[fx.columns[j]])).join(', ')})`);
    await engine.query(`CREATE OR REPLACE TABLE events AS SELECT * FROM (VALUES ${rows.join(', ')}) t(row_id, ${fx.columns.join(', ')})`);
  });

  test.each(fx.runs.map((r, i) => ({ ...r, i })))('$why', async (run) => {
    const schema = Object.fromEntries([['row_id', 'BIGINT'], ...fx.columns.map((c) => [c, TYPES[c]])]);
    const got = await runAnalysis(engine, schema, run.spec);
    if (!closeTo(got, run.expected)) expect(got).toEqual(run.expected);
  });
});
