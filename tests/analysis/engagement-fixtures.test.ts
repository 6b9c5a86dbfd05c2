import { describe, expect, test } from 'vitest';
import { runEngagement, type EngagementSpec } from '../../src/lib/analysis/engagement';
import { loadFixtures } from '../support/fixture-events';
import { createEvents } from '../fixtures/retention/events-table';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { engagementErrors } from './journey-kind-errors';

/** Hand-worked engagement cases (tests/fixtures/engagement/*.json), each run stating its reasoning. */
const engine = suiteEngine();

describeFixtures(loadFixtures('engagement'), engine, (schema, spec) => runEngagement(engine(), schema, spec as unknown as EngagementSpec));

describe('spec errors name the field', () => {
  test.each(engagementErrors)('%j -> %s', async (analysis, field) => {
    const schema = await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'visit']]);
    await expect(runEngagement(engine(), schema, { version: 1, analysis } as unknown as EngagementSpec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
