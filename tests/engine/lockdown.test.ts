import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile } from '../../src/lib/ingest/import';
import { raw } from '../../src/lib/sql/quote';
import { ESCAPES } from './escapes';

describe('the engine starts locked down', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
    await engine.registerFile('/other/b.csv', new TextEncoder().encode('secret\n42\n'));
  });
  afterAll(() => engine.close());

  test.each(ESCAPES)('%s is refused', async (_name, statement) => {
    await expect(engine.query(raw(statement))).rejects.toThrow(/Permission|locked|Cannot change|not exist|disabled|Catalog|IO Error|not allowed/i);
  });

  test('words of refused statements inside strings, names and later clauses still run', async () => {
    await engine.query(raw(`CREATE TABLE "copy" AS SELECT 'ATTACH ''/import/x.db''; COPY t TO ''/import/y''' AS "attach", 1 AS "set"`));
    await engine.query(raw(`UPDATE "copy" SET "set" = 2`));
    expect(await engine.query(raw(`SELECT "attach" AS a, "set" AS s FROM "copy"`))).toEqual([{ a: "ATTACH '/import/x.db'; COPY t TO '/import/y'", s: 2 }]);
    await engine.query(raw('DROP TABLE "copy"'));
  });

  // Below the statement guard: the Node runtime itself never opens, creates or removes anything on
  // disk (the real disk on the command line), even for a statement that reaches DuckDB.
  test.each([
    ['ATTACH', "ATTACH '/import/new.db' AS n"],
    ['COPY TO', "COPY (SELECT 1 AS x) TO '/import/out.csv'"],
    ['COPY TO a partitioned folder', "COPY (SELECT 1 AS x, 2 AS y) TO '/import/parts' (FORMAT csv, PARTITION_BY (x))"]
  ])('the Node runtime refuses the disk for %s past the guard', (_name, statement) => {
    const conn = (engine as unknown as { conn: { query(s: string): unknown } }).conn;
    expect(() => conn.query(statement)).toThrow(/reads only the files given to it/);
  });

  test('nothing was written to the import folder', async () => {
    expect(await engine.query(raw(`SELECT file FROM glob('/import/*') WHERE file NOT LIKE '/import/0-%'`))).toEqual([]);
  });

  test('dropped files still import and query normally', async () => {
    const f = await importFile(engine, { name: 'e.csv', data: new TextEncoder().encode('user,time,event\nu1,2024-01-01 10:00:00,view\n') }, 0);
    expect(f.rows).toBe(1);
    expect(await engine.query(raw(`SELECT count(*)::INT AS n FROM ${f.table}`))).toEqual([{ n: 1 }]);
  });
});
