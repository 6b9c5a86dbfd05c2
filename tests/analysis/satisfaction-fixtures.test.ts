import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSatisfaction } from '../../src/lib/analysis/satisfaction';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { eventsTable, loadFixtures } from '../support/fixture-events';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked satisfaction cases (tests/fixtures/satisfaction/*.json): each run states its
 * reasoning in `why`; the expected JSON was written by hand from docs/SPEC.md (Journey analyses).
 */
const fixtures = loadFixtures('satisfaction');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.each(fixtures)('$file: $name', (fx) => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    const t = eventsTable('satisfaction', fx);
    await engine.query(raw(t.sql));
    schema = t.schema;
  });

  test.each(fx.runs)('$why', async (run) => {
    expect(await runSatisfaction(engine, schema, run.spec as unknown as Spec)).toEqual(run.expected);
  });
});

describe('spec errors name the field', () => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    const t = eventsTable('satisfaction', { columns: ['user_id', 'ts', 'event', 'score'], rows: [['u1', '2024-01-01 00:00:00', 'nps', 9]] });
    await engine.query(raw(t.sql));
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
    await expect(runSatisfaction(engine, schema, { version: 1, analysis } as unknown as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
