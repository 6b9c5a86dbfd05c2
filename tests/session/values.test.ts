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
