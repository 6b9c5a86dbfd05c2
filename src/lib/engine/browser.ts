import * as duckdb from '@duckdb/duckdb-wasm';
import * as arrow from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Fragment } from '../sql/quote';
import type { Engine, Row } from './engine';
import { abortError, EngineCrashed, LOCKDOWN_SQL, STARTUP_SQL, tableRows } from './engine';
import { refusal, refusedStatement } from './statement-guard';

// Thrown for every pending and later call when the worker died (trap, out of memory, ended).
export { EngineCrashed };

interface Instance {
  worker: Worker;
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  crashed?: EngineCrashed;
  /** Rejects pending calls when the worker dies: 1.32.0 drops them silently otherwise. */
  onCrash: Set<(e: EngineCrashed) => void>;
}

// Only the exception-handling bundle ships: every browser the app supports has wasm exceptions,
// and the mvp bundle would add another 38 MB to the build.
async function start(): Promise<Instance> {
  mark('engine:start');
  const worker = new Worker(ehWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(ehWasm);
  mark('engine:instantiated');
  await db.open({});
  const conn = await db.connect();
  mark('engine:open');
  // One round trip to the worker: DuckDB runs the statements in order, so the lock still comes last.
  await conn.query([...STARTUP_SQL, ...LOCKDOWN_SQL].join(';\n'));
  mark('engine:settings');
  const inst: Instance = { worker, db, conn, onCrash: new Set() };
  const died = (cause: string) => {
    inst.crashed ??= new EngineCrashed(cause);
    for (const reject of inst.onCrash) reject(inst.crashed);
  };
  worker.addEventListener('error', (ev) => died(ev.message || 'worker error'));
  worker.addEventListener('messageerror', () => died('its worker sent an unreadable message'));
  // A worker ended by terminate() says nothing, and duckdb-wasm's calls to it never settle: ending
  // it through this handle marks it dead at once. A worker the browser ends by itself is caught by
  // the session's deadline (src/lib/session/supervisor.ts).
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    terminate();
    died('its worker was ended');
  };
  return inst;
}

/** DuckDB-WASM in a Web Worker. Calls are serialised: one connection, one query at a time. */
export class BrowserEngine implements Engine {
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private inst: Instance) {}

  static async create(): Promise<BrowserEngine> {
    return new BrowserEngine(await start());
  }

  get crashed(): boolean {
    return this.inst.crashed !== undefined;
  }

  /** The Web Worker DuckDB runs in now (the crash tests end it; a rebuild makes a new one). */
  get worker(): Worker {
    return this.inst.worker;
  }

  private call<T>(fn: (i: Instance) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const inst = this.inst;
      if (inst.crashed) throw inst.crashed;
      return await new Promise<T>((resolve, reject) => {
        inst.onCrash.add(reject);
        fn(inst)
          .then(resolve, (e: unknown) => reject(trapped(inst, e)))
          .finally(() => inst.onCrash.delete(reject));
      });
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  registerFile(path: string, source: Uint8Array | Blob): Promise<void> {
    return this.call(async ({ db }) => {
      // registerFileBuffer transfers (detaches) the buffer to the worker: hand it a copy so the
      // caller keeps its bytes, which a rebuilt engine after a crash must read again.
      if (source instanceof Uint8Array) await db.registerFileBuffer(path, source.slice());
      else await db.registerFileHandle(path, source, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    });
  }

  dropFile(path: string): Promise<void> {
    return this.call(async ({ db }) => {
      await db.dropFile(path);
    });
  }

  query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
    return this.call(async ({ db, conn }) => {
      // Checked when its turn comes, not when queued: a superseded view's query never starts.
      if (signal?.aborted) throw abortError();
      const refused = refusedStatement(stmt.text, await db.tokenize(stmt.text));
      if (refused) throw refusal(refused);
      const stop = () => void conn.cancelSent().catch(() => false);
      signal?.addEventListener('abort', stop);
      try {
        // send() rather than query() so that cancel() can stop it.
        const reader = await conn.send(stmt.text);
        const batches: arrow.RecordBatch[] = [];
        for await (const b of reader) batches.push(b);
        if (signal?.aborted) throw abortError();
        return tableRows<T>(new arrow.Table(batches));
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    });
  }

  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return this.call(({ conn }) => conn.insertArrowFromIPCStream(ipc, { name: table, create: true }));
  }

  async cancel(): Promise<void> {
    // Not queued: it must reach the worker while a query runs. A dead worker would never answer.
    if (this.inst.crashed) return;
    await this.inst.conn.cancelSent().catch(() => false);
  }

  async reset(): Promise<void> {
    const old = this.inst;
    // Its pending calls fail (EngineCrashed) rather than wait forever.
    old.worker.terminate();
    this.queue = Promise.resolve();
    this.inst = await start();
  }

  async close(): Promise<void> {
    if (this.inst.crashed) return;
    await this.inst.db.terminate().catch(() => undefined);
  }
}

/** Start-up steps on the page's timeline (the bench reads them: bench/fixed-costs.ts). */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

// A trap leaves the wasm instance unusable (duckdb-wasm #1954): mark it so the app rebuilds it.
function trapped(inst: Instance, e: unknown): unknown {
  const msg = String((e as Error)?.message ?? e);
  if (/memory access out of bounds|out of memory|unreachable|RuntimeError/i.test(msg)) {
    inst.crashed = new EngineCrashed(msg.split('\n')[0]);
    return inst.crashed;
  }
  return e;
}
