import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { fileBlob, NativeEngine } from '../../src/lib/engine/native';
import { engineMemoryLimit } from '../../src/lib/ingest/capacity';
import { Session } from '../../src/lib/session/session';

/**
 * The app's Session on native DuckDB sees what the engine can do through its supervisor: it spills
 * (no browser-tab size refusal, no deadline) and reads Parquet itself, in place.
 */
let dir: string;
let csv: string;
let parquet: string;
const ROWS = 20_000;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'native-session-'));
  csv = path.join(dir, 'events.csv');
  const lines = ['user,time,event,note'];
  for (let i = 0; i < ROWS; i++) lines.push(`u${i % 5000},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00,${i % 3 ? 'view' : 'buy'},${'x'.repeat(40)}`);
  writeFileSync(csv, lines.join('\n') + '\n');
  // A Parquet file written by a separate native DuckDB (the engine under test refuses COPY).
  parquet = path.join(dir, 'events.parquet');
  const maker = await (await DuckDBInstance.create(':memory:')).connect();
  await maker.run(`COPY (SELECT 'u' || (i % 50) AS user, TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS time, CASE WHEN i % 4 = 0 THEN 'buy' ELSE 'view' END AS event FROM range(1000) t(i)) TO '${parquet}' (FORMAT parquet)`);
  maker.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Session over native DuckDB', () => {
  it('is not held to a browser tab\'s memory: no size refusal, no call deadline', async () => {
    const engine = await NativeEngine.create({ memoryLimit: '256MB', threads: 1, tempDir: dir, readable: [csv] });
    try {
      const ws = new Session(engine, 'command line');
      expect(ws.engine.spills).toBe(true);
      // The limit the size checks use: none (a 100M-event CSV was refused as too big for a tab).
      expect(await engineMemoryLimit(ws.engine)).toBeNull();
      expect(ws.engine.deadlineMs).toBe(Infinity);
      const [file] = await ws.add([{ name: 'events.csv', data: await fileBlob(csv) }]);
      expect(file.rows).toBe(ROWS);
    } finally {
      await engine.close();
    }
  });

  it('reads Parquet with its own reader, in place: nothing goes through JavaScript as Arrow', async () => {
    const engine = await NativeEngine.create({ threads: 1, tempDir: dir, readable: [parquet] });
    // Were the file read in JavaScript, its rows would come in through insertArrowIPC.
    engine.insertArrowIPC = () => Promise.reject(new Error('Parquet went through JavaScript'));
    try {
      const ws = new Session(engine, 'command line');
      expect(ws.engine.readsParquet).toBe(true);
      const [file] = await ws.add([{ name: 'events.parquet', data: await fileBlob(parquet) }]);
      expect(file.rows).toBe(1000);
      expect(file.format).toBe('parquet');
      expect(file.columns.map((c) => [c.name, c.type])).toEqual([
        ['user', 'VARCHAR'],
        ['time', 'TIMESTAMP'],
        ['event', 'VARCHAR']
      ]);
    } finally {
      await engine.close();
    }
  });
});
