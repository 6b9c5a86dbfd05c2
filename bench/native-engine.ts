import { openAsBlob } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import type { Engine, Row } from '../src/lib/engine/engine';
import { plain, STARTUP_SQL } from '../src/lib/engine/engine';
import { ident, join, lit, raw, type Fragment } from '../src/lib/sql/quote';

/**
 * The app's `Engine` over native DuckDB (@duckdb/node-api), so that the app's own importer, SQL
 * builders and analyses run unchanged on the native build: the benchmark's ceiling and the smoke
 * test's second opinion.
 *
 * The app reads files under virtual paths (`/import/0-x.csv`) that exist only in DuckDB-WASM's
 * file table. Natively, `registerFile` maps such a path to a real file and `query` replaces the
 * path's SQL literal (exactly `lit(path)`, as the importer writes it) by the real path's literal.
 * A Blob made by `fileBlob()` maps to the file it was opened from (no copy, the benchmark's
 * 600 MB file stays where it is); any other bytes are written to a temporary folder once.
 */
const origins = new WeakMap<Blob, string>();

/** A Blob backed by the file at `p` (Node's openAsBlob) that NativeEngine reads in place. */
export async function fileBlob(p: string): Promise<Blob> {
  const blob = await openAsBlob(p);
  origins.set(blob, path.resolve(p));
  return blob;
}

export interface NativeOptions {
  /** DuckDB `threads` setting; default: DuckDB's own (all cores). */
  threads?: number;
  /** Records each statement's time (for finding where an import or analysis spends it). */
  log?: { sql: string; ms: number }[];
}

export class NativeEngine implements Engine {
  private files = new Map<string, string>();
  private tmp: string | null = null;
  private constructor(private instance: DuckDBInstance, private conn: DuckDBConnection, private opts: NativeOptions) {}

  static async create(opts: NativeOptions = {}): Promise<NativeEngine> {
    const { instance, conn } = await open(opts);
    return new NativeEngine(instance, conn, opts);
  }

  async registerFile(p: string, source: Uint8Array | Blob): Promise<void> {
    const origin = source instanceof Blob ? origins.get(source) : undefined;
    if (origin) {
      this.files.set(p, origin);
      return;
    }
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
    this.tmp ??= mkdtempSync(path.join(tmpdir(), 'journeyscope-native-'));
    const real = path.join(this.tmp, String(this.files.size) + '-' + path.basename(p));
    writeFileSync(real, bytes);
    this.files.set(p, real);
  }

  async dropFile(p: string): Promise<void> {
    this.files.delete(p);
  }

  /** The SQL with every registered virtual path's literal replaced by the real path's. */
  resolve(sqlText: string): string {
    let out = sqlText;
    for (const [virtual, real] of this.files) out = out.split(lit(virtual).text).join(lit(real).text);
    return out;
  }

  async query<T extends Row = Row>(stmt: Fragment): Promise<T[]> {
    const sqlText = stmt.text;
    const extracted = await this.conn.extractStatements(this.resolve(sqlText));
    const n = extracted.count;
    let rows: T[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const prepared = await extracted.prepare(i);
      const reader = await prepared.runAndReadAll();
      this.opts.log?.push({ sql: n > 1 ? `[${i + 1}/${n}] ${sqlText}` : sqlText, ms: performance.now() - t });
      if (i === n - 1) rows = reader.getRowObjectsJS().map((r) => plainRow(r) as T);
    }
    return rows;
  }

  async insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    // Only small side tables arrive this way in the benchmark (line gaps); rows go in as literals.
    const t = tableFromIPC(ipc);
    const names = t.schema.fields.map((f) => f.name);
    const types = t.schema.fields.map((f) => arrowToDuck(String(f.type)));
    await this.query(raw(`CREATE OR REPLACE TABLE ${ident(table).text} (${names.map((n, i) => `${ident(n).text} ${types[i]}`).join(', ')})`));
    const rows = t.toArray().map((r) => (r as { toJSON(): Record<string, unknown> }).toJSON());
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => `(${join(names.map((n) => lit(plain(r[n]) as never))).text})`);
      if (chunk.length) await this.query(raw(`INSERT INTO ${ident(table).text} VALUES ${chunk.join(', ')}`));
    }
  }

  async insertJSON(table: string, p: string): Promise<void> {
    await this.query(raw(`CREATE OR REPLACE TABLE ${ident(table).text} AS SELECT * FROM read_json(${lit(p).text}, format='array')`));
  }

  async cancel(): Promise<void> {
    this.conn.interrupt();
  }

  async reset(): Promise<void> {
    this.conn.closeSync();
    const { instance, conn } = await open(this.opts);
    this.instance = instance;
    this.conn = conn;
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

async function open(opts: NativeOptions): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', opts.threads ? { threads: String(opts.threads) } : {});
  const conn = await instance.connect();
  for (const s of STARTUP_SQL) await conn.run(s);
  return { instance, conn };
}

/**
 * Values in the shape DuckDB-WASM's Arrow results take after `plain()`: TIMESTAMP and DATE as
 * epoch milliseconds (Arrow gives numbers, node-api gives Date objects), 64-bit integers as
 * numbers when exact.
 */
function plainValue(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object' && !(typeof (v as { toJSON?: unknown }).toJSON === 'function')) {
    return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, plainValue(x)]));
  }
  return plain(v);
}

function plainRow(r: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)]));
}

function arrowToDuck(t: string): string {
  if (/^Float/.test(t)) return 'DOUBLE';
  if (/^Int64|^Uint64/.test(t)) return 'BIGINT';
  if (/^U?Int/.test(t)) return 'INTEGER';
  if (/^Bool/.test(t)) return 'BOOLEAN';
  return 'VARCHAR';
}
