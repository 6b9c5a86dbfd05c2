import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Row } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { firstRows } from '../../src/lib/ingest/table';
import { raw, type Fragment } from '../../src/lib/sql/quote';

let inner: NodeEngine;
let asked = 0;
/** The engine with its statements counted. */
let engine: Engine;

beforeAll(async () => {
  inner = await NodeEngine.create();
  engine = Object.assign(Object.create(inner), {
    query: <T extends Row = Row>(s: Fragment) => {
      asked++;
      return inner.query<T>(s);
    }
  });
  await inner.query(raw('CREATE TABLE dense AS SELECT i AS v, i AS "__row" FROM range(10) t(i)'));
  await inner.query(raw('CREATE TABLE big AS SELECT i AS v, i AS "__row" FROM range(300) t(i)'));
  // Rows left out (3 and 6) and one far past n: the filter alone misses the last row.
  await inner.query(raw('CREATE TABLE gaps AS SELECT * FROM (VALUES (0, 0), (1, 1), (2, 2), (4, 4), (5, 5), (7, 250)) t(v, "__row")'));
});
afterAll(() => inner.close());

const values = (rows: Row[]) => rows.map((r) => Number(r.v));

describe('firstRows: the first n rows in input order', () => {
  it('a table of fewer than n rows whose count is known: one statement', async () => {
    asked = 0;
    expect(values(await firstRows(engine, 'dense', 200, raw('*'), 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(asked).toBe(1);
  });

  it('the count unknown: the sorted query makes sure (two statements)', async () => {
    asked = 0;
    expect(values(await firstRows(engine, 'dense', 200))).toHaveLength(10);
    expect(asked).toBe(2);
  });

  it('a table of more than n rows: one statement, n rows', async () => {
    asked = 0;
    expect(values(await firstRows(engine, 'big', 200, raw('*'), 300))).toEqual([...Array(200).keys()]);
    expect(asked).toBe(1);
  });

  it('rows left out: the filter gives fewer than the count, and the sorted query gives them all in order', async () => {
    asked = 0;
    expect(values(await firstRows(engine, 'gaps', 200, raw('*'), 6))).toEqual([0, 1, 2, 4, 5, 7]);
    expect(asked).toBe(2);
    expect(values(await firstRows(engine, 'gaps', 4, raw('*'), 6))).toEqual([0, 1, 2, 4]);
  });
});
