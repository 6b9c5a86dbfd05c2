import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCrashed, type Engine, type Row } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { Session, type RestartEvent } from '../../src/lib/session/session';
import { DEFAULT_DEADLINE_MS, Supervisor } from '../../src/lib/session/supervisor';
import { guarded } from '../../src/lib/ingest/watchdog';
import { engineMemoryLimit } from '../../src/lib/ingest/capacity';
import { raw, type Fragment } from '../../src/lib/sql/quote';
import type { Spec } from '../../src/lib/schema/types';

/**
 * The session's supervisor on the Node build of DuckDB-WASM, with an engine that can die the two
 * ways the page's worker does: `crash` (the engine reports it: every call fails with
 * EngineCrashed until reset, as browser.ts does after an error event or terminate()) and `hang`
 * (it says nothing: every call waits forever, as duckdb-wasm's calls to a worker ended from
 * outside do). Only reset() brings it back, with an empty database, as a new worker would.
 */
class Mortal implements Engine {
  state: 'alive' | 'crashed' | 'hung' = 'alive';
  /** Dies this way at the start of the n-th query from now (1 = the next one). */
  dieAt: { n: number; how: 'crashed' | 'hung' } | null = null;
  resets = 0;
  failResets = 0;
  constructor(private inner: NodeEngine) {}
  private async gate(): Promise<void> {
    if (this.dieAt && --this.dieAt.n === 0) {
      this.state = this.dieAt.how;
      this.dieAt = null;
    }
    if (this.state === 'crashed') throw new EngineCrashed('its worker was ended');
    if (this.state === 'hung') await new Promise(() => undefined);
  }
  async registerFile(p: string, s: Uint8Array | Blob) {
    await this.gate();
    return this.inner.registerFile(p, s);
  }
  async dropFile(p: string) {
    await this.gate();
    return this.inner.dropFile(p);
  }
  async query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
    await this.gate();
    return this.inner.query<T>(stmt, signal);
  }
  async insertArrowIPC(t: string, ipc: Uint8Array) {
    await this.gate();
    return this.inner.insertArrowIPC(t, ipc);
  }
  async cancel() {
    // A hung worker does not answer this either.
    if (this.state === 'hung') await new Promise(() => undefined);
  }
  async reset() {
    this.resets++;
    if (this.failResets > 0) {
      this.failResets--;
      throw new Error('the new worker did not start');
    }
    this.state = 'alive';
    await this.inner.reset();
  }
  close() {
    return this.inner.close();
  }
}

const CSV = [
  'user,time,event,channel',
  'u1,2024-01-01 10:00:00,view,email',
  'u1,2024-01-01 10:05:00,buy,email',
  'u2,2024-01-01 10:00:00,view,ads',
  'u3,2024-01-02 09:00:00,view,ads',
  'u3,2024-01-02 09:30:00,buy,ads'
].join('\n');
const MAPPING = { columns: { user: 'user', time: 'time', event: 'event' }, time_format: 'auto', stages: [] };
const FUNNEL = { version: 1, ...MAPPING, analysis: { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }] } } as unknown as Spec;
// Hand-worked: 3 users view, u1 and u3 buy (300 s and 1800 s later).
const users = (r: unknown) => (r as { steps: { users: number }[] }).steps.map((s) => s.users);

let inner: NodeEngine;
beforeAll(async () => {
  inner = await NodeEngine.create();
});
afterAll(async () => inner.close());

async function loaded(): Promise<{ ws: Session; engine: Mortal; events: RestartEvent[] }> {
  await inner.reset();
  const engine = new Mortal(inner);
  const ws = new Session(engine, 'page', { deadlineMs: 60_000 });
  const events: RestartEvent[] = [];
  ws.onRestart = (e) => events.push(e);
  await ws.add([{ name: 'e.csv', data: new TextEncoder().encode(CSV) }]);
  await ws.build(MAPPING);
  return { ws, engine, events };
}

describe('a dead engine is rebuilt by the session', () => {
  it('a crash under an analysis: files read again, events rebuilt, the same call answered with the same numbers', async () => {
    const { ws, engine, events } = await loaded();
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
    engine.dieAt = { n: 1, how: 'crashed' };
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
    expect(engine.resets).toBe(1);
    expect(events.map((e) => e.phase)).toEqual(['started', 'done']);
    expect(events[0]).toMatchObject({ reason: 'its worker was ended', files: 1, cancelled: false });
  });

  it('calls pending together share one rebuild, and each gets its answer', async () => {
    const { ws, engine } = await loaded();
    engine.dieAt = { n: 2, how: 'crashed' };
    const got = await Promise.all([ws.run(FUNNEL), ws.run(FUNNEL), ws.overview(), ws.eventNames()]);
    expect(users(got[0])).toEqual([3, 2]);
    expect(users(got[1])).toEqual([3, 2]);
    expect(got[2]).toMatchObject({ events: 5, users: 3 });
    expect(got[3].map((e) => e.event).sort()).toEqual(['buy', 'view']);
    expect(engine.resets).toBe(1);
  });

  it('a crash while a second file is read: the first comes back, the second is read again', async () => {
    const { ws, engine } = await loaded();
    engine.dieAt = { n: 1, how: 'crashed' };
    await ws.add([{ name: 'more.csv', data: new TextEncoder().encode('user,time,event,channel\nu9,2024-01-03 10:00:00,view,ads\n') }]);
    expect(ws.files.map((f) => [f.file, f.rows])).toEqual([['e.csv', 5], ['more.csv', 1]]);
    // The events are those of the last build (one file) until the next build.
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
    await ws.build({ ...MAPPING });
    expect(users(await ws.run(FUNNEL))).toEqual([4, 2]);
    expect(engine.resets).toBe(1);
  });

  it('a worker that never answers is caught by the deadline: the trapped call is explained, not run again; the next one works', async () => {
    const { ws, engine, events } = await loaded();
    // Short only now: loading on a busy machine may take longer than this.
    ws.engine.deadlineMs = 300;
    engine.dieAt = { n: 1, how: 'hung' };
    await expect(ws.run(FUNNEL)).rejects.toThrow(/stopped during this funnel analysis \(it gave no answer within 0 s\) and was restarted with your files/);
    expect(engine.resets).toBe(1);
    expect(events.map((e) => e.phase)).toEqual(['started', 'done']);
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
  });

  it('a rebuild that fails is tried again; after three failures the owner is told and the call fails', async () => {
    const { ws, engine, events } = await loaded();
    engine.failResets = 1;
    engine.dieAt = { n: 1, how: 'crashed' };
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
    expect(engine.resets).toBe(2);
    engine.failResets = 3;
    engine.dieAt = { n: 1, how: 'crashed' };
    await expect(ws.run(FUNNEL)).rejects.toThrow(/the new worker did not start/);
    expect(events.at(-1)).toMatchObject({ phase: 'failed', error: 'the new worker did not start' });
    // The next call starts a new rebuild, which works.
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
  });

  it('cancel ends a call the engine does not stop (a hung worker) within 2 s and leaves the session usable', async () => {
    const { ws, engine, events } = await loaded();
    engine.dieAt = { n: 1, how: 'hung' };
    const running = ws.run(FUNNEL);
    const outcome = running.then(() => 'answered', (e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 50));
    await ws.cancel();
    expect(await outcome).toMatch(/^Cancelled: this funnel analysis was stopped/);
    expect(events[0]).toMatchObject({ cancelled: true });
    expect(users(await ws.run(FUNNEL))).toEqual([3, 2]);
  });

  it('cancel with nothing running rebuilds nothing', async () => {
    const { ws, engine } = await loaded();
    await ws.cancel();
    expect(engine.resets).toBe(0);
  });
});

describe('Supervisor', () => {
  it('refuses calls after a crash until reset, and ends the pending ones at once', async () => {
    await inner.reset();
    const engine = new Mortal(inner);
    const sup = new Supervisor(engine, { deadlineMs: 60_000 });
    engine.state = 'hung';
    const pending = sup.query(raw('SELECT 1')).catch((e: Error) => e.name);
    sup.fail(new EngineCrashed('its worker was ended'));
    expect(await pending).toBe('EngineCrashed');
    await expect(sup.query(raw('SELECT 1'))).rejects.toThrow(/its worker was ended/);
    await sup.reset();
    expect(await sup.query(raw('SELECT 1 AS x'))).toEqual([{ x: 1 }]);
  });

  it('says whether its engine spills, so the memory guard of a browser tab does not refuse files on one that does', async () => {
    expect(new Supervisor(new Mortal(inner)).spills).toBeFalsy();
    const spilling = Object.assign(new Mortal(inner), { spills: true });
    expect(new Supervisor(spilling).spills).toBe(true);
    expect(await engineMemoryLimit(new Supervisor(spilling))).toBeNull();
    expect(await engineMemoryLimit(new Supervisor(new Mortal(inner)))).toBeGreaterThan(0);
  });
});

describe('an engine that spills to disk (native DuckDB) has no deadline', () => {
  /** A call that answers after `ms`, as a long statement over 100M events does (scaled down). */
  class Slow extends Mortal {
    readonly spills = true;
    constructor(
      inner: NodeEngine,
      private ms: number
    ) {
      super(inner);
    }
    override async query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
      await new Promise((r) => setTimeout(r, this.ms));
      return super.query<T>(stmt, signal);
    }
  }

  it('a session over it waits for a call however long it takes, where the page engine would be trapped', async () => {
    await inner.reset();
    const spilling = new Session(new Slow(inner, 150));
    expect(spilling.engine.deadlineMs).toBe(Infinity);
    // Infinity must mean no timer at all: a timer of Infinity ms fires at once.
    expect(await spilling.engine.query(raw('SELECT 7 AS x'))).toEqual([{ x: 7 }]);
    const paged = new Session(new Mortal(inner));
    expect(paged.engine.deadlineMs).toBe(DEFAULT_DEADLINE_MS);
    const short = new Session(new Slow(inner, 150), 'command line', { deadlineMs: 20 });
    await expect(short.engine.query(raw('SELECT 7 AS x'))).rejects.toThrow(/no answer/);
  });
});

describe('guarded import steps', () => {
  it('a step without a time-out (Infinity) runs to its end; a finite one is cut', async () => {
    await inner.reset();
    const wait = (ms: number) => () => new Promise<string>((r) => setTimeout(() => r('done'), ms));
    expect(await guarded(inner, 'e.csv', 'reading', Infinity, undefined, wait(50))).toBe('done');
    await expect(guarded(inner, 'e.csv', 'reading', 10, undefined, wait(200))).rejects.toThrow(/took longer than/);
  });
});
