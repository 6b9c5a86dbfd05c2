import { beforeAll, describe, expect, test } from 'vitest';
import { runCohorts } from '../../src/lib/analysis/cohorts';
import { parseSpec } from '../../src/lib/schema/parse';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked cohort-table cases (tests/fixtures/retention/*.json, `kind: cohorts` runs): each run
 * states its reasoning in `why`; the expected JSON was written by hand from docs/SPEC.md.
 */
const fixtures = loadFixtures<Fixture<Spec>>('retention', ['cohorts']);

const engine = suiteEngine();

test('every option has a hand-worked fixture', () => {
  const all = fixtures.flatMap((f) => f.runs.map((r) => r.spec));
  const a = (s: Spec) => s.analysis as unknown as Record<string, unknown>;
  expect(all.some((s) => a(s).by !== undefined)).toBe(true);
  expect(all.some((s) => a(s).activity !== undefined)).toBe(true);
  expect(all.some((s) => s.range !== undefined)).toBe(true);
});

describeFixtures(fixtures, engine, (schema, spec) => {
  parseSpec(spec);
  return runCohorts(engine(), schema, spec);
});

describe('spec errors name the field', () => {
  beforeAll(async () => {
    await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'signup']]);
  });
  test.each([
    [{ kind: 'cohorts', by: 'nope' }, 'analysis.by'],
    [{ kind: 'cohorts', purchase: { event: 'buy', where: [{ column: 'nope', op: 'not_null' }] } }, 'analysis.purchase.where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    const schema = Object.fromEntries((await engine().query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));
    await expect(runCohorts(engine(), schema, { version: 1, analysis } as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
