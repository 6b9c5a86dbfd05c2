import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runStickiness, type StickinessSpec } from '../../src/lib/analysis/stickiness';
import { NodeEngine } from '../../src/lib/engine/node';
import { createEvents } from '../fixtures/retention/events-table';
import { closeTo } from './support/close-to';
import { loadKindFixtures } from './support/kind-fixtures';
import { stickinessErrors } from './journey-kind-errors';

/** Hand-worked stickiness cases (tests/fixtures/stickiness/*.json), each run stating its reasoning. */
const fixtures = loadKindFixtures('stickiness');

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
    const got = await runStickiness(engine, schema, run.spec as unknown as StickinessSpec);
    if (!closeTo(got, run.expected)) expect(got).toEqual(run.expected);
  });
});

describe('spec errors name the field', () => {
  test.each(stickinessErrors)('%j -> %s', async (analysis, field) => {
    const schema = await createEvents(engine, ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'visit']]);
    await expect(runStickiness(engine, schema, { version: 1, analysis } as unknown as StickinessSpec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
