import { afterAll, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { Session } from '../../src/lib/session/session';

// A column's values for a picker (an experiment's control): as text, most frequent first, no nulls.
const session = new Session(await NodeEngine.create());
afterAll(() => session.engine.close());

test('values of a column, most frequent first, ties by value, numbers in their shortest form', async () => {
  const csv = 'user,time,event,segment,n\nu1,2024-01-01 10:00:00,a,B,1\nu2,2024-01-01 10:00:00,a,A,2\nu3,2024-01-01 10:00:00,a,B,2\nu4,2024-01-01 10:00:00,a,,2\nu5,2024-01-01 10:00:00,a,C,3\n';
  await session.add([{ name: 'e.csv', data: new TextEncoder().encode(csv) }]);
  await session.build({ columns: { user: 'user', time: 'time', event: 'event' } });
  expect(await session.values('segment')).toEqual(['B', 'A', 'C']);
  expect(await session.values('n')).toEqual(['2', '1', '3']);
  await expect(session.values('nope')).rejects.toThrow(/no column "nope"/);
});

test('value counts: each value with its events, most frequent first; a search keeps values containing it in any case', async () => {
  // Same session and events as above: segment B ×2, A, C (u4's empty segment is null); n 2 ×3, 1, 3.
  expect(await session.valueCounts('segment')).toEqual([
    { value: 'B', count: 2 },
    { value: 'A', count: 1 },
    { value: 'C', count: 1 }
  ]);
  expect(await session.valueCounts('n')).toEqual([
    { value: '2', count: 3 },
    { value: '1', count: 1 },
    { value: '3', count: 1 }
  ]);
  expect(await session.valueCounts('segment', 'b')).toEqual([{ value: 'B', count: 2 }]);
  expect(await session.valueCounts('segment', 'zz')).toEqual([]);
  // A value holding quotes is data, never SQL.
  expect(await session.valueCounts('segment', "'; DROP TABLE events; --")).toEqual([]);
  expect(await session.valueCounts('segment', '', 1)).toEqual([{ value: 'B', count: 2 }]);
});

test('value counts are asked once per column, search and build', async () => {
  const query = session.engine.query.bind(session.engine);
  let asked = 0;
  session.engine.query = ((q: Parameters<typeof query>[0]) => (asked++, query(q))) as typeof query;
  try {
    await session.valueCounts('event');
    await session.valueCounts('event');
    expect(asked).toBe(1);
    await session.valueCounts('event', 'a');
    expect(asked).toBe(2);
    // A build may change the events: the lists are asked again.
    await session.build({ columns: { user: 'user', time: 'time', event: 'segment' } });
    const before = asked;
    expect(await session.valueCounts('event')).toEqual([{ value: 'B', count: 2 }, { value: 'A', count: 1 }, { value: 'C', count: 1 }]);
    expect(asked).toBe(before + 1);
  } finally {
    session.engine.query = query;
  }
});
