import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { FunnelResult, RetentionResult } from '../../src/lib/schema/types';
import { AppState } from '../../src/lib/state/app-state.svelte';
import { decodeState, encodeState, type DashboardState } from '../../src/lib/state/url-codec';
import { overviewTiles } from '../../src/lib/ui/kpis';
import { funnelCompare } from '../../src/lib/charts/period-compare';
import { inProcessCli } from '../cli/in-process';
import { EngineLender } from '../cli/lent-engine';

/**
 * "Compare to the previous period", worked by hand (docs/DATES.md). The range is 1–7 March 2024
 * (`to` 8 March, excluded); its previous period is the 7 days before, 23–29 February 2024 (a leap
 * year: 29 February exists). Times are UTC.
 */
const CSV = `user,time,event,revenue
u1,2024-02-23 09:00:00,visit,
u1,2024-02-24 10:00:00,buy,10
u2,2024-02-29 23:59:59,visit,
u3,2024-02-29 12:00:00,visit,
u3,2024-03-01 00:00:00,buy,5
u4,2024-03-01 08:00:00,visit,
u4,2024-03-02 08:00:00,buy,20
u5,2024-03-07 23:59:59,visit,
u6,2024-03-08 00:00:00,visit,
u1,2024-03-03 10:00:00,visit,
`;
const FILE = path.join(mkdtempSync(path.join(tmpdir(), 'js-compare-')), 'events.csv');
writeFileSync(FILE, CSV);
const files = [{ name: 'events.csv', data: new TextEncoder().encode(CSV) }];

const dashboard: DashboardState = {
  v: 1,
  mapping: {
    columns: { user: 'user', time: 'time', event: 'event', revenue: 'revenue' },
    stages: [{ name: 'awareness', events: ['visit'] }, { name: 'purchase', events: ['buy'] }],
    range: { from: '2024-03-01', to: '2024-03-08' }
  },
  panels: [
    { kind: 'funnel', steps: [{ event: 'visit' }, { event: 'buy' }] },
    { kind: 'retention', start: { event: 'visit' }, return: { event: 'buy' }, period: 'day', periods: 3 },
    { kind: 'kpis', purchase: { event: 'buy' }, compare: 'previous_period' }
  ],
  compare: 'previous_period'
};

const lender = new EngineLender();
const { cli } = inProcessCli(lender);
afterAll(() => lender.close());

async function open(link: string, written: string[] = []): Promise<AppState> {
  const app = new AppState(() => lender.borrow(), { read: () => link, write: (f) => void written.push(f) });
  await app.addFiles(files);
  expect(app.error).toBeNull();
  return app;
}
const close = (app: AppState) => app.session!.engine.close();

describe('compare to the previous period, by hand', () => {
  test('tiles follow the range and carry their change; the funnel shows both periods', async () => {
    const app = await open(await encodeState(dashboard));
    try {
      expect(app.compare.on).toBe(true);
      expect(app.compare.range).toEqual({ from: '2024-02-23', to: '2024-03-01' });
      // 1–7 March: u3 buy (1 March 00:00, the range's first instant), u4 visit + buy, u5 visit
      // (7 March 23:59:59), u1 visit; u6's visit at 8 March 00:00 is outside (to excluded).
      // 23–29 February: u1 visit + buy, u2 visit (29 Feb 23:59:59), u3 visit.
      const now = app.overview!;
      const before = app.compare.overview!;
      expect([now.users, now.events, now.purchasers, now.revenue]).toEqual([4, 5, 2, 25]);
      expect([before.users, before.events, before.purchasers, before.revenue]).toEqual([3, 4, 1, 10]);
      // The data's span stays the whole data's, whatever the range.
      expect([now.data_first_ts, now.data_last_ts]).toEqual(['2024-02-23T09:00:00Z', '2024-03-08T00:00:00Z']);
      const change = Object.fromEntries(overviewTiles(now, before).map((t) => [t.label, t.change?.text ?? null]));
      // 4 vs 3: +1, 1/3 = 33.3%; 5 vs 4: +25.0%; 2 vs 1: +100.0%; 25 vs 10: +15.00, +150.0%.
      expect(change).toEqual({ Users: '+1 (+33.3%)', Events: '+1 (+25.0%)', 'Date span': null, Purchasers: '+1 (+100.0%)', Revenue: '+15.00 (+150.0%)' });

      // Funnel visit → buy (14-day window): attempts start with a visit inside the period, the
      // buy may come after it. March: u4 → buy, u5 and u1 stop: 3 → 1. February: u1 → buy
      // (24 Feb), u3 → buy (1 March, after the period: still counted), u2 stops: 3 → 2.
      const funnel = app.results[0]!;
      if (!funnel.ok) throw new Error(funnel.error);
      expect((funnel.value as FunnelResult).steps.map((s) => s.users)).toEqual([3, 1]);
      expect(funnel.previous?.range).toEqual({ from: '2024-02-23', to: '2024-03-01' });
      if (!funnel.previous?.ok) throw new Error('no previous funnel');
      expect((funnel.previous.value as FunnelResult).steps.map((s) => s.users)).toEqual([3, 2]);
      expect(funnelCompare(funnel.value as FunnelResult, funnel.previous.value as FunnelResult).map((r) => r.change)).toEqual(['±0 (0.0%)', '−1 (−50.0%)']);
      // The stage funnel: the same journeys by stage.
      expect(app.stageResult!.steps.map((s) => s.users)).toEqual([3, 1]);
      expect(app.compare.stageResult!.steps.map((s) => s.users)).toEqual([3, 2]);

      // Retention has its previous period too (cohorts of visits 23–29 February).
      const retention = app.results[1]!;
      if (!retention.ok || !retention.previous?.ok) throw new Error('no previous retention');
      expect((retention.previous.value as RetentionResult).total.size).toBe(3);
      expect((retention.value as RetentionResult).total.size).toBe(3);
      // The KPIs kind keeps its own comparison, and no second one.
      expect(app.results[2]!.ok && app.results[2]!.previous).toBeUndefined();
    } finally {
      await close(app);
    }
  });

  test('the tiles and previous figures agree with the command line', async () => {
    const link = await encodeState(dashboard);
    // The page first (it holds the one engine while open), then the command line.
    const app = await open(link);
    const page = JSON.parse(JSON.stringify({ overview: app.overview, previous: app.compare.overview, range: app.compare.range, results: app.results }));
    await close(app);
    const prev = await encodeState({ ...dashboard, mapping: { ...dashboard.mapping, range: page.range } });
    // KPIs on the command line (panel 3, with its own previous period): users and revenue inside
    // the range and inside the previous period are the tiles'.
    const out = await cli('run', '--data', FILE, '--state', link, '--panel', '3');
    expect(out.stderr).toBe('');
    const kpis = JSON.parse(out.stdout);
    expect([kpis.total.users, kpis.total.revenue]).toEqual([page.overview.users, page.overview.revenue]);
    expect([kpis.total.previous.users, kpis.total.previous.revenue]).toEqual([page.previous.users, page.previous.revenue]);
    // The previous period's funnel and retention are the command line's for the moved range.
    for (const n of [1, 2]) {
      const fromCli = JSON.parse((await cli('run', '--data', FILE, '--state', prev, '--panel', String(n))).stdout);
      expect(page.results[n - 1].previous.value).toEqual(fromCli);
    }
  });

  test('turning it off and on writes the link; a range without an end has nothing to compare', async () => {
    const written: string[] = [];
    // Without the KPIs panel: its own comparison needs both ends, so an open range would not make a link.
    const app = await open(await encodeState({ ...dashboard, panels: dashboard.panels.slice(0, 2), compare: undefined }), written);
    try {
      expect(app.compare.on).toBe(false);
      expect(app.compare.overview).toBeNull();
      expect(app.results[0]!.ok && app.results[0]!.previous).toBeUndefined();
      await app.setCompare(true);
      expect((await decodeState(written.at(-1)!)).compare).toBe('previous_period');
      expect(app.compare.overview!.users).toBe(3);
      const f = app.results[0]!;
      expect(f.ok && f.previous?.ok && (f.previous.value as FunnelResult).steps.map((s) => s.users)).toEqual([3, 2]);
      await app.setRange({ from: '2024-03-01' });
      expect(app.compare.range).toBeNull();
      expect(app.compare.overview).toBeNull();
      expect(app.results[0]!.ok && app.results[0]!.previous).toBeUndefined();
      // From 1 March on, u6 (8 March) counts too.
      expect(app.overview!.users).toBe(5);
      await app.setCompare(false);
      expect((await decodeState(written.at(-1)!)).compare).toBeUndefined();
    } finally {
      await close(app);
    }
  });
});
