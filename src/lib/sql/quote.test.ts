import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../engine/node';
import { ident, join, lit, sql } from './quote';

describe('quoting', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(() => engine.close());

  test('identifiers double their quotes', () => {
    expect(ident('a"b').text).toBe('"a""b"');
    expect(ident('col; DROP TABLE events; --').text).toBe('"col; DROP TABLE events; --"');
  });

  test('literals escape quotes and reject what SQL cannot hold', () => {
    expect(lit("O'Brien").text).toBe("'O''Brien'");
    expect(lit(Number.NaN).text).toBe('NULL');
    expect(lit(Infinity).text).toBe('NULL');
    expect(lit(null).text).toBe('NULL');
    expect(lit(12).text).toBe('12');
    expect(lit(0.5).text).toBe('0.5');
    expect(() => lit('a\u0000b')).toThrow(/NUL/);
  });

  test('hostile names and values survive a round trip through a real DuckDB', async () => {
    const names = ['user id', 'a"b', "it's", 'col; DROP TABLE events; --', '  padded  ', 'émoji 🎉', '<img src=x onerror=alert(1)>'];
    const values = ["O'Brien", "'); DROP TABLE t; --", '\\', '"', 'ﷺ‮rtl'];
    await engine.query(sql`CREATE OR REPLACE TABLE t AS SELECT ${join(names.map((n, i) => sql`${values[i % values.length]} AS ${ident(n)}`))}`);
    const rows = await engine.query(sql`SELECT ${join(names.map((n) => ident(n)))} FROM t`);
    expect(Object.keys(rows[0])).toEqual(names);
    expect(Object.values(rows[0])).toEqual(names.map((_, i) => values[i % values.length]));
    const hit = await engine.query(sql`SELECT count(*) AS n FROM t WHERE ${ident(names[0])} = ${values[0]}`);
    expect(hit[0].n).toBe(1);
  });
});
