import { beforeAll, describe, expect, test } from 'vitest';
import { runRetention } from '../../src/lib/analysis/retention';
import { parseSpec } from '../../src/lib/schema/parse';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked retention cases (tests/fixtures/retention/*.json, `kind: retention` runs): each run
 * states its reasoning in `why`; the expected JSON was written by hand from docs/SPEC.md.
 */
const fixtures = loadFixtures<Fixture<Spec>>('retention', ['retention']);

const engine = suiteEngine();

test('every option has a hand-worked fixture', () => {
  const all = fixtures.flatMap((f) => f.runs.map((r) => r.spec));
  const used = (pred: (s: Spec) => boolean) => all.some(pred);
  const a = (s: Spec) => s.analysis as unknown as Record<string, unknown>;
  expect(used((s) => a(s).mode === 'first_time')).toBe(true);
  expect(used((s) => a(s).cumulative === true)).toBe(true);
  expect(used((s) => a(s).week_start === 'sunday')).toBe(true);
  expect(used((s) => (a(s).min_occurrences as number) > 1)).toBe(true);
  expect(used((s) => a(s).period === 'month')).toBe(true);
  expect(used((s) => a(s).period === 'day')).toBe(true);
  expect(used((s) => a(s).breakdown !== undefined)).toBe(true);
  expect(used((s) => s.range !== undefined)).toBe(true);
  expect(used((s) => s.filters !== undefined)).toBe(true);
  expect(used((s) => JSON.stringify(a(s).start).includes('where'))).toBe(true);
});

describeFixtures(fixtures, engine, (schema, spec) => {
  parseSpec(spec);
  return runRetention(engine(), schema, spec);
}, { exact: true });

describe('spec errors name the field', () => {
  beforeAll(async () => {
    await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'signup']]);
  });
  const base = { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' } } as const;
  test.each([
    [{ ...base, breakdown: 'nope' }, 'analysis.breakdown'],
    [{ ...base, start: { event: 'signup', where: [{ column: 'nope', op: '=', values: ['x'] }] } }, 'analysis.start.where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    const schema = Object.fromEntries((await engine().query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'))).map((r) => [r.column_name, r.column_type]));
    await expect(runRetention(engine(), schema, { version: 1, analysis } as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
