import { beforeAll, describe, expect, test } from 'vitest';
import { runPaths, type PathsSpec } from '../../src/lib/analysis/paths';
import { createEvents } from '../fixtures/retention/events-table';
import { loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';

/**
 * Hand-worked paths cases (tests/fixtures/paths/*.json): each run states its reasoning in `why`;
 * the expected JSON was written by hand from docs/SPEC.md and docs/PATHS.md.
 */
const fixtures = loadFixtures<Fixture<PathsSpec>>('paths');

const engine = suiteEngine();

test('the fixtures cover every option', () => {
  const all = fixtures.flatMap((f) => f.runs.map((r) => r.spec));
  const used = (pred: (s: PathsSpec) => boolean) => all.some(pred);
  expect(used((s) => s.analysis.collapse_repeats === false)).toBe(true);
  expect(used((s) => s.analysis.session_gap != null)).toBe(true);
  expect(used((s) => s.analysis.end !== undefined)).toBe(true);
  expect(used((s) => s.analysis.level === 'stage')).toBe(true);
  expect(used((s) => s.analysis.limit !== undefined)).toBe(true);
  expect(used((s) => s.columns?.order !== undefined)).toBe(true);
  expect(used((s) => s.range !== undefined)).toBe(true);
});

describeFixtures(fixtures, engine, (schema, spec) => runPaths(engine(), schema, spec), { exact: true });

describe('spec errors name the field', () => {
  let schema: Record<string, string>;
  beforeAll(async () => {
    schema = await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'view']]);
  });
  const start = { event: 'view' };
  test.each([
    [{ start, end: start }, 'analysis.end'],
    [{}, 'analysis.start'],
    [{ start: { events: [] } }, 'analysis.start.events'],
    [{ end: {} }, 'analysis.end'],
    [{ start, depth: 0 }, 'analysis.depth'],
    [{ start, depth: 21 }, 'analysis.depth'],
    [{ start, depth: 2.5 }, 'analysis.depth'],
    [{ start, limit: 0 }, 'analysis.limit'],
    [{ start, level: 'page' }, 'analysis.level'],
    [{ start, level: 'stage' }, 'analysis.level'],
    [{ start, collapse_repeats: 'yes' }, 'analysis.collapse_repeats'],
    [{ start, session_gap: { value: 0, unit: 'minute' } }, 'analysis.session_gap.value'],
    [{ start, session_gap: { value: 5, unit: 'month' } }, 'analysis.session_gap.unit'],
    [{ start: { event: 'view', where: [{ column: 'nope', op: '=', values: ['x'] }] } }, 'analysis.start.where[0].column'],
    [{ end: { event: 'view', where: [{ column: 'nope', op: '=', values: ['x'] }] } }, 'analysis.end.where[0].column']
  ])('%j -> %s', async (analysis, field) => {
    const spec = { version: 1, analysis: { kind: 'paths', ...analysis } } as PathsSpec;
    await expect(runPaths(engine(), schema, spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });
});
