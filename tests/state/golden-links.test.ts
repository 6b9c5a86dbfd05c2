import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sets from '../fixtures/golden-links/dashboards';
import { decodeState, encodeState, type DashboardState } from '../../src/lib/state/url-codec';
import { parseState } from '../../src/lib/schema/parse';
import { KINDS } from '../../src/lib/schema/schema';

/**
 * Links written by earlier versions of the page must open the same dashboard forever. Each set in
 * tests/fixtures/golden-links/dashboards.ts was written to link files by the codec of its time
 * (scripts/golden-links.ts); here today's codec reads every one of them. A schema change adds a new
 * set; it never rewrites an old link (docs/STATE-LINK.md, "Golden links").
 */
const DIR = path.resolve('tests/fixtures/golden-links');
const all = Object.entries(sets as unknown as Record<string, Record<string, DashboardState>>);
const link = (set: string, name: string) => readFileSync(path.join(DIR, set, `${name}.link`), 'utf8').trim();

describe('golden links', () => {
  it('every set has exactly its links on disk, and every kind appears in some set', () => {
    for (const [set, dashboards] of all) {
      expect(readdirSync(path.join(DIR, set)).sort()).toEqual(Object.keys(dashboards).map((n) => `${n}.link`).sort());
    }
    const kinds = new Set(all.flatMap(([, d]) => Object.values(d).flatMap((s) => s.panels.map((p) => p.kind))));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });

  for (const [set, dashboards] of all) {
    for (const [name, state] of Object.entries(dashboards)) {
      it(`${set}/${name} decodes to the dashboard it was written from, field by field`, async () => {
        const got = await decodeState(link(set, name));
        const want = parseState(state);
        // Field by field first (a failure names the field), then the whole.
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        for (const k of Object.keys(want) as (keyof typeof want)[]) expect(got[k], k).toEqual(want[k]);
        expect(got.panels.length).toBe(state.panels.length);
        got.panels.forEach((p, i) => {
          for (const k of Object.keys(want.panels[i])) expect((p as Record<string, unknown>)[k], `panels[${i}].${k}`).toEqual((want.panels[i] as Record<string, unknown>)[k]);
        });
      });

      it(`${set}/${name} is written again as the same link`, async () => {
        const text = link(set, name);
        expect(await encodeState(await decodeState(text))).toBe(text);
      });
    }
  }

  // Hand-read values of the oldest set, so a codec that both writes and reads a field wrongly fails.
  it('MAIN_2026_12 links hold the values a person chose', async () => {
    const a = await decodeState(link('MAIN_2026_12', 'funnel-retention-cohorts'));
    expect(a.active).toBe(1);
    expect(a.panels.map((p) => p.kind)).toEqual(['funnel', 'retention', 'cohorts']);
    expect(a.panels[0]).toMatchObject({ window: { value: 7, unit: 'day' }, breakdown: 'channel' });
    expect(a.views?.[0]).toMatchObject({ ttc: [1, 3], trend: 'month', drop: [2, 2] });
    expect(a.views?.[1]).toMatchObject({ counts: true });
    expect(a.mapping.stages?.[2]).toEqual({ name: 'purchase', events: ['purchase'] });
    const b = await decodeState(link('MAIN_2026_12', 'filters-range-kpis'));
    expect(b.mapping.range).toEqual({ from: '2025-03-01', to: '2025-07-01' });
    expect(b.mapping.filters?.[1]).toEqual({ column: 'channel', op: 'in', values: ['paid_search', 'email'] });
    expect(b.panels[0]).toMatchObject({ kind: 'kpis', compare: 'previous_period', breakdown_limit: 10 });
    const c = await decodeState(link('MAIN_2026_12', 'unordered-exclusions-empty'));
    expect(c.mapping).toMatchObject({ time_format: '%Y-%m-%dT%H:%M:%SZ', utc_offset: '+02:00' });
    expect(c.panels[0]).toMatchObject({ order: 'strict', window: null, attribution: { step: 2 }, immature: 'exclude' });
    expect(c.views?.[0]).toMatchObject({ trend: 'day', drop: [1, 3] });
  });

  it('LAYOUT_2026_12 links hold the titles, widths and view choices', async () => {
    const a = await decodeState(link('LAYOUT_2026_12', 'titled-four-panels'));
    expect(a.title).toBe('Spring review');
    expect(a.panels.map((p) => p.kind)).toEqual(['kpis', 'funnel', 'retention', 'cohorts', 'stickiness']);
    expect(a.views?.map((v) => [v.title, v.wide, v.metric])).toEqual([
      [undefined, undefined, 'retention'],
      [undefined, true, 'retention'],
      ['Weekly return', undefined, 'retention'],
      ['LTV by month', undefined, 'cumulative_revenue_per_user'],
      [undefined, undefined, 'retention']
    ]);
    expect(a.views?.[2].tables).toEqual(['Retention curves']);
    expect(a.views?.[4].shown_period).toBe('2025-03-03');
    expect(a.mapping.stages?.[2]).toEqual({ name: 'Bought', events: ['purchase'] });
    const b = await decodeState(link('LAYOUT_2026_12', 'satisfaction-experiment-paths'));
    expect(b.title).toBe('Survey & test — "Q2"');
    expect(b.views?.[0]).toMatchObject({ title: '<b>CSAT</b> by channel', wide: true });
    expect(b.views).toHaveLength(3);
  });
});
