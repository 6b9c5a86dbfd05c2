import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile } from '../../src/lib/ingest/import';
import { raw } from '../../src/lib/sql/quote';

// The escape attempts of ../shared/fixtures/security/lockdown-probe-duckdb-wasm.cjs, against the
// engine exactly as the app and the command line start it.
const ESCAPES: [string, string][] = [
  ['remote csv', "SELECT * FROM read_csv('https://example.invalid/x.csv')"],
  ['remote read_text', "SELECT * FROM read_text('https://example.invalid/x')"],
  ['remote parquet', "SELECT * FROM 'https://example.invalid/x.parquet'"],
  ['glob remote', "SELECT * FROM glob('https://example.invalid/*')"],
  ['attach remote', "ATTACH 'https://example.invalid/x.db' AS r"],
  ['LOAD httpfs', 'LOAD httpfs'],
  ['COPY outside the import folder', "COPY (SELECT 1) TO '/other/out.csv'"],
  ['dotdot escape', "SELECT * FROM read_csv('/import/../other/b.csv')"],
  ['other registered file', "SELECT * FROM read_csv('/other/b.csv')"],
  ['re-enable external access', 'SET enable_external_access=true'],
  ['widen allowed directories', "SET allowed_directories=['/']"],
  ['unlock', 'SET lock_configuration=false'],
  ['reset lock', 'RESET lock_configuration'],
  ['autoload back on', 'SET autoload_known_extensions=true'],
  ['getenv', "SELECT getenv('HOME')"]
];

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

  test('dropped files still import and query normally', async () => {
    const f = await importFile(engine, { name: 'e.csv', data: new TextEncoder().encode('user,time,event\nu1,2024-01-01 10:00:00,view\n') }, 0);
    expect(f.rows).toBe(1);
    expect(await engine.query(raw(`SELECT count(*)::INT AS n FROM ${f.table}`))).toEqual([{ n: 1 }]);
  });
});
