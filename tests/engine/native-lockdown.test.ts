import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileBlob, NativeEngine } from '../../src/lib/engine/native';
import { importFile } from '../../src/lib/ingest/import';
import { lit, raw } from '../../src/lib/sql/quote';
import { ESCAPES } from './escapes';

/**
 * The native engine (src/lib/engine/native.ts) reads the real disk: it must refuse the same escape
 * attempts as DuckDB-WASM, read the command line's --data files where they lie and nothing else
 * outside its own folder, and write nothing a statement asks for.
 */
let dir: string;
let engine: NativeEngine;
let given: string;
let other: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-native-lock-'));
  given = path.join(dir, 'given.csv');
  other = path.join(dir, 'other.csv');
  writeFileSync(given, 'user,time,event\nu1,2024-01-01 10:00:00,view\nu2,2024-01-02 10:00:00,buy\n');
  writeFileSync(other, 'secret\n42\n');
  engine = await NativeEngine.create({ readable: [given], tempDir: dir });
  await engine.registerFile('/other/b.csv', new TextEncoder().encode('secret\n42\n'));
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the native engine starts locked down', () => {
  test.each(ESCAPES)('%s is refused', async (_name, statement) => {
    await expect(engine.query(raw(statement))).rejects.toThrow(/Permission|locked|Cannot change|not exist|disabled|Catalog|IO Error|not allowed/i);
  });

  test('a file on disk that was not given is refused by its real path', async () => {
    await expect(engine.query(raw(`SELECT * FROM read_csv(${lit(other).text})`))).rejects.toThrow(/Permission/);
    await expect(engine.query(raw(`SELECT * FROM read_text(${lit(path.join(dir, '*.csv')).text})`))).rejects.toThrow(/Permission/);
  });

  test('settings are locked: memory limit, threads, temp folder and access stay as opened', async () => {
    for (const s of ["SET memory_limit='100GB'", 'SET threads=64', "SET temp_directory='/'", 'SET enable_external_access=true']) {
      await expect(engine.query(raw(s))).rejects.toThrow(/Permission/);
    }
    const [r] = await engine.query<{ tz: string; ext: boolean }>(raw("SELECT current_setting('TimeZone') AS tz, current_setting('enable_external_access') AS ext"));
    expect(r).toEqual({ tz: 'UTC', ext: false });
  });

  test('the statement guard refuses by DuckDB’s statement type, not by words in strings or names', async () => {
    await engine.query(raw(`CREATE TABLE "copy" AS SELECT 'ATTACH ''/import/x.db''; COPY t TO ''/import/y''' AS "attach", 1 AS "set"`));
    await engine.query(raw(`UPDATE "copy" SET "set" = 2`));
    expect(await engine.query(raw(`SELECT "attach" AS a, "set" AS s FROM "copy"`))).toEqual([{ a: "ATTACH '/import/x.db'; COPY t TO '/import/y'", s: 2 }]);
    await engine.query(raw('DROP TABLE "copy"'));
    // The app's one SET-kind statement after start-up (compressed storage) passes, alone; no other.
    await expect(engine.query(raw('USE memory'))).rejects.toThrow(/SET statements are not run/);
    await expect(engine.query(raw('SELECT 1; USE journeys'))).rejects.toThrow(/SET statements are not run/);
    await engine.query(raw('USE journeys'));
  });

  test('the given file is read where it lies; other bytes are copied into the engine’s folder; nothing else is written', async () => {
    const f = await importFile(engine, { name: 'given.csv', data: await fileBlob(given) }, 0);
    expect(f.rows).toBe(2);
    const o = await importFile(engine, { name: 'other.csv', data: await fileBlob(other) }, 1);
    expect(o.rows).toBe(1);
    await expect(engine.query(raw(`COPY (SELECT 1 AS x) TO ${lit(path.join(engine.folder, 'import', 'out.csv')).text}`))).rejects.toThrow(/COPY statements are not run/);
    // One copy (other.csv, not given); no copy of the given file, no file a statement asked for.
    expect(readdirSync(path.join(engine.folder, 'import'))).toEqual(['0-1-other.csv']);
  });

  test('closing removes the engine’s folder, never the given file', async () => {
    const e = await NativeEngine.create({ readable: [given], tempDir: dir });
    await e.registerFile('/import/0-given.csv', await fileBlob(given));
    await e.dropFile('/import/0-given.csv');
    await e.close();
    expect(existsSync(e.folder)).toBe(false);
    expect(existsSync(given)).toBe(true);
  });
});
