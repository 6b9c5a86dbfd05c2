import { afterAll, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { Session } from '../../src/lib/session/session';

// A file dropped again under the same name (a newer export) is read in place of the old one: the
// same position among the files, and the next build counts the new rows.
const session = new Session(await NodeEngine.create());
afterAll(() => session.engine.close());
const bytes = (s: string) => new TextEncoder().encode(s);
const mapping = { columns: { user: 'user', time: 'time', event: 'event' } };

test('a newer file of the same name replaces the old one; a broken one leaves the old one', async () => {
  await session.add([
    { name: 'a.csv', data: bytes('user,time,event\nu1,2024-01-01 10:00:00,x\nu2,2024-01-02 10:00:00,x\n') },
    { name: 'b.csv', data: bytes('user,time,event\nu3,2024-01-03 10:00:00,y\n') }
  ]);
  await session.build(mapping);
  expect((await session.overview()).events).toBe(3);

  const f = await session.replace({ name: 'exports/a.csv', data: bytes('user,time,event\nu1,2024-01-01 10:00:00,x\nu2,2024-01-02 10:00:00,x\nu4,2024-01-05 10:00:00,x\nu5,2024-01-06 10:00:00,z\n') });
  expect(f.file).toBe('a.csv');
  expect(session.files.map((x) => x.file)).toEqual(['a.csv', 'b.csv']);
  await session.build(mapping);
  const o = await session.overview();
  expect([o.events, o.users]).toEqual([5, 5]);

  await expect(session.replace({ name: 'a.csv', data: new Uint8Array() })).rejects.toThrow(/empty/);
  expect(session.files.map((x) => x.rows)).toEqual([4, 1]);
  await session.build(mapping);
  expect((await session.overview()).events).toBe(5);
  await expect(session.replace({ name: 'c.csv', data: bytes('user\n') })).rejects.toThrow(/no file called c.csv/);
});
