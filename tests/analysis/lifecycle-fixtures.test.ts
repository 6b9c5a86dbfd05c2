import { describe, expect, test } from 'vitest';
import { runLifecycle, type LifecycleSpec } from '../../src/lib/analysis/lifecycle';
import { loadFixtures } from '../support/fixture-events';
import { createEvents } from '../fixtures/retention/events-table';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { lifecycleErrors } from './journey-kind-errors';

/** Hand-worked lifecycle cases (tests/fixtures/lifecycle/*.json), each run stating its reasoning. */
const engine = suiteEngine();

describeFixtures(loadFixtures('lifecycle'), engine, (schema, spec) => runLifecycle(engine(), schema, spec as unknown as LifecycleSpec));

describe('spec errors name the field', () => {
  test.each(lifecycleErrors)('%j -> %s', async (analysis, field) => {
    const schema = await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'visit']]);
    await expect(runLifecycle(engine(), schema, { version: 1, analysis } as unknown as LifecycleSpec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
