import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runKpis } from '../../src/lib/analysis/kpis';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import type { Spec } from '../../src/lib/schema/types';
import { csvRows } from '../support/csv-rows';
import { dataPath, needData } from '../support/data';
import { refKpis } from './reference/kpis';
import type { RefEvent } from './reference/retention';
import { closeTo } from './support/close-to';

/**
 * Olist's marketing funnel (../shared/data/olist-marketing-funnel, SOURCE.md): 8,000 leads and 842
 * closed deals in two files linked by mql_id, as a KPI table lead → won by origin. The app's
 * numbers (import, events, SQL) are checked against counts taken from the CSV files by plain
 * JavaScript, against SOURCE.md's, and against the reference fed with the same parsed rows.
 */
const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');

/** `DD-MM-YYYY[ HH:MM]` as UTC epoch milliseconds. */
function ms(s: string): number {
  const m = /^(\d{2})-(\d{2})-(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(s);
  if (!m) throw new Error(`unexpected date ${s}`);
  return Date.UTC(+m[3], +m[2] - 1, +m[1], +(m[4] ?? 0), +(m[5] ?? 0));
}

describe.runIf(needData(leads, 'Olist marketing funnel') && needData(deals, 'Olist marketing funnel'))('Olist leads → won, KPIs by origin', () => {
  let engine: NodeEngine;
  let schema: Record<string, string>;
  let events: RefEvent[];
  const sources = [
    { file: 'olist_marketing_qualified_leads_dataset.csv', columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: '%d-%m-%Y' },
    { file: 'olist_closed_deals_dataset.csv', columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' }, revenue: 'declared_monthly_revenue' }, time_format: '%d-%m-%Y %H:%M' }
  ];
  const spec = (analysis: object, extra: object = {}) => ({ version: 1, sources, analysis: { kind: 'kpis', purchase: { event: 'won' }, ...analysis }, ...extra }) as unknown as Spec;

  beforeAll(async () => {
    engine = await NodeEngine.create();
    const files: ImportedFile[] = [];
    for (const [i, p] of [leads!, deals!].entries()) files.push(await importFile(engine, { name: path.basename(p), data: readFileSync(p) }, i));
    schema = (await buildEvents(engine, files, spec({}))).schema;

    const [lh, ...lead] = csvRows(readFileSync(leads!, 'utf8'));
    const [dh, ...won] = csvRows(readFileSync(deals!, 'utf8'));
    const at = (h: string[], name: string) => h.indexOf(name);
    const money = (s: string) => (s === '' ? null : Number(s));
    events = [
      ...lead.map((r) => ({ user_id: r[at(lh, 'mql_id')], ts: ms(r[at(lh, 'first_contact_date')]), event: 'lead', origin: r[at(lh, 'origin')] || null, revenue: null })),
      ...won.map((r) => ({ user_id: r[at(dh, 'mql_id')], ts: ms(r[at(dh, 'won_date')]), event: 'won', origin: null, revenue: money(r[at(dh, 'declared_monthly_revenue')]) }))
    ].map((e, i) => ({ ...e, row_id: i + 1 }));
  });
  afterAll(async () => engine.close());

  test('every lead is a user, every deal an order (SOURCE.md: 8,000 and 842, 10.525 %)', async () => {
    const got = await runKpis(engine, schema, spec({}));
    expect(got.total).toMatchObject({ users: 8000, purchasers: 842, conversion: 0.10525, orders: 842, repeat_rate: 0 });
  });

  test('by origin: each mql_id\'s group is the origin on its first row; counts from the CSVs', async () => {
    const got = await runKpis(engine, schema, spec({ breakdown: 'origin' }));
    // Plain counts. A user's first row is the lead unless the deal's won_date lies before the
    // first contact (some do): then it is the deal row, which has no origin (null group).
    const lead = new Map(events.filter((e) => e.event === 'lead').map((e) => [e.user_id, e]));
    const won = new Map(events.filter((e) => e.event === 'won').map((e) => [e.user_id, e]));
    const early = [...won.values()].filter((w) => w.ts < lead.get(w.user_id)!.ts).length;
    expect(early).toBeGreaterThan(0);
    const count = new Map<string | null, { users: number; purchasers: number; revenue: number }>();
    for (const l of lead.values()) {
      const w = won.get(l.user_id);
      const origin = w !== undefined && w.ts < l.ts ? null : (l.origin as string | null);
      const c = count.get(origin) ?? { users: 0, purchasers: 0, revenue: 0 };
      c.users++;
      if (w !== undefined) (c.purchasers++, (c.revenue += (w.revenue as number | null) ?? 0));
      count.set(origin, c);
    }
    expect(got.breakdown!.length).toBe(count.size);
    expect([...count.values()].reduce((n, c) => n + c.users, 0)).toBe(8000);
    expect(count.get(null)!.users).toBe(60 + early);
    for (const g of got.breakdown!) {
      const c = count.get(g.value)!;
      expect([g.value, g.users, g.purchasers, g.orders]).toEqual([g.value, c.users, c.purchasers, c.purchasers]);
      expect(g.conversion).toBeCloseTo(c.purchasers / c.users, 12);
      expect(g.revenue).toBeCloseTo(c.revenue, 6);
    }
    expect(got.breakdown!.map((g) => g.value).slice(0, 3)).toEqual(['organic_search', 'paid_search', 'social']);
    expect(got.breakdown!.at(-1)!.value).toBe(null);
  });

  test('a quarter against the previous one matches the reference on the same parsed rows', async () => {
    const range = { from: '2018-03-01', to: '2018-06-01' };
    const got = await runKpis(engine, schema, spec({ breakdown: 'origin', breakdown_limit: 5, compare: 'previous_period' }, { range }));
    const want = refKpis(events, {
      range: { from: Date.UTC(2018, 2, 1), to: Date.UTC(2018, 5, 1) },
      purchase: { event: 'won' },
      breakdown: 'origin',
      limit: 5,
      compare: true,
      orders: false,
      revenue: true
    });
    expect(want.total.users).toBeGreaterThan(1000);
    expect(want.total.previous!.purchasers).toBeGreaterThan(100);
    expect(want.breakdown!.some((g) => g.value === 'Other')).toBe(true);
    if (!closeTo(got, want)) expect(got).toEqual(want);
  });
});
