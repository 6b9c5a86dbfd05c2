import { createRequire } from 'node:module';
import path from 'node:path';
import type { Engine, Row } from './engine';
import { abortError, LOCKDOWN_SQL, STARTUP_SQL, tableRows } from './engine';
import { refusal, refusedStatement } from './statement-guard';

// The blocking Node build of the same DuckDB-WASM the page runs: the command line and the tests
// get the browser's numbers, not a native build's.
const require = createRequire(import.meta.url);
type Blocking = typeof import('@duckdb/duckdb-wasm/blocking');

async function open(): Promise<{ db: any; conn: any }> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as Blocking;
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') }
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  const conn = db.connect();
  for (const s of [...STARTUP_SQL, ...LOCKDOWN_SQL]) conn.query(s);
  return { db, conn };
}

export class NodeEngine implements Engine {
  private constructor(private db: any, private conn: any) {}

  static async create(): Promise<NodeEngine> {
    const { db, conn } = await open();
    return new NodeEngine(db, conn);
  }

  async registerFile(p: string, source: Uint8Array | Blob): Promise<void> {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
    this.db.registerFileBuffer(p, bytes);
  }

  async dropFile(p: string): Promise<void> {
    this.db.dropFile(p);
  }

  async query<T extends Row = Row>(sql: string, signal?: AbortSignal): Promise<T[]> {
    if (signal?.aborted) throw abortError();
    const refused = refusedStatement(sql, this.db.tokenize(sql));
    if (refused) throw refusal(refused);
    return tableRows<T>(this.conn.query(sql));
  }

  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }

  async insertJSON(table: string, p: string): Promise<void> {
    this.conn.insertJSONFromPath(p, { name: table, create: true, shape: 'row-array' as never });
  }

  async cancel(): Promise<void> {
    // The blocking build runs each query to completion on this thread: nothing can be pending.
  }

  async reset(): Promise<void> {
    try { this.conn.close(); } catch { /* already gone */ }
    const { db, conn } = await open();
    this.db = db;
    this.conn = conn;
  }

  async close(): Promise<void> {
    try { this.conn.close(); } catch { /* already gone */ }
  }
}
