import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../engine/node';
import { raw, type Fragment } from '../sql/quote';
import { Session } from './session';
import { warmUp, warmUpCsv } from './warm-up';

const SAMPLE = new Uint8Array(readFileSync(new URL('../../../sample-data/journeys.csv', import.meta.url)));
const small = (() => {
  // The sample's first 300 lines: enough for every role and stage.
  const text = new TextDecoder().decode(SAMPLE).split('\n').slice(0, 300).join('\n') + '\n';
  return new TextEncoder().encode(text);
})();

/** Every table and (non-internal) view, by name: what a warm-up must leave as it found it. */
async function objects(engine: NodeEngine): Promise<string[]> {
  const rows = await engine.query<{ name: string }>(
    raw("SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY name")
  );
  return rows.map((r) => r.name);
}

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => {
  await engine.close();
});

describe('warm-up', () => {
  test('the tiny journey holds every step, one user per depth, revenue on purchases only', () => {
    const lines = new TextDecoder().decode(warmUpCsv(6)).trimEnd().split('\n');
    // 6 users going 1…6 steps deep: 21 events.
    expect(lines).toHaveLength(1 + 21);
    expect(lines[0]).toBe('user_id,event_time,event,channel,revenue');
    expect(lines.filter((l) => l.includes(',purchase,')).every((l) => /,\d+$/.test(l))).toBe(true);
    expect(lines.filter((l) => !l.includes(',purchase,')).slice(1).every((l) => l.endsWith(','))).toBe(true);
  });

  test('runs the whole path on the engine and leaves no table, view or file behind', async () => {
    const before = await objects(engine);
    const seen: string[] = [];
    const counting = Object.create(engine) as NodeEngine;
    counting.query = (stmt: Fragment, signal?: AbortSignal) => {
      seen.push(stmt.text);
      return engine.query(stmt, signal);
    };
    await warmUp(new Session(counting));
    // It did read a file, build the events and run the stage funnel …
    expect(seen.some((s) => /read_csv\(/.test(s))).toBe(true);
    expect(seen.some((s) => /^CREATE TABLE events/.test(s.trim()))).toBe(true);
    expect(seen.length).toBeGreaterThan(20);
    // … and nothing of it stays.
    expect(await objects(engine)).toEqual(before);
    await expect(engine.query(raw("SELECT count(*) AS n FROM read_csv('/import/0-warm-up.csv')"))).rejects.toThrow();
  });

  test("a file dropped while it runs waits for it and gets the same numbers as without it", async () => {
    const plain = new Session(engine);
    const [f0] = await plain.add([{ name: 'small.csv', data: small }]);
    const g0 = await plain.guessMapping(f0);
    await plain.build({ columns: g0.columns, time_format: 'auto' });
    const expected = await plain.overview();
    await engine.query(raw('DROP TABLE IF EXISTS events'));

    const warmed = new Session(engine);
    warmed.warmUp();
    // Not awaited: add must wait for the warm-up itself.
    const [f1] = await warmed.add([{ name: 'small.csv', data: small }]);
    expect(f1.table).toBe('raw_0');
    const g1 = await warmed.guessMapping(f1);
    expect(g1.columns).toEqual(g0.columns);
    await warmed.build({ columns: g1.columns, time_format: 'auto' });
    expect(await warmed.overview()).toEqual(expected);
  });

  test('an engine that dies during the warm-up is replaced before the first file is read', async () => {
    let resets = 0;
    let dead = false;
    const dying = Object.create(engine) as NodeEngine;
    dying.query = (stmt: Fragment, signal?: AbortSignal) => {
      // The first read_csv traps; a dead engine refuses everything until it is reset.
      if (/read_csv\(/.test(stmt.text) && resets === 0) dead = true;
      if (dead) return Promise.reject(Object.assign(new Error('The analysis engine stopped (memory access out of bounds).'), { name: 'EngineCrashed' }));
      return engine.query(stmt, signal);
    };
    dying.reset = async () => {
      resets++;
      dead = false;
    };
    const s = new Session(dying);
    s.warmUp();
    await s.warmedUp();
    expect(resets).toBe(1);
    const [f] = await s.add([{ name: 'small.csv', data: small }]);
    expect(f.rows).toBe(299);
    await engine.query(raw('DROP TABLE IF EXISTS raw_0__data')).catch(() => undefined);
  });
});
