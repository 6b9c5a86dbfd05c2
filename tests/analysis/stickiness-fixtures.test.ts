import { describe, expect, test } from 'vitest';
import { runStickiness, type StickinessSpec } from '../../src/lib/analysis/stickiness';
import { loadFixtures } from '../support/fixture-events';
import { createEvents } from '../fixtures/retention/events-table';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { stickinessErrors } from './journey-kind-errors';

/** Hand-worked stickiness cases (tests/fixtures/stickiness/*.json), each run stating its reasoning. */
const engine = suiteEngine();

describeFixtures(loadFixtures('stickiness'), engine, (schema, spec) => runStickiness(engine(), schema, spec as unknown as StickinessSpec));

describe('spec errors name the field', () => {
  test.each(stickinessErrors)('%j -> %s', async (analysis, field) => {
    const schema = await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'visit']]);
    await expect(runStickiness(engine(), schema, { version: 1, analysis } as unknown as StickinessSpec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
