import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runEngagement, type EngagementSpec } from '../../src/lib/analysis/engagement';
import { NodeEngine } from '../../src/lib/engine/node';
import { createEvents } from '../fixtures/retention/events-table';
import { closeTo } from './support/close-to';
import { loadKindFixtures } from './support/kind-fixtures';
import { engagementErrors } from './journey-kind-errors';

/** Hand-worked engagement cases (tests/fixtures/engagement/*.json), each run stating its reasoning. */
const fixtures = loadKindFixtures('engagement');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.each(fixtures)('$file: $name', (fx) => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    schema = await createEvents(engine, fx.columns, fx.rows);
  });
  test.each(fx.runs)('$why', async (run) => {
    const got = await runEngagement(engine, schema, run.spec as unknown as EngagementSpec);
    if (!closeTo(got, run.expected)) expect(got).toEqual(run.expected);
  });
});

describe('spec errors name the field', () => {
  test.each(engagementErrors)('%j -> %s', async (analysis, field) => {
    const schema = await createEvents(engine, ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'visit']]);
    await expect(runEngagement(engine, schema, { version: 1, analysis } as unknown as EngagementSpec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
