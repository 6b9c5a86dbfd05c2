import { describe, expect, it } from 'vitest';
import { SpecError } from '../schema/errors';
import { compactState, decodeState, encodeState, panelSpec, specsOf, type DashboardState } from './url-codec';
import { parseSpec } from '../schema/parse';
import { fitView } from './panel-view';

const funnelState: DashboardState = {
  v: 1,
  mapping: { columns: { user: 'visitorid', time: 'timestamp', event: 'event' } },
  panels: [{ kind: 'funnel', steps: [{ event: 'view' }, { event: 'addtocart' }, { event: 'transaction' }] }]
};

const richState: DashboardState = {
  v: 1,
  mapping: {
    columns: { user: 'user_id', time: 'ts', event: 'event', revenue: { product: ['Quantity', 'Price'] } },
    time_format: '%d-%m-%Y',
    utc_offset: '+02:00',
    sources: [{ file: 'leads.csv', columns: { user: 'mql_id', event: { value: 'lead' } }, time_format: '%d-%m-%Y' }],
    stages: [{ name: 'awareness', events: ['ad_impression', 'page_view'] }, { name: 'advocacy', events: [] }],
    filters: [{ column: 'channel', op: 'in', values: ['email', 'social'] }, { column: 'x', op: 'is_null' }],
    range: { from: '2015-05-01', to: '2015-06-01 12:00:00' }
  },
  panels: [
    {
      kind: 'funnel',
      steps: [{ event: 'view' }, { events: ['a', 'b'], label: 'A or B' }, { event: 'buy', where: [{ column: 'revenue', op: '>', values: [0] }] }],
      order: 'strict',
      window: null,
      breakdown: 'channel',
      attribution: { step: 2 },
      exclusions: [{ event: 'refund', from_step: 1, to_step: 2 }]
    },
    { kind: 'retention', start: { event: 'signup' }, return: { event: '*' }, period: 'day', periods: 3, mode: 'first_time', cumulative: true },
    { kind: 'stages', window: { value: 2, unit: 'hour' } },
    { kind: 'cohorts', period: 'week', periods: 6 }
  ],
  active: 2
};

/** What a link gives back, with the defaults the reader filled in left out again. */
async function roundTrip(state: DashboardState): Promise<DashboardState> {
  return compactState(await decodeState(await encodeState(state)));
}

async function rejection(p: Promise<unknown>): Promise<SpecError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a rejection');
}

/** Packs arbitrary JSON the way encodeState does, bypassing its validation (a tampered link). */
async function forge(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const packed = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  return 'v1.' + Buffer.from(packed).toString('base64url');
}

describe('url codec', () => {
  it('round-trips a rich state exactly', async () => {
    expect(await roundTrip(richState)).toEqual(richState);
    // Reading fills in every default; writing that back gives the same link.
    const link = await encodeState(richState);
    expect(await encodeState(await decodeState(link))).toBe(link);
  });

  it('keeps a typical funnel link short', async () => {
    const text = await encodeState(funnelState);
    expect(text.startsWith('v1.')).toBe(true);
    expect(text).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(('https://journeyscope.example/#' + text).length).toBeLessThan(300);
  });

  it('leaves contract defaults out but keeps window null (no limit ≠ 14 days)', async () => {
    const withDefaults: DashboardState = {
      v: 1,
      mapping: { time_format: 'auto', filters: [], sources: [{ file: 'a.csv', time_format: 'auto', columns: { user: 'u' } }], stages: [{ name: 's', events: ['a'] }] },
      panels: [
        { kind: 'funnel', steps: [{ event: 'a' }], window: { value: 14, unit: 'day' }, attribution: 'first_touch', breakdown_limit: 25 },
        { kind: 'stages', window: null },
        { kind: 'funnel', steps: [{ event: 'a' }], window: null, order: 'ordered' },
        { kind: 'retention', start: { event: 'a' }, return: { event: 'b' }, mode: 'recurring', cumulative: false, min_occurrences: 1, week_start: 'monday', period: 'week', periods: 12 }
      ],
      active: 0
    };
    expect(await roundTrip(withDefaults)).toEqual({
      v: 1,
      // A source's own "auto" is kept: it overrides a top-level pattern.
      mapping: { sources: [{ file: 'a.csv', time_format: 'auto', columns: { user: 'u' } }], stages: [{ name: 's', events: ['a'] }] },
      // The stage funnel's default window is none; a funnel's is 14 days, so its null stays.
      panels: [{ kind: 'funnel', steps: [{ event: 'a' }] }, { kind: 'stages' }, { kind: 'funnel', steps: [{ event: 'a' }], window: null }, { kind: 'retention', start: { event: 'a' }, return: { event: 'b' } }]
    });
  });

  it('accepts a full link, "#…" and the bare text', async () => {
    const text = await encodeState(funnelState);
    for (const input of [text, '#' + text, `https://a.example/app/?x=1#${text}`, `  ${text}\n`]) {
      expect(compactState(await decodeState(input))).toEqual(funnelState);
    }
  });

  it('keeps hostile strings as data', async () => {
    const hostile = `</script><script>alert(1)</script>'; DROP TABLE events; --"\u202Eevil\u202C 👨‍👩‍👧 مرحبا`;
    const state: DashboardState = {
      v: 1,
      mapping: { columns: { user: hostile }, filters: [{ column: hostile, op: '=', values: [hostile] }], stages: [{ name: hostile, events: [hostile] }] },
      panels: [{ kind: 'funnel', steps: [{ event: hostile, label: hostile }] }]
    };
    const back = await roundTrip(state);
    expect(back).toEqual(state);
    expect(back.panels[0]).toMatchObject({ steps: [{ event: hostile }] });
  });

  it('rejects garbage and tampered links with a message a person can act on', async () => {
    expect((await rejection(decodeState(''))).message).toMatch(/no dashboard state/);
    expect((await rejection(decodeState('https://a.example/#'))).message).toMatch(/no dashboard state/);
    expect((await rejection(decodeState('hello'))).message).toMatch(/should start with "v1\."/);
    expect((await rejection(decodeState('v2.abcd'))).message).toMatch(/version 2/);
    expect((await rejection(decodeState('v1.abc$%'))).message).toMatch(/damaged/);
    expect((await rejection(decodeState('v1.AAAAAAAAAAAA'))).message).toMatch(/damaged/);
    const text = await encodeState(funnelState);
    expect((await rejection(decodeState(text.slice(0, text.length - 8)))).message).toMatch(/damaged|cut short/);
    expect((await rejection(decodeState(await forge('just text')))).message).toMatch(/^state: expected an object/);
  });

  it('names the field of invalid content', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ v: 1, mapping: {}, panels: [{ kind: 'sql', query: 'DROP TABLE x' }] }, 'panels[0].kind', /one of funnel, stages, retention, cohorts/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [] }] }, 'panels[0].steps', /at least 1/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [{ event: 'a' }, { label: 'b' }] }] }, 'panels[0].steps[1]', /"event" or "events"/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [{ event: 'a', where: [{ column: 'c', op: 'LIKE', values: ['%'] }] }] }] }, 'panels[0].steps[0].where[0].op', /one of/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [{ event: 'a' }], window: { value: 3, unit: 'fortnight' } }] }, 'panels[0].window.unit', /one of second/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [{ event: 'a' }, { event: 'b' }], exclusions: [{ event: 'x', from_step: 2, to_step: 1 }] }] }, 'panels[0].exclusions[0].from_step', /before to_step/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'retention', start: { event: 'a' }, return: { event: 'b' }, period: 'year' }] }, 'panels[0].period', /day, week, month/],
      [{ v: 1, mapping: { filters: [{ column: 'c', op: '=', values: [1, 2] }] }, panels: [] }, 'mapping.filters[0].values', /takes one value/],
      [{ v: 1, mapping: { columns: { boss: 'x' } }, panels: [] }, 'mapping.columns.boss', /unknown field/],
      [{ v: 1, mapping: { utc_offset: 'Europe/Paris' }, panels: [] }, 'mapping.utc_offset', /fixed offset/],
      [{ v: 1, mapping: { sql: 'x' }, panels: [] }, 'mapping.sql', /unknown field/],
      [{ v: 1, mapping: { stages: [{ name: 'a', events: ['e'] }, { name: 'b', events: ['e'] }] }, panels: [] }, 'mapping.stages[1].events[0]', /already in stage/],
      [{ v: 1, mapping: {}, panels: [], active: 3 }, 'active', /between 0 and 0/],
      [{ v: 1, mapping: {}, panels: [], views: [{}] }, 'views', /1 entries for 0 panels/],
      [{ v: 1, mapping: {}, panels: [funnelState.panels[0]], views: [{ ttc: [3, 2] }] }, 'views[0].ttc', /1 ≤ from < to ≤ 3/],
      [{ v: 1, mapping: {}, panels: [funnelState.panels[0]], views: [{ drop: [3, 1] }] }, 'views[0].drop', /1 ≤ step ≤ 2/],
      [{ v: 1, mapping: {}, panels: [funnelState.panels[0]], views: [{ drop: [1, 9] }] }, 'views[0].drop', /1 to 3 events/],
      [{ v: 1, mapping: {}, panels: [funnelState.panels[0]], views: [{ trend: 'year' }] }, 'views[0].trend', /day, week, month/],
      [{ v: 1, mapping: {}, panels: [funnelState.panels[0]], views: [{ script: 'x' }] }, 'views[0].script', /unknown field/],
      [{ v: 1, mapping: {}, panels: [{ kind: 'cohorts', period: 'month', periods: 3 }], views: [{ ttc: [1, 2] }] }, 'views[0].ttc', /≤ 0/],
      [{ v: 7, mapping: {}, panels: [] }, 'v', /version 7/],
      // The rules across mapping and panel hold in a link as in a spec file (and on the command line).
      [{ v: 1, mapping: {}, panels: [{ kind: 'stages' }] }, 'panels[0]', /stages: the stages analysis needs top-level "stages"/]
    ];
    for (const [value, field, message] of cases) {
      const err = await rejection(decodeState(await forge(value)));
      expect(err.field, JSON.stringify(value)).toBe(field);
      expect(err.message.startsWith(field + ': ')).toBe(true);
      expect(err.message).toMatch(message);
    }
  });

  it('carries each panel\'s view beside it, defaults left out', async () => {
    const state: DashboardState = {
      ...richState,
      panels: [funnelState.panels[0], richState.panels[1], funnelState.panels[0]],
      views: [{ ttc: [2, 3], trend: 'month', drop: [2, 3] }, { counts: true }, {}],
      active: 1
    };
    const back = await roundTrip(state);
    // The trailing default view adds nothing to the link.
    expect(back).toEqual({ ...state, views: [{ ttc: [2, 3], trend: 'month', drop: [2, 3] }, { counts: true }] });
    const defaults = await encodeState({ ...funnelState, views: [{ trend: 'week', drop: [1, 1] }] });
    expect(defaults).toBe(await encodeState(funnelState));
    expect(compactState(await decodeState(defaults))).toEqual(funnelState);
  });

  it('fits a view to a funnel that lost steps, so the link stays writable', () => {
    expect(fitView({ ttc: [2, 4], drop: [3, 2], trend: 'day' }, 3)).toEqual({ trend: 'day' });
    expect(fitView({ ttc: [1, 3], drop: [2, 2] }, 3)).toEqual({ ttc: [1, 3], drop: [2, 2] });
    expect(fitView(undefined, 0)).toEqual({});
  });

  it('refuses to write a link it could not read back', async () => {
    const bad = { v: 1, mapping: {}, panels: [{ kind: 'funnel', steps: [] }] } as unknown as DashboardState;
    expect((await rejection(encodeState(bad))).field).toBe('panels[0].steps');
  });

  it('round-trips thousands of event names mapped to stages', async () => {
    const events = Array.from({ length: 20_000 }, (_, i) => `/products/item-${i}?ref=${(i * 7919) % 10007}`);
    const state: DashboardState = { v: 1, mapping: { stages: [{ name: 'consideration', events }] }, panels: [] };
    expect(await roundTrip(state)).toEqual(state);
  });

  it('refuses a decompression bomb', async () => {
    const bomb = await forge({ v: 1, mapping: { time_format: 'x'.repeat(20_000_000) }, panels: [] });
    expect(bomb.length).toBeLessThan(100_000);
    expect((await rejection(decodeState(bomb))).message).toMatch(/larger than/);
  });
});

describe('specsOf / panelSpec', () => {
  it('gives one full spec per panel, each a valid spec', () => {
    const specs = specsOf(richState);
    expect(specs).toHaveLength(4);
    expect(specs[1]).toEqual({ version: 1, ...richState.mapping, analysis: richState.panels[1] });
    for (const s of specs) expect(() => parseSpec(s, 'strict')).not.toThrow();
  });

  it('counts panels from 1, first by default, and names the panel when out of range', () => {
    expect(panelSpec(richState).analysis.kind).toBe('funnel');
    expect(panelSpec(richState, 2).analysis.kind).toBe('retention');
    expect(() => panelSpec(richState, 0)).toThrow(/panel: 0 is not a panel of this link; it has panels 1 to 4/);
    expect(() => panelSpec(richState, 5)).toThrow(SpecError);
  });

  it('parseSpec names spec fields without a prefix', () => {
    expect(() => parseSpec({ version: 1, analysis: { kind: 'funnel', steps: [{ event: 1 }] } })).toThrow(/^analysis\.steps\[0\]\.event: expected text/);
    expect(() => parseSpec({ version: 1, range: { from: 'May' }, analysis: { kind: 'stages' } })).toThrow(/^range\.from: expected a date/);
  });
});
