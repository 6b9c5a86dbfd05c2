import { beforeAll, describe, expect, test } from 'vitest';
import { runExperiment } from '../../src/lib/analysis/experiment';
import type { Spec } from '../../src/lib/schema/types';
import { eventsTable, loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked experiment cases (tests/fixtures/experiment/*.json): each run states its reasoning
 * in `why`; the expected JSON was written by hand from docs/SPEC.md (Journey analyses), its
 * intervals and p-values computed from the contract's formulas. Compared within 1e-9 relative
 * (means and variances of thirds are not exact in any order of summation).
 */
const engine = suiteEngine();

describeFixtures(loadFixtures<Fixture<Spec>>('experiment'), engine, (schema, spec) => runExperiment(engine(), schema, spec));

describe('spec errors name the field', () => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    const t = eventsTable('experiment', {
      columns: ['user_id', 'ts', 'event', 'channel', 'campaign'],
      rows: [['u1', '2024-01-01 00:00:00', 'visit', 'A', '12'], ['u2', '2024-01-01 00:00:00', 'visit', 'B', 'twelve']]
    });
    await engine().query(raw(t.sql));
    schema = t.schema;
  });
  const base = { kind: 'experiment', group: 'channel', control: 'A', outcomes: [{ event: 'visit' }] };
  test.each([
    [{ ...base, control: 'Z' }, 'analysis.control'],
    [{ ...base, group: 'nope' }, 'analysis.group'],
    [{ ...base, group: '' }, 'analysis.group'],
    [{ ...base, outcomes: [] }, 'analysis.outcomes'],
    [{ ...base, outcomes: [{ column: 'nope' }] }, 'analysis.outcomes[0].column'],
    [{ ...base, outcomes: [{ event: 'visit' }, { column: 'campaign' }] }, 'analysis.outcomes[1].column'],
    [{ ...base, outcomes: [{ column: 'revenue', event: 'visit' }] }, 'analysis.outcomes[0]'],
    [{ ...base, outcomes: [{ label: 'x' }] }, 'analysis.outcomes[0]'],
    [{ ...base, outcomes: [{ event: 'visit', where: [{ column: 'nope', op: 'is_null' }] }] }, 'analysis.outcomes[0].where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    await expect(runExperiment(engine(), schema, { version: 1, analysis } as unknown as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });

  test('the missing control names the groups there are', async () => {
    await expect(runExperiment(engine(), schema, { version: 1, analysis: { ...base, control: 'Z' } } as unknown as Spec)).rejects.toThrow(/analysis\.control: no user is in group "Z" .*"A", "B"/);
  });

  test('a text column of numbers is summed', async () => {
    const r = await runExperiment(engine(), schema, { version: 1, filters: [{ column: 'user_id', op: '=', values: ['u1'] }], analysis: { ...base, outcomes: [{ column: 'campaign' }] } } as unknown as Spec);
    expect(r.groups[0].outcomes[0].mean).toBe(12);
  });
});
