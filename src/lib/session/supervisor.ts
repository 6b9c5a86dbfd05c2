import { EngineCrashed, type Engine, type Row } from '../engine/engine';
import type { Fragment } from '../sql/quote';

/**
 * How long one engine call may take before the engine counts as trapped (5 minutes). Generous: a
 * 1 GB CSV is read in one statement in 1–3 minutes. A worker that died without a word (the browser
 * ended it, a trap that never reported) leaves its calls unanswered forever (duckdb-wasm drops
 * them); this deadline is what ends the wait.
 */
export const DEFAULT_DEADLINE_MS = 5 * 60_000;

/**
 * Cancel stops a query within 2 s: DuckDB's interrupt is waited for at most CANCEL_ASK_MS, then the
 * running call gets CANCEL_GRACE_MS to end before its worker is ended (some statements ignore it).
 */
export const CANCEL_ASK_MS = 400;
export const CANCEL_GRACE_MS = 1_200;

export interface SupervisorOptions {
  /** The deadline of each engine call, in milliseconds (DEFAULT_DEADLINE_MS when not given). */
  deadlineMs?: number;
}

/**
 * The engine with a deadline on every call and a way to end every pending call at once. It does
 * not rebuild anything itself: the session does (Session.recover), once it learns of the crash
 * from a call that failed with EngineCrashed.
 *
 * A call fails with EngineCrashed when the engine reports its worker dead (browser.ts), when it runs
 * past the deadline (then it is trapped: `retry` false, running it again would trap again, and every
 * other pending call fails too since it queues behind the trapped one), or when `fail` ends it.
 * After a failure every new call fails at once until `reset` has made a fresh engine.
 */
export class Supervisor implements Engine {
  deadlineMs: number;
  private pending = new Set<(e: Error) => void>();
  private dead: EngineCrashed | null = null;

  constructor(
    readonly inner: Engine,
    options: SupervisorOptions = {}
  ) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  /** The engine's own: without it the memory guard for a browser tab refused big files natively. */
  get spills(): boolean | undefined {
    return this.inner.spills;
  }

  /**
   * Ends every pending call and refuses new ones until `reset` (the worker is gone or trapped): the
   * oldest pending call (the one the engine was running: calls run one at a time, in order) with
   * `first`, the others with `rest`.
   */
  fail(first: EngineCrashed, rest: EngineCrashed = first): void {
    this.dead ??= rest;
    const [running, ...queued] = [...this.pending];
    running?.(first);
    for (const stop of queued) stop(rest);
  }

  /** Resolves true once the call the engine runs now (if any) has ended, false when `ms` passed first. */
  async finished(ms: number): Promise<boolean> {
    const [running] = [...this.pending];
    const until = Date.now() + ms;
    while (running && this.pending.has(running) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return !running || !this.pending.has(running);
  }

  private guard<T>(call: () => Promise<T>, deadline = this.deadlineMs): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(stop);
      };
      const stop = (e: Error) => {
        settle();
        reject(e);
      };
      this.pending.add(stop);
      timer = setTimeout(() => {
        // This call is the trapped one: it is not tried again. The others queued behind it are.
        this.dead ??= new EngineCrashed('a query gave no answer in time');
        stop(new EngineCrashed(`it gave no answer within ${Math.round(deadline / 1000)} s`, false));
        this.fail(new EngineCrashed('a query before this one gave no answer in time'));
      }, deadline);
      let started: Promise<T>;
      try {
        started = call();
      } catch (e) {
        started = Promise.reject(e);
      }
      started.then(
        (v) => {
          settle();
          resolve(v);
        },
        (e: unknown) => {
          // The engine's own crash report (a dead worker) ends every other pending call too.
          if ((e as Error)?.name === 'EngineCrashed') this.fail(e as EngineCrashed);
          stop(e as Error);
        }
      );
    });
  }

  registerFile(path: string, source: Uint8Array | Blob): Promise<void> {
    return this.guard(() => this.inner.registerFile(path, source));
  }

  dropFile(path: string): Promise<void> {
    return this.guard(() => this.inner.dropFile(path));
  }

  query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
    return this.guard(() => this.inner.query<T>(stmt, signal));
  }

  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return this.guard(() => this.inner.insertArrowIPC(table, ipc));
  }

  /** Asks the engine to stop its query; a dead or trapped worker does not answer, so it is not awaited long. */
  async cancel(): Promise<void> {
    if (this.dead) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.inner.cancel().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, CANCEL_ASK_MS)))]);
    clearTimeout(timer);
  }

  /** A fresh engine (the old worker ended): calls work again. */
  async reset(): Promise<void> {
    this.fail(this.dead ?? new EngineCrashed('it was restarted'));
    await this.inner.reset();
    this.dead = null;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
