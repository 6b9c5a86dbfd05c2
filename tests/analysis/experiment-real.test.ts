import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runExperiment, type ExperimentResult } from '../../src/lib/analysis/experiment';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile } from '../../src/lib/ingest/import';
import type { Spec } from '../../src/lib/schema/types';
import { dataPath, needData } from '../support/data';
import { refTwoSidedP } from './reference/experiment';
import { raw } from '../../src/lib/sql/quote';

/**
 * Hillstrom's e-mail test (64,000 customers, one row each, no id, no time), the whole path: the
 * CSV imported, mapped with `"user": {"row": true}` and a constant time, events built, the
 * experiment run. Counts from ../shared/data/hillstrom-email/SOURCE.md (checked there with DuckDB).
 */
const file = dataPath('hillstrom-email', 'hillstrom.csv');

const SOURCE = {
  'No E-Mail': { users: 21306, visit: 2262, conversion: 122, spend: 13908.33 },
  'Mens E-Mail': { users: 21307, visit: 3894, conversion: 267, spend: 30311.69 },
  'Womens E-Mail': { users: 21387, visit: 3238, conversion: 189, spend: 23038.11 }
} as const;
type Group = keyof typeof SOURCE;

describe.runIf(needData(file, 'Hillstrom e-mail data'))('Hillstrom: lift of each e-mail against no e-mail', () => {
  let engine: NodeEngine;
  let result: ExperimentResult;
  let spendVar: Map<string, number>;
  beforeAll(async () => {
    engine = await NodeEngine.create();
    const f = await importFile(engine, { name: 'hillstrom.csv', data: readFileSync(file!) }, 0);
    const spec = {
      version: 1,
      columns: { user: { row: true }, time: { value: '2008-03-01' }, event: { value: 'campaign' } },
      analysis: { kind: 'experiment', group: 'segment', control: 'No E-Mail', outcomes: [{ column: 'visit' }, { column: 'conversion' }, { column: 'spend' }] }
    } as unknown as Spec;
    const built = await buildEvents(engine, [f], spec);
    result = await runExperiment(engine, built.schema, spec);
    // The spend variances straight from the imported table, not through events.
    const rows = await engine.query<{ segment: string; v: number }>(raw(`SELECT segment, var_samp(spend) AS v FROM ${f.table} GROUP BY segment`));
    spendVar = new Map(rows.map((r) => [r.segment, Number(r.v)]));
  }, 120_000);
  afterAll(async () => engine.close());

  test('groups: the control first, then code-point order, every customer in one', () => {
    expect(result.control).toBe('No E-Mail');
    expect(result.no_group).toBe(0);
    expect(result.groups.map((g) => [g.value, g.users])).toEqual([
      ['No E-Mail', 21306], ['Mens E-Mail', 21307], ['Womens E-Mail', 21387]
    ]);
  });

  const rel = (a: number | null, b: number) => Math.abs((a as number) - b) / Math.max(1e-300, Math.abs(b));

  test.each(['Mens E-Mail', 'Womens E-Mail'] as Group[])('%s: means, lifts, intervals and p-values from the source counts', (name) => {
    const g = result.groups.find((x) => x.value === name)!;
    const t = SOURCE[name], c = SOURCE['No E-Mail'];
    for (const [k, outcome] of (['visit', 'conversion', 'spend'] as const).entries()) {
      const o = g.outcomes[k];
      expect(o.label).toBe(outcome);
      const mt = t[outcome] / t.users, mc = c[outcome] / c.users;
      // A 0/1 outcome's sample variance is p(1 − p) n / (n − 1).
      const vt = outcome === 'spend' ? spendVar.get(name)! : mt * (1 - mt) * t.users / (t.users - 1);
      const vc = outcome === 'spend' ? spendVar.get('No E-Mail')! : mc * (1 - mc) * c.users / (c.users - 1);
      const se = Math.sqrt(vt / t.users + vc / c.users);
      expect(rel(o.mean, mt)).toBeLessThan(1e-9);
      expect(rel(o.variance, vt)).toBeLessThan(1e-9);
      expect(rel(o.difference, mt - mc)).toBeLessThan(1e-9);
      expect(rel(o.lift, (mt - mc) / mc)).toBeLessThan(1e-9);
      expect(rel(o.ci_low, mt - mc - 1.959964 * se)).toBeLessThan(1e-9);
      expect(rel(o.ci_high, mt - mc + 1.959964 * se)).toBeLessThan(1e-9);
      expect(rel(o.p_value, refTwoSidedP((mt - mc) / se))).toBeLessThan(1e-6);
    }
  });

  test('the published story: both e-mails lift visits and conversions, the men\'s the most', () => {
    const lift = (name: Group, k: number) => result.groups.find((x) => x.value === name)!.outcomes[k].lift!;
    // Visits: 3894/21307 against 2262/21306 is +72%; conversions +125%; spend per customer +118%.
    expect(lift('Mens E-Mail', 0)).toBeCloseTo(0.7214, 3);
    expect(lift('Mens E-Mail', 1)).toBeCloseTo(1.1884, 3);
    expect(lift('Womens E-Mail', 0)).toBeCloseTo(0.4261, 3);
    for (const name of ['Mens E-Mail', 'Womens E-Mail'] as Group[]) {
      for (const k of [0, 1]) {
        const o = result.groups.find((x) => x.value === name)!.outcomes[k];
        expect(o.ci_low!).toBeGreaterThan(0);
        expect(o.p_value!).toBeLessThan(0.001);
      }
    }
  });
});
