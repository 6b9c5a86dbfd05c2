import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { withSignal } from '../../src/lib/engine/engine';
import { runTimeToConvert } from '../../src/lib/analysis/funnel-extras';
import type { Spec } from '../../src/lib/schema/types';
import { raw } from '../../src/lib/sql/quote';

// A superseded view's queries must not run: the page's engine does one query at a time, so a stale
// one would hold up the query the analyst is waiting for.
describe('queries tied to an abort signal', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
    await engine.query(raw(`CREATE TABLE events AS SELECT * FROM (VALUES
      (1, 'u1', TIMESTAMP '2024-01-01 00:00:00', 'a'), (2, 'u1', TIMESTAMP '2024-01-01 01:00:00', 'b'),
      (3, 'u2', TIMESTAMP '2024-01-01 00:00:00', 'a')) t(row_id, user_id, ts, event)`));
  });
  afterAll(async () => engine.close());

  test('an aborted signal stops a query before it starts, with an AbortError', async () => {
    const c = new AbortController();
    const e = withSignal(engine, c.signal);
    expect(await e.query(raw('SELECT count(*) AS n FROM events'))).toEqual([{ n: 3 }]);
    c.abort();
    await expect(e.query(raw('CREATE TABLE never AS SELECT 1'))).rejects.toMatchObject({ name: 'AbortError' });
    expect(await engine.query(raw("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'never'"))).toEqual([{ n: 0 }]);
  });

  test('an analysis through an aborted engine rejects; the plain engine still answers', async () => {
    const schema = { row_id: 'INTEGER', user_id: 'VARCHAR', ts: 'TIMESTAMP', event: 'VARCHAR' };
    const spec = { version: 1, analysis: { kind: 'funnel', steps: [{ event: 'a' }, { event: 'b' }] } } as Spec;
    const c = new AbortController();
    c.abort();
    await expect(runTimeToConvert(withSignal(engine, c.signal), schema, spec, 1, 2)).rejects.toMatchObject({ name: 'AbortError' });
    const live = await runTimeToConvert(engine, schema, spec, 1, 2);
    expect(live.users).toBe(1);
    expect(live.median_seconds).toBe(3600);
  });
});
