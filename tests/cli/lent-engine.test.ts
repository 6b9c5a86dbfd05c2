import { afterAll, describe, expect, test, vi } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { COMPRESSED_STORAGE_SQL } from '../../src/lib/engine/engine';
import { raw } from '../../src/lib/sql/quote';
import { EngineLender } from './lent-engine';

/** The warm engine the in-process CLI tests share must come back as clean as a new one. */
const lender = new EngineLender();
afterAll(() => lender.close());

const q = (text: string) => raw(text).text;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('EngineLender', () => {
  test('a command\'s tables, views, macros and files are gone after close, without a restart', async () => {
    const reset = vi.spyOn(NodeEngine.prototype, 'reset');
    const first = await lender.borrow();
    await first.registerFile('/import/0-a.csv', bytes('x\n1\n'));
    await first.query(raw(q(`CREATE TABLE raw_0 AS SELECT * FROM read_csv('/import/0-a.csv')`)));
    await first.query(raw(q('CREATE VIEW v AS SELECT * FROM raw_0')));
    await first.query(raw(q('CREATE TEMP TABLE t AS SELECT 1 AS y')));
    await first.query(raw(q('CREATE TEMP VIEW tv AS SELECT * FROM t')));
    await first.query(raw(q('CREATE MACRO twice(a) AS a * 2')));
    await first.query(raw(COMPRESSED_STORAGE_SQL));
    await first.query(raw(q('CREATE TABLE events AS SELECT 1 AS z')));
    await first.close();

    const second = await lender.borrow();
    expect(await second.query(raw(q('SELECT current_database() AS db')))).toEqual([{ db: 'memory' }]);
    const objects = await second.query(raw(q(`SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal
      UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal
      UNION ALL SELECT function_name FROM duckdb_functions() WHERE NOT internal AND function_type = 'macro'`)));
    expect(objects).toEqual([]);
    await expect(second.query(raw(q(`SELECT * FROM read_csv('/import/0-a.csv')`)))).rejects.toThrow();
    // The same file name with other bytes reads the new bytes (no stale cache across commands).
    await second.registerFile('/import/0-a.csv', bytes('x\n2\n'));
    expect(await second.query(raw(q(`SELECT x FROM read_csv('/import/0-a.csv')`)))).toEqual([{ x: 2 }]);
    await second.close();
    expect(reset).not.toHaveBeenCalled();
    reset.mockRestore();
  });

  test('one command at a time', async () => {
    const engine = await lender.borrow();
    await expect(lender.borrow()).rejects.toThrow(/already lent/);
    await engine.close();
  });
});
