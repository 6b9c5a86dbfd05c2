import { createRequire } from 'node:module';
import path from 'node:path';
import type { Fragment } from '../sql/quote';
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
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), noDisk(duckdb));
  await db.instantiate(() => {});
  db.open({});
  const conn = db.connect();
  for (const s of [...STARTUP_SQL, ...LOCKDOWN_SQL]) conn.query(s);
  return { db, conn };
}

/**
 * The Node runtime with the disk taken away. This engine reads only buffers it is given
 * (registerFile), but DuckDB's allowed_directories lets a statement write inside /import/ too,
 * and the Node runtime opens any other path there on the real disk, creating it (O_CREAT): a
 * file opened from disk, a directory made or removed, a disk glob are refused here, below SQL,
 * whatever statement asks (the statement guard is the wall above).
 */
function noDisk(duckdb: Blocking): typeof duckdb.NODE_RUNTIME {
  const base = duckdb.NODE_RUNTIME;
  const refuse = (mod: Parameters<typeof base.openFile>[0]) => {
    duckdb.failWith(mod, 'Permission Error: this engine reads only the files given to it, never the disk');
    return 0;
  };
  return {
    ...base,
    openFile: (mod, fileId, flags) =>
      base.resolveFileInfo(mod, fileId)?.dataProtocol === duckdb.DuckDBDataProtocol.NODE_FS ? refuse(mod) : base.openFile(mod, fileId, flags),
    createDirectory: (mod) => refuse(mod),
    removeDirectory: (mod) => refuse(mod),
    removeFile: (mod) => refuse(mod),
    glob: () => 0
  };
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

  async query<T extends Row = Row>(stmt: Fragment, signal?: AbortSignal): Promise<T[]> {
    if (signal?.aborted) throw abortError();
    const refused = refusedStatement(stmt.text, this.db.tokenize(stmt.text));
    if (refused) throw refusal(refused);
    return tableRows<T>(this.conn.query(stmt.text));
  }

  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
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
