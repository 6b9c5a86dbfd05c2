import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runExperiment, type ExperimentAnalysis } from '../../src/lib/analysis/experiment';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Spec } from '../../src/lib/schema/types';
import { createEvents } from '../fixtures/retention/events-table';
import { refExperiment, refTwoSidedP, type RefExperimentSpec } from './reference/experiment';
import type { RefEvent } from './reference/retention';
import { closeTo } from './support/close-to';
import { rng } from '../support/rng';

/**
 * SQL experiments against the plain-loop reference on seeded random users: group values that
 * change between a user's rows (the first row by time, then input order, decides), null and
 * empty-text groups, groups of one user, revenue with nulls and halves, rows out of time order.
 */

const HOUR = 3_600_000;
const BASE = Date.UTC(2024, 0, 1);
const GROUPS = ['ctl', 'ctl', 'A', 'A', 'B', 'é', '', null];
const EVENTS = ['visit', 'buy', 'view'];

function makeEvents(seed: number): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 20 + Math.floor(r() * 80);
  const rare = `solo${seed % 7}`; // usually one user: a group without a variance
  for (let u = 0; u < users; u++) {
    const home = u === 0 ? 'ctl' : u === 1 ? rare : pick(GROUPS);
    const n = 1 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      rows.push({ row_id: 0, user_id: `u${u}`, ts: BASE + Math.floor(r() * 20) * 6 * HOUR, event: pick(EVENTS),
        channel: r() < 0.85 ? home : pick(GROUPS), revenue: pick([null, 0, 0, 1, 2.5, 10, 40]) });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: i + 1 }));
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const ms = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t.replace(' ', 'T') + (t.length === 10 ? 'T00:00:00Z' : 'Z')));

interface Case {
  seed: number;
  analysis: Omit<ExperimentAnalysis, 'kind' | 'group' | 'control'>;
  range?: { from?: string; to?: string };
  filters?: Spec['filters'];
}

const OPTIONS: Case['analysis'][] = [
  { outcomes: [{ column: 'revenue' }, { event: 'buy' }] },
  { outcomes: [{ events: ['buy', 'visit'], where: [{ column: 'revenue', op: '>', values: [1] }] }, { column: 'revenue', label: 'spend' }] },
  { outcomes: [{ event: '*' }, { event: 'never' }] }
];
const CASES: Case[] = [];
for (let s = 1; s <= 8; s++) {
  OPTIONS.forEach((analysis, i) => {
    const c: Case = { seed: s * 100 + i, analysis };
    if (s % 4 === 1) c.range = { from: '2024-01-02', to: '2024-01-05' };
    if (s % 4 === 2) c.filters = [{ column: 'event', op: '!=', values: ['view'] }];
    CASES.push(c);
  });
}

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const seen = { groups: 0, noGroup: 0, single: 0, pValues: 0, smallP: 0, emptyText: 0 };

describe('experiment vs reference', () => {
  test.each(CASES)('seed $seed $analysis', async (c) => {
    const events = makeEvents(c.seed);
    const schema = await createEvents(engine, ['user_id', 'ts', 'event', 'channel', 'revenue'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue]));
    const spec = {
      version: 1,
      analysis: { kind: 'experiment', group: 'channel', control: 'ctl', ...c.analysis },
      ...(c.range ? { range: c.range } : {}),
      ...(c.filters ? { filters: c.filters } : {})
    } as unknown as Spec;
    const ref = refExperiment(events, {
      group: 'channel', control: 'ctl', outcomes: c.analysis.outcomes as RefExperimentSpec['outcomes'],
      filters: c.filters as RefExperimentSpec['filters'], range: c.range && { from: ms(c.range.from), to: ms(c.range.to) }
    });
    const got = await runExperiment(engine, schema, spec);
    if (!closeTo(got, ref)) expect(got).toEqual(ref);
    seen.groups += got.groups.length;
    seen.noGroup += got.no_group;
    seen.single += got.groups.filter((g) => g.users === 1).length;
    seen.emptyText += got.groups.filter((g) => g.value === '').length;
    const ps = got.groups.flatMap((g) => g.outcomes.map((o) => o.p_value)).filter((p): p is number => p !== null);
    seen.pValues += ps.length;
    seen.smallP += ps.filter((p) => p > 0 && p < 0.05).length;
  });

  test('the random cases exercised the rules', () => {
    expect(seen.groups).toBeGreaterThan(100);
    expect(seen.noGroup).toBeGreaterThan(20);
    expect(seen.single).toBeGreaterThan(10);
    expect(seen.emptyText).toBeGreaterThan(10);
    expect(seen.pValues).toBeGreaterThan(100);
    expect(seen.smallP).toBeGreaterThan(3);
  });

  test('the reference tail agrees with published values', () => {
    expect(refTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(Math.abs(refTwoSidedP(5) / 5.733031437583878e-7 - 1)).toBeLessThan(1e-9);
  });
});
