import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { forPeople, SpecError } from '../../src/lib/schema/errors';
import { Session } from '../../src/lib/session/session';

/**
 * Mapping problems as a person on the page reads them (no field path, no `{"row": true}`), while
 * the command line keeps the spec's words; and a purchase log without an event column is offered
 * the constant event "purchase", so that confirming the guess builds the journey.
 */
const enc = (s: string) => new TextEncoder().encode(s);
let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(() => engine?.close());

describe('forPeople', () => {
  it('uses the plain words when the error has them, else drops the field path; other errors stay as they are', () => {
    expect(forPeople(new SpecError('columns.user: no column "x"', 'columns.user', undefined, 'a.csv has no column "x".'))).toBe('a.csv has no column "x".');
    expect(forPeople(new SpecError('sources[1].time_format: time format "%Q" cannot be used', 'sources[1].time_format'))).toBe('Time format "%Q" cannot be used');
    expect(forPeople(new Error('journeys.csv: the file is empty'))).toBe('journeys.csv: the file is empty');
  });
});

describe('the page’s guess of a mapping', () => {
  it('offers a purchase log without an event column the constant event "purchase", and confirming it builds', async () => {
    const ws = new Session(engine);
    const [f] = await ws.add([{ name: 'orders.csv', data: enc('customer_id,order_date,order_id,amount\nc1,2024-01-02,o1,10.5\nc2,2024-01-03,o2,20\nc1,2024-02-01,o3,5\n') }]);
    const g = await ws.guessMapping(f);
    expect(g.columns.event).toEqual({ value: 'purchase' });
    expect(g.problems).toEqual([]);
    const reports = await ws.build({ columns: g.columns, time_format: g.time_format });
    expect(reports[0].loaded).toBe(3);
    expect(await ws.eventNames()).toEqual([{ event: 'purchase', rows: 3, users: 2 }]);
  });

  it('says in plain words what is missing, with the role it is about; the command line keeps the spec’s words', async () => {
    const ws = new Session(engine);
    const [f] = await ws.add([{ name: 'visits.csv', data: enc('a,b\nx,y\nz,w\n') }]);
    const g = await ws.guessMapping(f);
    const texts = g.problems.map((p) => p.text);
    for (const t of texts) {
      expect(t).not.toMatch(/columns\.|\{"|"row"|sources\[/);
      expect(t.startsWith('visits.csv')).toBe(true);
    }
    expect(g.problems.find((p) => p.role === 'user')?.text).toBe(
      'visits.csv: no column looks like the user (customer id): choose the column with the customer ids, or say that each row is a customer.'
    );
    expect(g.problems.find((p) => p.role === 'event')?.text).toContain('give every row the same event name');
    const [m] = await ws.resolve({ columns: {} });
    expect(m.problems.map((p) => p.message)).toContain('columns.user: no user column found in file visits.csv; name one, or {"row": true} when each row is a customer');
  });

  it('a column that is not in the file: named with the file and its columns', async () => {
    const ws = new Session(engine);
    await ws.add([{ name: 'e.csv', data: enc('uid,ts,ev\nu1,2024-01-01 10:00:00,a\n') }]);
    const err = await ws.build({ columns: { user: 'user_id', time: 'ts', event: 'ev' } }).then(
      () => null,
      (e: unknown) => e
    );
    expect(err).toBeInstanceOf(SpecError);
    expect(forPeople(err)).toBe('e.csv has no column "user_id" for the user (customer id); its columns are uid, ts, ev.');
  });
});
