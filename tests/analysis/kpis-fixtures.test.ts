import { beforeAll, describe, expect, test } from 'vitest';
import { runKpis } from '../../src/lib/analysis/kpis';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { spendViewSql } from '../../src/lib/sql/spend';
import { createEvents } from '../fixtures/retention/events-table';
import { loadFixtures, type Fixture as ContractFixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hand-worked KPI cases (tests/fixtures/kpis/*.json): each run states its reasoning in `why`;
 * the expected JSON was written by hand from docs/SPEC.md (Journey analyses → KPIs) and
 * docs/KPIS.md. A fixture's `spend` is a raw table behind the spend view, as the events build
 * leaves a spend file.
 */
interface Fixture extends ContractFixture<Spec> {
  spend?: { file: string; columns: string[]; rows: unknown[][] };
}

const fixtures = loadFixtures<Fixture>('kpis');

/** A raw table like an import's: numbers DOUBLE, everything else text. */
async function createSpend(engine: NodeEngine, s: Fixture['spend']): Promise<void> {
  if (s === undefined) {
    for (const q of spendViewSql(undefined)) await engine.query(q);
    return;
  }
  const numeric = s.columns.map((_, j) => s.rows.every((r) => r[j] === null || typeof r[j] === 'number'));
  const cell = (v: unknown, j: number) => (v === null ? `NULL::${numeric[j] ? 'DOUBLE' : 'VARCHAR'}` : numeric[j] ? `${v}::DOUBLE` : `'${String(v).replaceAll("'", "''")}'`);
  const values = s.rows.map((r, i) => `(${r.map(cell).join(', ')}, ${i + 2}, ${i})`).join(', ');
  const names = [...s.columns.map((c) => `"${c}"`), '"__line"', '"__row"'].join(', ');
  await engine.query(raw(`CREATE OR REPLACE TABLE raw_spend_fixture AS SELECT * FROM (VALUES ${values}) t(${names})`));
  for (const q of spendViewSql({ file: s.file, table: 'raw_spend_fixture' })) await engine.query(q);
}

const engine = suiteEngine();

test('every option has a hand-worked fixture', () => {
  const all = fixtures.flatMap((f) => f.runs.map((r) => r.spec));
  const a = (s: Spec) => s.analysis as unknown as Record<string, unknown>;
  expect(all.some((s) => a(s).breakdown !== undefined)).toBe(true);
  expect(all.some((s) => a(s).breakdown_limit !== undefined)).toBe(true);
  expect(all.some((s) => a(s).compare === 'previous_period')).toBe(true);
  expect(all.some((s) => a(s).purchase === undefined)).toBe(true);
  expect(all.some((s) => JSON.stringify(a(s).purchase ?? {}).includes('where'))).toBe(true);
  expect(all.some((s) => s.spend?.columns.channel !== undefined)).toBe(true);
  expect(all.some((s) => s.spend?.columns.campaign !== undefined)).toBe(true);
  expect(all.some((s) => s.filters !== undefined)).toBe(true);
  expect(all.some((s) => s.columns?.order !== undefined)).toBe(true);
});

describeFixtures(fixtures, engine, (schema, spec) => runKpis(engine(), schema, spec), { setup: (fx) => createSpend(engine(), fx.spend) });

describe('spec errors name the field', () => {
  let schema: Record<string, string>;
  const spend = { file: 'spend.csv', columns: { time: 'day', amount: 'cost', channel: 'channel' } };
  beforeAll(async () => {
    schema = await createEvents(engine(), ['user_id', 'ts', 'event'], [['u1', '2024-01-01 00:00:00', 'purchase']]);
    await createSpend(engine(), { file: 'spend.csv', columns: ['day', 'cost', 'channel', 'note'], rows: [['2024-01-01', 5, 'ads', 'x'], ['2024-01-02', 1, 'ads', 'y']] });
  });
  const kpis = { kind: 'kpis' };
  test.each([
    [{ analysis: { ...kpis, compare: 'previous_period' } }, 'analysis.compare'],
    [{ range: { from: '2024-01-01' }, analysis: { ...kpis, compare: 'previous_period' } }, 'analysis.compare'],
    [{ range: { from: '2024-01-01', to: '2024-02-01' }, analysis: { ...kpis, compare: 'last_year' } }, 'analysis.compare'],
    [{ analysis: { ...kpis, breakdown: 'nope' } }, 'analysis.breakdown'],
    [{ analysis: { ...kpis, breakdown: 'event', breakdown_limit: 0 } }, 'analysis.breakdown_limit'],
    [{ analysis: { ...kpis, purchase: { event: 'purchase', where: [{ column: 'nope', op: '=', values: [1] }] } } }, 'analysis.purchase.where[0].column'],
    [{ analysis: { ...kpis, purchase: {} } }, 'analysis.purchase'],
    [{ spend: { ...spend, file: 'other.csv' }, analysis: kpis }, 'spend.file'],
    [{ spend: { ...spend, columns: { ...spend.columns, amount: 'nope' } }, analysis: kpis }, 'spend.columns.amount'],
    [{ spend: { ...spend, columns: { ...spend.columns, time: 'nope' } }, analysis: kpis }, 'spend.columns.time'],
    [{ spend: { ...spend, columns: { ...spend.columns, channel: 'nope' } }, analysis: kpis }, 'spend.columns.channel'],
    [{ spend: { ...spend, columns: { ...spend.columns, campaign: 'channel' } }, analysis: kpis }, 'spend.columns.campaign'],
    [{ spend: { ...spend, columns: { ...spend.columns, amount: 'note' } }, analysis: kpis }, 'spend.columns.amount'],
    [{ spend: { ...spend, columns: { ...spend.columns, time: 'note' } }, analysis: kpis }, 'spend.columns.time'],
    [{ spend: { ...spend, time_format: '%Q' }, analysis: kpis }, 'spend.time_format']
  ])('%j -> %s', async (part, field) => {
    await expect(runKpis(engine(), schema, { version: 1, ...part } as unknown as Spec)).rejects.toMatchObject({ name: 'SpecError', field });
  });

  test('a date the file does not decide is ambiguous: spend.time_format, naming both readings', async () => {
    await createSpend(engine(), { file: 'spend.csv', columns: ['day', 'cost'], rows: [['03/05/2024', 1], ['04/06/2024', 2]] });
    const spec = { version: 1, spend: { file: 'spend.csv', columns: { time: 'day', amount: 'cost' } }, analysis: kpis } as unknown as Spec;
    await expect(runKpis(engine(), schema, spec)).rejects.toMatchObject({ name: 'SpecError', field: 'spend.time_format', message: expect.stringContaining('3 May 2024') });
  });
});
