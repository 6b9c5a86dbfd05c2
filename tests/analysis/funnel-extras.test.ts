import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFunnel } from '../../src/lib/analysis/funnel';
import { runConversionTrend, runDropOff, runDroppedUsers, runTimeToConvert } from '../../src/lib/analysis/funnel-extras';
import { NodeEngine } from '../../src/lib/engine/node';
import type { FunnelAnalysis, Spec } from '../../src/lib/schema/types';
import { listedEventsTable, type EventsTable } from '../support/fixture-events';
import { closeTo } from './support/close-to';
import { raw } from '../../src/lib/sql/quote';

/**
 * The funnel extensions of docs/FUNNELS.md on one hand-worked event set. Funnel a → b → c,
 * ordered, 1-day window. Every expected number below is worked out by hand from these rows.
 *
 *   u1 email  a 01-01 00:00, b 00:00:30, c 01:00          completes (30 s, then 3,570 s)
 *   u2 email  a 01-01 10:00, b 12:00, x 13:00, y 14:00     stops at b; window closed
 *   u3 email  x 01-02 09:00 (listed first), a 09:00, z 09:05   stops at a; window closed;
 *                                                          x is at a's instant, not after it
 *   u4 email  a 01-08 00:00, b 00:00 (tie), c 01-09 00:00  completes (0 s, then exactly 1 day:
 *                                                          the window's end is inclusive)
 *   u5 ads    a 01-09 12:00                                stops at a; window open (until 01-10 12:00)
 *   u6 ads    a 01-10 00:00, b 06:00, x 08:00              stops at b; window open
 *   u7 ads    a 01-03 00:00, b 01:00, a 01-09 20:00        best attempt (the first) stops at b with its
 *                                                          window closed, but the second attempt's
 *                                                          window is open: still converting
 *   u8 ads    a 01-04 00:00, b 00:10, x 01:00, y 02:00     stops at b; window closed
 *
 * All in January 2024 (01-01 is a Monday). The last event of the data is u6's x, 01-10 08:00:
 * users still converting are u5 (at step 1), u6 and u7 (at step 2).
 */
const rows: [string, string, string, string][] = [
  ['u1', '2024-01-01 00:00:00', 'a', 'email'], ['u1', '2024-01-01 00:00:30', 'b', 'email'], ['u1', '2024-01-01 01:00:00', 'c', 'email'],
  ['u2', '2024-01-01 10:00:00', 'a', 'email'], ['u2', '2024-01-01 12:00:00', 'b', 'email'], ['u2', '2024-01-01 13:00:00', 'x', 'email'],
  ['u2', '2024-01-01 14:00:00', 'y', 'email'],
  ['u3', '2024-01-02 09:00:00', 'x', 'email'], ['u3', '2024-01-02 09:00:00', 'a', 'email'], ['u3', '2024-01-02 09:05:00', 'z', 'email'],
  ['u4', '2024-01-08 00:00:00', 'a', 'email'], ['u4', '2024-01-08 00:00:00', 'b', 'email'], ['u4', '2024-01-09 00:00:00', 'c', 'email'],
  ['u5', '2024-01-09 12:00:00', 'a', 'ads'],
  ['u6', '2024-01-10 00:00:00', 'a', 'ads'], ['u6', '2024-01-10 06:00:00', 'b', 'ads'], ['u6', '2024-01-10 08:00:00', 'x', 'ads'],
  ['u7', '2024-01-03 00:00:00', 'a', 'ads'], ['u7', '2024-01-03 01:00:00', 'b', 'ads'], ['u7', '2024-01-09 20:00:00', 'a', 'ads'],
  ['u8', '2024-01-04 00:00:00', 'a', 'ads'], ['u8', '2024-01-04 00:10:00', 'b', 'ads'], ['u8', '2024-01-04 01:00:00', 'x', 'ads'],
  ['u8', '2024-01-04 02:00:00', 'y', 'ads']
];

const funnel = (extra: Partial<FunnelAnalysis> = {}): FunnelAnalysis => ({
  kind: 'funnel',
  steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }],
  order: 'ordered',
  window: { value: 1, unit: 'day' },
  ...extra
});
const spec = (extra: Partial<FunnelAnalysis> = {}, filters?: Spec['filters']): Spec => ({ version: 1, filters, analysis: funnel(extra) });

let engine: NodeEngine;
let table: EventsTable;
beforeAll(async () => {
  engine = await NodeEngine.create();
  table = listedEventsTable(['user_id', 'ts', 'event', 'channel'], rows);
  await engine.query(raw(table.sql));
});
afterAll(async () => engine.close());

function expectClose(got: unknown, want: unknown) {
  if (!closeTo(got, want)) expect(got).toEqual(want);
}

const step = (n: number, label: string, users: number, conversion: number, step_conversion: number, avg: number | null, median: number | null, still?: number) => ({
  step: n, label, users, conversion, step_conversion, avg_seconds: avg, median_seconds: median, ...(still === undefined ? {} : { still_converting: still })
});

describe('immature attempts', () => {
  test('omitted: the contract result, no still_converting field', async () => {
    // 8 users start; b: u1 u2 u4 u6 u7 u8; c: u1 u4. Step 2 times 30, 7200, 0, 21600, 3600, 600:
    // mean 33030 / 6 = 5505, median (600 + 3600) / 2. Step 3: 3570 and 86400.
    expectClose((await runFunnel(engine, table.schema, spec())).steps, [
      step(1, 'a', 8, 1, 1, null, null),
      step(2, 'b', 6, 0.75, 0.75, 5505, 2100),
      step(3, 'c', 2, 0.25, 2 / 6, 44985, 44985)
    ]);
  });

  test('include: the same counts, and the users still converting at their furthest step', async () => {
    // u5 waits after step 1; u6 and u7 after step 2; nobody who completed is pending.
    expectClose((await runFunnel(engine, table.schema, spec({ immature: 'include' }))).steps, [
      step(1, 'a', 8, 1, 1, null, null, 1),
      step(2, 'b', 6, 0.75, 0.75, 5505, 2100, 2),
      step(3, 'c', 2, 0.25, 2 / 6, 44985, 44985, 0)
    ]);
  });

  test('exclude: u5, u6 and u7 leave every count; still_converting says how many left', async () => {
    // Left: u1 u2 u3 u4 u8 at step 1; u1 u2 u4 u8 at step 2 (30, 7200, 0, 600 s: mean 1957.5,
    // median (30 + 600) / 2 = 315); u1 u4 at step 3.
    expectClose((await runFunnel(engine, table.schema, spec({ immature: 'exclude' }))).steps, [
      step(1, 'a', 5, 1, 1, null, null, 1),
      step(2, 'b', 4, 0.8, 0.8, 1957.5, 315, 2),
      step(3, 'c', 2, 0.4, 0.5, 44985, 44985, 0)
    ]);
  });

  test('breakdown groups carry their own still_converting and rank on the kept users', async () => {
    // email = u1..u4 (nobody pending), ads = u5..u8 (u5 at 1; u6, u7 at 2). Included, both have 4
    // users at step 1: the tie goes to code-point order, ads first. Excluded, ads keeps u8 only.
    const inc = await runFunnel(engine, table.schema, spec({ immature: 'include', breakdown: 'channel' }));
    expect(inc.breakdown?.map((g) => [g.value, g.steps.map((s) => s.users), g.steps.map((s) => s.still_converting)])).toEqual([
      ['ads', [4, 3, 0], [1, 2, 0]],
      ['email', [4, 3, 2], [0, 0, 0]]
    ]);
    const exc = await runFunnel(engine, table.schema, spec({ immature: 'exclude', breakdown: 'channel' }));
    expect(exc.breakdown?.map((g) => [g.value, g.steps.map((s) => s.users), g.steps.map((s) => s.still_converting)])).toEqual([
      ['email', [4, 3, 2], [0, 0, 0]],
      ['ads', [1, 1, 0], [1, 2, 0]]
    ]);
  });

  test('with no window an attempt never closes, so nothing is marked (and nothing excluded)', async () => {
    const r = await runFunnel(engine, table.schema, spec({ immature: 'exclude', window: null }));
    expect(r.steps.map((s) => [s.users, s.still_converting])).toEqual([[8, 0], [6, 0], [2, 0]]);
  });

  test('the end of the data is taken after the filters', async () => {
    // Without u6's rows the last event is u7's second a, 01-09 20:00. u5's window (to 01-10 12:00)
    // is still open then; u7's latest attempt started at that very instant, so it is open too.
    // u2, u3, u8 stay closed. Users: u1..u5, u7, u8 = 7; at b u1 u2 u4 u7 u8; at c u1 u4.
    const r = await runFunnel(engine, table.schema, spec({ immature: 'include' }, [{ column: 'user_id', op: '!=', values: ['u6'] }]));
    expect(r.steps.map((s) => [s.users, s.still_converting])).toEqual([[7, 1], [5, 1], [2, 0]]);
  });
});

describe('time to convert', () => {
  test('step 1 → 2 on the duration ladder, empty bins kept between the first and the last', async () => {
    // 0 s → [0, 1); 30 → [30, 60); 600 → [600, 900); 3600 → [3600, 7200); 7200 → [7200, 10800);
    // 21600 → [21600, 43200). Ladder bins 0…16 (edges 0 1 2 5 10 15 30 60 120 300 600 900 1800
    // 3600 7200 10800 21600 43200).
    const r = await runTimeToConvert(engine, table.schema, spec(), 1, 2);
    const edges = [0, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200];
    const users = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1];
    expectClose(r, {
      from_step: 1, to_step: 2, users: 6, min_seconds: 0, max_seconds: 21600, avg_seconds: 5505, median_seconds: 2100,
      scale: 'ladder',
      bins: users.map((u, i) => ({ from_seconds: edges[i], to_seconds: edges[i + 1], users: u }))
    });
  });

  test('step 1 → 3: two users in two rungs, so even bins over [3600, 86400]', async () => {
    // Span 82800 / 10 bins = 8280 → nice step 10000; edges 0 … 90000 (first above 86400).
    // 3600 in [0, 10000), 86400 in [80000, 90000). Median (3600 + 86400) / 2 = 45000.
    const r = await runTimeToConvert(engine, table.schema, spec(), 1, 3);
    expect(r.scale).toBe('linear');
    expect(r.users).toBe(2);
    expect(r.median_seconds).toBe(45000);
    expect(r.bins).toEqual(Array.from({ length: 9 }, (_, i) => ({ from_seconds: i * 10000, to_seconds: (i + 1) * 10000, users: i === 0 || i === 8 ? 1 : 0 })));
  });

  test('honours immature: exclude (u6 and u7 gone from step 2)', async () => {
    // 0, 30, 600, 7200: three rungs, ladder; median 315.
    const r = await runTimeToConvert(engine, table.schema, spec({ immature: 'exclude' }), 1, 2);
    expect([r.users, r.median_seconds, r.scale, r.bins.length]).toEqual([4, 315, 'ladder', 15]);
  });

  test('no user at the later step: empty bins, null times', async () => {
    const r = await runTimeToConvert(engine, table.schema, spec({ steps: [{ event: 'a' }, { event: 'zz' }] }), 1, 2);
    expect([r.users, r.bins, r.median_seconds]).toEqual([0, [], null]);
  });

  test('steps out of order are refused, naming the argument', async () => {
    await expect(runTimeToConvert(engine, table.schema, spec(), 2, 2)).rejects.toThrow(/from_step/);
    await expect(runTimeToConvert(engine, table.schema, spec(), 1, 4)).rejects.toThrow(/to_step/);
  });
});

describe('conversion over time', () => {
  test('by Monday week of entry', async () => {
    // Week of 01-01: u1 u2 u3 u7 u8 (5); at b: u1 u2 u7 u8; at c: u1; pending u7.
    // Week of 01-08: u4 u5 u6 (3); at b: u4 u6; at c: u4; pending u5 (at a) and u6 (at b).
    expectClose((await runConversionTrend(engine, table.schema, spec(), 'week')).periods, [
      { start: '2024-01-01', users: 5, steps: [5, 4, 1], conversion: [1, 0.8, 0.2], still_converting: 1, still_converting_at: [0, 1, 0] },
      { start: '2024-01-08', users: 3, steps: [3, 2, 1], conversion: [1, 2 / 3, 1 / 3], still_converting: 2, still_converting_at: [1, 1, 0] }
    ]);
  });

  test('by day, with the empty days between kept (no users: conversion null)', async () => {
    const r = await runConversionTrend(engine, table.schema, spec(), 'day');
    expect(r.periods.map((p) => [p.start.slice(5), p.steps, p.still_converting])).toEqual([
      ['01-01', [2, 2, 1], 0], ['01-02', [1, 0, 0], 0], ['01-03', [1, 1, 0], 1], ['01-04', [1, 1, 0], 0],
      ['01-05', [0, 0, 0], 0], ['01-06', [0, 0, 0], 0], ['01-07', [0, 0, 0], 0],
      ['01-08', [1, 1, 1], 0], ['01-09', [1, 0, 0], 1], ['01-10', [1, 1, 0], 1]
    ]);
    expect(r.periods[4].conversion).toEqual([null, null, null]);
  });

  test('by month, with users still converting excluded', async () => {
    // Kept: u1 u2 u3 u4 u8, all in January; at b u1 u2 u4 u8; at c u1 u4. Pending still reported (3).
    expectClose((await runConversionTrend(engine, table.schema, spec({ immature: 'exclude' }), 'month')).periods, [
      { start: '2024-01-01', users: 5, steps: [5, 4, 2], conversion: [1, 0.8, 0.4], still_converting: 3, still_converting_at: [1, 2, 0] }
    ]);
  });
});

describe('drop-off', () => {
  test('after step 1: u3 went on to z (x was at the same instant, not after); u5 did nothing', async () => {
    const r = await runDropOff(engine, table.schema, spec(), 1, 1);
    expect(r).toEqual({
      step: 1, depth: 1, users: 2, still_converting: 1, sequences: 2,
      next: [{ events: [], users: 1, still_converting: 1 }, { events: ['z'], users: 1, still_converting: 0 }]
    });
  });

  test('after step 2, one event deep: x for u2, u6, u8; a (a new attempt) for u7', async () => {
    const r = await runDropOff(engine, table.schema, spec(), 2, 1);
    expect(r.next).toEqual([{ events: ['x'], users: 3, still_converting: 1 }, { events: ['a'], users: 1, still_converting: 1 }]);
    expect([r.users, r.still_converting, r.sequences]).toEqual([4, 2, 2]);
  });

  test('two events deep: x → y for u2 and u8; ties in list order', async () => {
    const r = await runDropOff(engine, table.schema, spec(), 2, 2);
    expect(r.next.map((g) => [g.events, g.users])).toEqual([[['x', 'y'], 2], [['a'], 1], [['x'], 1]]);
  });

  test('next events are read after the filters; top keeps the largest', async () => {
    // Without x: u2 → y, u8 → y, u6 → nothing, u7 → a. Top 2: y (2), then [] before [a].
    const r = await runDropOff(engine, table.schema, spec({}, [{ column: 'event', op: '!=', values: ['x'] }]), 2, 1, 2);
    expect(r.next.map((g) => [g.events, g.users])).toEqual([[['y'], 2], [[], 1]]);
    expect(r.sequences).toBe(3);
  });

  test('excluding users still converting leaves u2 and u8 at step 2', async () => {
    const r = await runDropOff(engine, table.schema, spec({ immature: 'exclude' }), 2, 1);
    expect(r.next).toEqual([{ events: ['x'], users: 2, still_converting: 0 }]);
  });

  test('the users themselves, by user id, with the step time and up to three next events', async () => {
    const r = await runDroppedUsers(engine, table.schema, spec(), 2, 3);
    expect(r).toEqual({
      total: 4,
      users: [
        { user_id: 'u2', step_time: '2024-01-01 12:00:00', still_converting: false, next: ['x', 'y'] },
        { user_id: 'u6', step_time: '2024-01-10 06:00:00', still_converting: true, next: ['x'] },
        { user_id: 'u7', step_time: '2024-01-03 01:00:00', still_converting: true, next: ['a'] },
        { user_id: 'u8', step_time: '2024-01-04 00:10:00', still_converting: false, next: ['x', 'y'] }
      ]
    });
    const capped = await runDroppedUsers(engine, table.schema, spec(), 2, 3, 2);
    expect([capped.total, capped.users.map((u) => u.user_id)]).toEqual([4, ['u2', 'u6']]);
  });

  test('the last step has no drop-off', async () => {
    await expect(runDropOff(engine, table.schema, spec(), 3, 1)).rejects.toThrow(/step/);
  });
});
