import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFunnel } from '../../src/lib/analysis/funnel';
import { runConversionTrend, runDropOff, runDroppedUsers, runTimeToConvert } from '../../src/lib/analysis/funnel-extras';
import { NodeEngine } from '../../src/lib/engine/node';
import { mapsOrders, occurrencesSql, rowsFromSql } from '../../src/lib/sql/occurrences';
import { overviewSql } from '../../src/lib/sql/overview';
import type { Spec } from '../../src/lib/schema/types';
import { canonicalEventsTable, listedEventsTable } from '../support/fixture-events';
import { raw } from '../../src/lib/sql/quote';

/**
 * The Orders rule (docs/SPEC.md, docs/ORDERS.md) as SQL: occurrencesSql itself, the overview's
 * figures over occurrences, and the funnel's extra views reading occurrences. Every expected value
 * is worked out by hand from the rows listed.
 */
let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

type Occ = { row_id: number; user_id: string; event: string; ts: string; revenue: number | null; order_id: string | null; channel: string | null };

describe('occurrencesSql', () => {
  //  row user event ts     revenue order channel
  //   1  u1  buy   10:00   5       A     x
  //   2  u1  buy   09:00   7       A     y      A's earliest line (row 3 ties at 09:00, a later row)
  //   3  u1  buy   09:00   null    A     z
  //   4  u1  buy   11:00   1       null  w      null order: each row its own occurrence
  //   5  u1  buy   11:00   2       null  v
  //   6  u1  view  12:00   null    A     x      same order, other event: its own occurrence
  //   7  u2  buy   11:00   null    A     v      same order value, other user: its own occurrence
  //   8  u2  buy   11:00   null    B     v      B: two lines without revenue -> revenue null
  //   9  u2  buy   11:30   null    B     v
  const columns = ['user_id', 'event', 'ts', 'revenue', 'order_id', 'channel'];
  const rows = [
    ['u1', 'buy', '2024-01-01 10:00:00', 5, 'A', 'x'],
    ['u1', 'buy', '2024-01-01 09:00:00', 7, 'A', 'y'],
    ['u1', 'buy', '2024-01-01 09:00:00', null, 'A', 'z'],
    ['u1', 'buy', '2024-01-01 11:00:00', 1, null, 'w'],
    ['u1', 'buy', '2024-01-01 11:00:00', 2, null, 'v'],
    ['u1', 'view', '2024-01-01 12:00:00', null, 'A', 'x'],
    ['u2', 'buy', '2024-01-01 11:00:00', null, 'A', 'v'],
    ['u2', 'buy', '2024-01-01 11:00:00', null, 'B', 'v'],
    ['u2', 'buy', '2024-01-01 11:30:00', null, 'B', 'v']
  ];
  const table = canonicalEventsTable(columns, rows);
  const read = async (text: string) =>
    engine.query<Occ>(raw(`SELECT row_id::INTEGER AS row_id, user_id, event, strftime(ts, '%H:%M') AS ts, revenue, order_id, channel FROM ${text} ORDER BY row_id`));

  beforeAll(async () => {
    // Stored in reverse, so that "input order" can only come from row_id, not from storage.
    await engine.query(raw(table.sql.replace('CREATE OR REPLACE TABLE events AS', 'CREATE OR REPLACE TABLE events_src AS')));
    await engine.query(raw('CREATE OR REPLACE TABLE events AS SELECT * FROM events_src ORDER BY row_id DESC'));
  });

  test('earliest line wins (ties by input order), revenue summed, null orders and other events or users apart', async () => {
    expect(await read(occurrencesSql(table.schema, undefined, true).text)).toEqual([
      { row_id: 2, user_id: 'u1', event: 'buy', ts: '09:00', revenue: 12, order_id: 'A', channel: 'y' },
      { row_id: 4, user_id: 'u1', event: 'buy', ts: '11:00', revenue: 1, order_id: null, channel: 'w' },
      { row_id: 5, user_id: 'u1', event: 'buy', ts: '11:00', revenue: 2, order_id: null, channel: 'v' },
      { row_id: 6, user_id: 'u1', event: 'view', ts: '12:00', revenue: null, order_id: 'A', channel: 'x' },
      { row_id: 7, user_id: 'u2', event: 'buy', ts: '11:00', revenue: null, order_id: 'A', channel: 'v' },
      { row_id: 8, user_id: 'u2', event: 'buy', ts: '11:00', revenue: null, order_id: 'B', channel: 'v' }
    ]);
  });

  test('filters remove lines before they are grouped', async () => {
    // Without row 2 (channel y), A's earliest line is row 3 (09:00), its revenue 5 + null = 5.
    const text = occurrencesSql(table.schema, [{ column: 'channel', op: '!=', values: ['y'] }], true).text;
    const got = await read(text);
    expect(got[0]).toEqual({ row_id: 3, user_id: 'u1', event: 'buy', ts: '09:00', revenue: 5, order_id: 'A', channel: 'z' });
    expect(got.map((r) => r.row_id)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  test('without orders: the filtered rows as they are, in the text the analyses always read', async () => {
    expect(occurrencesSql(table.schema, undefined, false).text).toBe('(SELECT * FROM events WHERE TRUE)');
    expect(rowsFromSql(table.schema, undefined, false).text).toBe('events WHERE TRUE');
    expect((await read(occurrencesSql(table.schema, undefined, false).text)).map((r) => r.row_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await engine.query(raw(`SELECT count(*)::INTEGER AS n FROM ${rowsFromSql(table.schema, undefined, true).text} AND event = 'buy'`)))[0].n).toBe(5);
  });

  test('a table without a revenue column (hand-made) still groups; a missing order column names the field', async () => {
    const listed = listedEventsTable(['user_id', 'ts', 'event', 'order_id'], [['u1', '2024-01-01 10:00:00', 'buy', 'A'], ['u1', '2024-01-01 09:00:00', 'buy', 'A']]);
    await engine.query(raw(listed.sql));
    expect(await engine.query(raw(`SELECT row_id::INTEGER AS row_id FROM ${occurrencesSql(listed.schema, undefined, true).text}`))).toEqual([{ row_id: 2 }]);
    const { order_id: _o, ...noOrder } = listed.schema;
    expect(() => occurrencesSql(noOrder, undefined, true)).toThrow(/^columns\.order: /);
  });

  test('mapsOrders: the top-level columns or any source', () => {
    expect(mapsOrders({})).toBe(false);
    expect(mapsOrders({ columns: { order: 'Invoice' } })).toBe(true);
    expect(mapsOrders({ columns: {}, sources: [{ columns: {} }, { columns: { order: 'order_no' } }] })).toBe(true);
    expect(mapsOrders({ sources: [{}] })).toBe(false);
  });
});

describe('overview tiles stay on rows: every figure but the row count is the same over occurrences', () => {
  test('purchasers, users, revenue and the date span agree; events counts rows', async () => {
    // u1 buys order A in two lines (10 + 5) and order B in one (7); u2 views. 4 rows, 3 occurrences.
    const columns = ['user_id', 'event', 'stage', 'ts', 'revenue', 'order_id'];
    const rows = [
      ['u1', 'buy', 'purchase', '2024-01-01 10:00:00', 10, 'A'],
      ['u1', 'buy', 'purchase', '2024-01-02 10:00:00', 5, 'A'],
      ['u1', 'buy', 'purchase', '2024-01-03 10:00:00', 7, 'B'],
      ['u2', 'view', null, '2024-01-01 09:00:00', null, null]
    ];
    const table = canonicalEventsTable(columns, rows);
    await engine.query(raw(table.sql));
    const [onRows] = await engine.query(overviewSql(table.schema, undefined));
    await engine.query(raw(`CREATE OR REPLACE TABLE events AS SELECT * FROM ${occurrencesSql(table.schema, undefined, true).text}`));
    const [onOccurrences] = await engine.query(overviewSql(table.schema, undefined));
    const { events: rowsCount, revenue_rows: _a, ...same } = onRows;
    const { events: occCount, revenue_rows: _b, ...sameOcc } = onOccurrences;
    expect(same).toEqual(sameOcc);
    expect(same).toMatchObject({ users: 2, purchasers: 1, revenue: 22, first_ts: '2024-01-01T09:00:00Z', last_ts: '2024-01-03T10:00:00Z' });
    expect([rowsCount, occCount]).toEqual([4, 3]);
  });
});

describe('funnel extras read occurrences', () => {
  //  u1  a 10:00; order O1: buy 10:05, 10:06, 10:05 (three lines); x 11:00; order O2: buy 12:00
  //  u2  a 10:00; order O3: buy 10:30, 10:40
  const rows = [
    ['u1', '2024-01-01 10:00:00', 'a', null],
    ['u1', '2024-01-01 10:05:00', 'buy', 'O1'],
    ['u1', '2024-01-01 10:06:00', 'buy', 'O1'],
    ['u1', '2024-01-01 10:05:00', 'buy', 'O1'],
    ['u1', '2024-01-01 11:00:00', 'x', null],
    ['u1', '2024-01-01 12:00:00', 'buy', 'O2'],
    ['u2', '2024-01-01 10:00:00', 'a', null],
    ['u2', '2024-01-01 10:30:00', 'buy', 'O3'],
    ['u2', '2024-01-01 10:40:00', 'buy', 'O3']
  ];
  const table = listedEventsTable(['user_id', 'ts', 'event', 'order_id'], rows);
  const spec = (steps: string[], orders: boolean): Spec =>
    ({ version: 1, ...(orders ? { columns: { order: 'order_id' } } : {}), analysis: { kind: 'funnel', steps: steps.map((event) => ({ event })) } }) as Spec;
  beforeAll(async () => {
    await engine.query(raw(table.sql));
  });

  test('a → buy → buy: two orders needed with the order mapped, two lines without', async () => {
    // Orders: u1 a, O1 (300 s later), O2 (12:00: 6900 s after O1); u2 a, O3 (1800 s), no second
    // order. Step 2's median: (300 + 1800) / 2.
    const withOrders = await runFunnel(engine, table.schema, spec(['a', 'buy', 'buy'], true));
    expect(withOrders.steps.map((s) => [s.users, s.median_seconds])).toEqual([[2, null], [2, 1050], [1, 6900]]);
    // Lines: u1 10:05 then the tie 10:05 (0 s); u2 10:30 then 10:40 (600 s).
    const withoutOrders = await runFunnel(engine, table.schema, spec(['a', 'buy', 'buy'], false));
    expect(withoutOrders.steps.map((s) => [s.users, s.median_seconds])).toEqual([[2, null], [2, 1050], [2, 300]]);
  });

  test('time to convert and the trend count the same users as the funnel', async () => {
    const t = await runTimeToConvert(engine, table.schema, spec(['a', 'buy', 'buy'], true), 2, 3);
    expect([t.users, t.median_seconds]).toEqual([1, 6900]);
    const trend = await runConversionTrend(engine, table.schema, spec(['a', 'buy', 'buy'], true), 'day');
    expect(trend.periods.map((p) => p.steps)).toEqual([[2, 2, 1]]);
  });

  test('drop-off: the other lines of an order are not "next"', async () => {
    // a → never: both stop at a (10:00). With orders u1 goes on to buy, x, buy and u2 to buy;
    // without, u1's next three are three buy lines and u2's two.
    const withOrders = await runDropOff(engine, table.schema, spec(['a', 'never'], true), 1, 3);
    expect(withOrders.next.map((g) => [g.events, g.users])).toEqual([[['buy'], 1], [['buy', 'x', 'buy'], 1]]);
    const withoutOrders = await runDropOff(engine, table.schema, spec(['a', 'never'], false), 1, 3);
    expect(withoutOrders.next.map((g) => [g.events, g.users])).toEqual([[['buy', 'buy'], 1], [['buy', 'buy', 'buy'], 1]]);
    const dropped = await runDroppedUsers(engine, table.schema, spec(['a', 'buy', 'buy'], true), 2, 3);
    expect(dropped.users.map((u) => [u.user_id, u.step_time, u.next])).toEqual([['u2', '2024-01-01 10:30:00', []]]);
  });

  test('regression: a filter on the user column no longer clashes with the dropped users in the join', async () => {
    // Was: Binder Error "Ambiguous reference to column name user_id" (filters sat in the join's WHERE).
    const s = { ...spec(['a', 'never'], false), filters: [{ column: 'user', op: '!=', values: ['u2'] }] } as Spec;
    const r = await runDropOff(engine, table.schema, s, 1, 1);
    expect(r.next.map((g) => [g.events, g.users])).toEqual([[['buy'], 1]]);
  });
});
