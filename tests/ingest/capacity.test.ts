import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Row } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { Session } from '../../src/lib/session/session';
import { needsCompression } from '../../src/lib/ingest/storage';
import { raw, type Fragment } from '../../src/lib/sql/quote';

/**
 * The memory checks and out-of-memory recovery of the Session (what the page calls), on the
 * Node build of DuckDB-WASM. The wrapper reports a chosen memory_limit (the real one is locked at
 * 3.1 GiB) and can make one statement fail with DuckDB's own out-of-memory text, optionally
 * leaving the engine dead until reset(), as the page's engine does after such an error.
 */
const OOM = 'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)';

class Limited implements Engine {
  limit = '3.1 GiB';
  failOn: RegExp | null = null;
  dieOnFailure = false;
  dead = false;
  resets = 0;
  constructor(private inner: NodeEngine) {}
  registerFile(p: string, s: Uint8Array | Blob) {
    return this.inner.registerFile(p, s);
  }
  dropFile(p: string) {
    return this.inner.dropFile(p);
  }
  async query<T extends Row = Row>(stmt: Fragment): Promise<T[]> {
    const sql = stmt.text;
    if (this.dead) throw Object.assign(new Error(`The analysis engine stopped (${OOM}). It is being restarted; your files will be read again.`), { name: 'EngineCrashed' });
    if (/current_setting\('memory_limit'\)/.test(sql)) return [{ l: this.limit } as unknown as T];
    if (this.failOn?.test(sql)) {
      this.failOn = null;
      this.dead = this.dieOnFailure;
      throw new Error(OOM);
    }
    return this.inner.query<T>(stmt);
  }
  insertArrowIPC(t: string, ipc: Uint8Array) {
    return this.inner.insertArrowIPC(t, ipc);
  }
  cancel() {
    return this.inner.cancel();
  }
  async reset() {
    this.resets++;
    this.dead = false;
    await this.inner.reset();
  }
  close() {
    return this.inner.close();
  }
}

function csv(rows: number, prefix = 'u'): Uint8Array {
  const lines = ['user_id,event_time,event,channel'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${prefix}${i % 50},2024-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,${['site_visit', 'signup', 'purchase'][i % 3]},email`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const MAPPING = { columns: { user: 'user_id', time: 'event_time', event: 'event' }, time_format: 'auto', stages: [] };

let inner: NodeEngine;
beforeAll(async () => {
  inner = await NodeEngine.create();
});
afterAll(async () => inner.close());

/** A workspace on an engine that reports `limit` (read once, when the workspace is made). */
async function fresh(limit?: string): Promise<{ ws: Session; engine: Limited }> {
  await inner.reset();
  const engine = new Limited(inner);
  if (limit !== undefined) engine.limit = limit;
  return { ws: new Session(engine), engine };
}

async function rawObjects(): Promise<string[]> {
  const rows = await inner.query<{ n: string }>(
    raw("SELECT table_name AS n FROM duckdb_tables() WHERE starts_with(table_name, 'raw_') UNION ALL SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, 'raw_') ORDER BY 1")
  );
  return rows.map((r) => r.n);
}

describe('Session: files too big for the engine', () => {
  it('refuses a CSV by its size before reading it', async () => {
    const { ws } = await fresh('1.0 MiB');
    const data = csv(10_000); // about 460 KB: at least 1.4 MB in the engine
    await expect(ws.add([{ name: 'big.csv', data }])).rejects.toThrow(/^big\.csv is too big for this browser tab: \d+ KB of text needs at least 1 MB .* may use 1 MB here/);
    expect(ws.files).toHaveLength(0);
    expect(await rawObjects()).toEqual([]);
  });

  it('refuses a 1 GB file of any name before a byte of it is read, on the page and on the command line', async () => {
    // A Blob that fails every read: the refusal must come from its size alone.
    class Unreadable extends Blob {
      reads = 0;
      constructor(private claimed: number) {
        super([]);
      }
      override get size() {
        return this.claimed;
      }
      override slice(): Blob {
        this.reads++;
        throw new Error('read');
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        this.reads++;
        throw new Error('read');
      }
      override stream(): ReturnType<Blob['stream']> {
        this.reads++;
        throw new Error('read');
      }
    }
    for (const [name, place] of [['export.csv', 'page'], ['export.csv.gz', 'command line'], ['export.parquet', 'page'], ['export.txt', 'command line']] as const) {
      await inner.reset();
      const ws = new Session(new Limited(inner), place);
      const data = new Unreadable(1e9);
      const err = await ws.add([{ name, data }]).then(
        () => null,
        (e: Error) => e
      );
      expect(err?.name, name).toBe('ImportError');
      expect(err?.message).toContain(`${name} is too big for ${place === 'page' ? 'this browser tab' : 'the command line'}: 1000 MB of`);
      expect(err?.message).toContain('which may use 3.1 GiB here');
      expect(data.reads, name).toBe(0);
    }
  });

  it('refuses by rows × columns after the import, drops what it read, and keeps the files before', async () => {
    const { ws } = await fresh('600 KB');
    await ws.add([{ name: 'small.csv', data: csv(100) }]); // 100 × 236 bytes estimated
    const big = csv(3000); // 138 KB of text (×3 fits), 3000 × 4 columns ≈ 708 KB estimated: does not
    const err = await ws.add([{ name: 'big.csv', data: big }]).then(
      () => null,
      (e: Error) => e
    );
    expect(err?.name).toBe('ImportError');
    expect(err?.message).toMatch(/^big\.csv is too big for this browser tab: 3,000 rows × 4 columns together with the file already loaded need about 732 KB .* may use 600 KB here \(about 2,4\d\d rows of this file would fit\)/);
    expect(ws.files.map((f) => f.file)).toEqual(['small.csv']);
    expect(await rawObjects()).toEqual(['raw_0', 'raw_0__data']);
    await ws.build(MAPPING);
    expect((await ws.overview()).events).toBe(100);
  });
});

describe('Session: the engine runs out of memory', () => {
  it('while building: a clear message, no events, the same files build again', async () => {
    const { ws, engine } = await fresh();
    await ws.add([{ name: 'a.csv', data: csv(300) }]);
    engine.failOn = /CREATE TABLE events/;
    const err = await ws.build(MAPPING).then(
      () => null,
      (e: Error) => e
    );
    expect(err?.name).toBe('OutOfMemory');
    expect(err?.message).toMatch(/^Not enough memory: building the journey from these files needs more than the analysis engine in this browser tab may use \(3\.1 GiB\)\. The engine is usable again/);
    expect(ws.schema).toBeNull();
    expect(engine.resets).toBe(0); // DuckDB stayed usable: nothing to rebuild
    await ws.build(MAPPING);
    expect((await ws.overview()).events).toBe(300);
  });

  it('in an analysis, with the engine dead afterwards: it is rebuilt with the files and events, the analysis explained', async () => {
    const { ws, engine } = await fresh();
    await ws.add([{ name: 'a.csv', data: csv(300) }]);
    await ws.build(MAPPING);
    engine.failOn = /site_visit/;
    engine.dieOnFailure = true;
    const funnel = { version: 1 as const, ...MAPPING, analysis: { kind: 'funnel' as const, steps: [{ event: 'site_visit' }, { event: 'purchase' }], window: { value: 7, unit: 'day' as const } } };
    const err = await ws.run(funnel as never).then(
      () => null,
      (e: Error) => e
    );
    expect(err?.name).toBe('OutOfMemory');
    expect(err?.message).toMatch(/^Not enough memory: this funnel analysis needs more than .* \(3\.1 GiB\)\. The engine is usable again and what was loaded before is still there\. Narrow it/);
    expect(engine.resets).toBe(1);
    expect(ws.files.map((f) => f.file)).toEqual(['a.csv']);
    expect((await ws.overview()).events).toBe(300);
    expect(await ws.run(funnel as never)).toBeTruthy();
  });

  it('while reading a file, with the engine dead afterwards: the file is refused, the earlier one and its events come back', async () => {
    const { ws, engine } = await fresh();
    await ws.add([{ name: 'a.csv', data: csv(300) }]);
    await ws.build(MAPPING);
    engine.failOn = /CREATE OR REPLACE TABLE "raw_1__data" AS SELECT \* FROM read_csv/;
    engine.dieOnFailure = true;
    const err = await ws.add([{ name: 'b.csv', data: csv(200, 'v') }]).then(
      () => null,
      (e: Error) => e
    );
    expect(err?.name).toBe('ImportError');
    expect(err?.message).toMatch(/^Not enough memory: reading b\.csv needs more than .* \(3\.1 GiB\)\. The engine is usable again/);
    expect(engine.resets).toBe(1);
    expect(ws.files.map((f) => f.file)).toEqual(['a.csv']);
    expect((await ws.overview()).events).toBe(300);
    expect(await rawObjects()).toEqual(['raw_0', 'raw_0__data']);
  });
});

describe('Session: plain or compressed tables', () => {
  const databases = async () =>
    (await inner.query<{ d: string; n: string }>(raw("SELECT database_name AS d, table_name AS n FROM duckdb_tables() ORDER BY n"))).map((r) => `${r.d}.${r.n}`);

  it('small inputs stay in plain tables', async () => {
    const { ws } = await fresh();
    await ws.add([{ name: 'a.csv', data: csv(300) }]);
    await ws.build(MAPPING);
    expect(await databases()).toEqual(['memory.events', 'memory.raw_0__data']);
  });

  it('inputs that need it go compressed; earlier plain files are read again into the compressed store', async () => {
    // 1 MiB: plain while 9 × the text stays under 512 KiB (about 58 KB of CSV).
    const { ws, engine } = await fresh('1.0 MiB');
    await ws.add([{ name: 'a.csv', data: csv(600) }]); // 24 KB
    await ws.build(MAPPING);
    expect(await databases()).toEqual(['memory.events', 'memory.raw_0__data']);
    expect(engine.resets).toBe(0);
    await ws.add([{ name: 'b.csv', data: csv(900, 'v') }]); // 36 KB more: 60 KB in all
    expect(engine.resets).toBe(1);
    expect(ws.files.map((f) => [f.file, f.rows])).toEqual([['a.csv', 600], ['b.csv', 900]]);
    // The earlier file and its events came back, compressed; the new file joins them.
    expect(await databases()).toEqual(['journeys.events', 'journeys.raw_0__data', 'journeys.raw_1__data']);
    expect((await ws.overview()).events).toBe(600);
    await ws.build(MAPPING);
    expect((await ws.overview()).events).toBe(1500);
    // Once compressed, always: a later file goes there without another restart.
    await ws.add([{ name: 'c.csv', data: csv(10, 'w') }]);
    expect(engine.resets).toBe(1);
    expect(await databases()).toContain('journeys.raw_2__data');
  });

  it('needsCompression: plain tables of the inputs in at most half the limit', () => {
    const GiB = 1024 ** 3;
    expect(needsCompression([{ name: 'journeys-1m.csv', bytes: 69e6 }], 3.1 * GiB)).toBe(false);
    expect(needsCompression([{ name: 'journeys-10m.csv', bytes: 689e6 }], 3.1 * GiB)).toBe(true);
    expect(needsCompression([{ name: 'a.csv', bytes: 100e6 }, { name: 'b.csv', bytes: 100e6 }], 3.1 * GiB)).toBe(true);
    // Packed inputs count as ten times their size; an unknown limit always compresses.
    expect(needsCompression([{ name: 'events.parquet', bytes: 30e6 }], 3.1 * GiB)).toBe(true);
    expect(needsCompression([{ name: 'events.csv.gz', bytes: 10e6 }], 3.1 * GiB)).toBe(false);
    expect(needsCompression([{ name: 'tiny.csv', bytes: 10 }], null)).toBe(true);
  });
});
