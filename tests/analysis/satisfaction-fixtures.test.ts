import { beforeAll, describe, expect, test } from 'vitest';
import { runSatisfaction } from '../../src/lib/analysis/satisfaction';
import type { Spec } from '../../src/lib/schema/types';
import { eventsTable, loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked satisfaction cases (tests/fixtures/satisfaction/*.json): each run states its
 * reasoning in `why`; the expected JSON was written by hand from docs/SPEC.md (Journey analyses).
 */
const engine = suiteEngine();

describeFixtures(loadFixtures<Fixture<Spec>>('satisfaction'), engine, (schema, spec) => runSatisfaction(engine(), schema, spec), { exact: true });

describe('spec errors name the field', () => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    const t = eventsTable('satisfaction', { columns: ['user_id', 'ts', 'event', 'score'], rows: [['u1', '2024-01-01 00:00:00', 'nps', 9]] });
    await engine().query(raw(t.sql));
    schema = t.schema;
  });
  const base = { kind: 'satisfaction', scale: 'nps' };
  test.each([
    [{ ...base, scale: 'ces' }, 'analysis.scale'],
    [{ ...base, scale: undefined }, 'analysis.scale'],
    [{ ...base, breakdown: 'nope' }, 'analysis.breakdown'],
    [{ ...base, breakdown: 'event', breakdown_limit: 0 }, 'analysis.breakdown_limit'],
    [{ ...base, answers: { event: 'nps', where: [{ column: 'nope', op: '=', values: ['x'] }] } }, 'analysis.answers.where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    await expect(runSatisfaction(engine(), schema, { version: 1, analysis } as unknown as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
