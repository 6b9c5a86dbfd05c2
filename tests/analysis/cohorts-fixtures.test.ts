import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCohorts } from '../../src/lib/analysis/cohorts';
import { NodeEngine } from '../../src/lib/engine/node';
import { parseSpec } from '../../src/lib/schema/parse';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { closeTo } from './support/close-to';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked cohort-table cases (tests/fixtures/retention/*.json, `kind: cohorts` runs): each run
 * states its reasoning in `why`; the expected JSON was written by hand from docs/SPEC.md.
 */
interface Fixture {
  name: string;
  columns: string[];
  rows: unknown[][];
  runs: { why: string; spec: Spec; expected: unknown }[];
}

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/retention');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Fixture) }))
  .map((fx) => ({ ...fx, runs: fx.runs.filter((r) => r.spec.analysis.kind === 'cohorts') }))
  .filter((fx) => fx.runs.length > 0);

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

test('every option has a hand-worked fixture', () => {
  const all = fixtures.flatMap((f) => f.runs.map((r) => r.spec));
  const a = (s: Spec) => s.analysis as unknown as Record<string, unknown>;
  expect(all.some((s) => a(s).by !== undefined)).toBe(true);
  expect(all.some((s) => a(s).activity !== undefined)).toBe(true);
  expect(all.some((s) => s.range !== undefined)).toBe(true);
});

describe.each(fixtures)('$file: $name', (fx) => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    schema = await createEvents(engine, fx.columns, fx.rows);
  });

  test.each(fx.runs)('$why', async (run) => {
    parseSpec(run.spec);
    const got = await runCohorts(engine, schema, run.spec);
    // Ratios are compared to 1e-9 (summation order); everything else exactly.
    if (!closeTo(got, run.expected)) expect(got).toEqual(run.expected);
  });
});

describe('spec errors name the field', () => {
  beforeAll(async () => {
    await createEvents(engine, ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'signup']]);
  });
  test.each([
    [{ kind: 'cohorts', by: 'nope' }, 'analysis.by'],
    [{ kind: 'cohorts', purchase: { event: 'buy', where: [{ column: 'nope', op: 'not_null' }] } }, 'analysis.purchase.where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    const schema = Object.fromEntries((await engine.query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));
    await expect(runCohorts(engine, schema, { version: 1, analysis } as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
