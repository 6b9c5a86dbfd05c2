import type { Engine, Row } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { ident, raw, sql } from '../../src/lib/sql/quote';

/**
 * Everything a command can leave behind in the engine, as (database, schema, name, kind) rows:
 * tables and views (temp ones included, in database "temp"), macros, sequences, user types and
 * variables. Settings cannot change: the engine's configuration is locked at start.
 */
const LEFTOVERS = raw(`
  SELECT database_name AS db, schema_name AS sch, view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal
  UNION ALL SELECT database_name, schema_name, table_name, 'TABLE' FROM duckdb_tables() WHERE NOT internal
  UNION ALL SELECT database_name, schema_name, function_name, CASE function_type WHEN 'macro' THEN 'MACRO' ELSE 'MACRO TABLE' END
    FROM duckdb_functions() WHERE NOT internal AND function_type IN ('macro', 'table_macro')
  UNION ALL SELECT database_name, schema_name, sequence_name, 'SEQUENCE' FROM duckdb_sequences()
  UNION ALL SELECT database_name, schema_name, type_name, 'TYPE' FROM duckdb_types() WHERE NOT internal
  UNION ALL SELECT NULL, NULL, name, 'VARIABLE' FROM duckdb_variables()`);

/** Views first: a view over a table would otherwise outlive the table it reads. */
const DROP = { VIEW: 'DROP VIEW IF EXISTS', TABLE: 'DROP TABLE IF EXISTS', MACRO: 'DROP MACRO IF EXISTS', 'MACRO TABLE': 'DROP MACRO TABLE IF EXISTS', SEQUENCE: 'DROP SEQUENCE IF EXISTS', TYPE: 'DROP TYPE IF EXISTS' } as const;

interface Leftover extends Row {
  db: string | null;
  sch: string | null;
  name: string;
  kind: keyof typeof DROP | 'VARIABLE';
}

/**
 * One warm NodeEngine lent to one command at a time (starting an engine costs ~2 s, most of a
 * small command's time). The command's close() hands it back in the state of a new engine: the
 * default database in use, every object it made dropped, every file it registered dropped, then
 * checked to be so; if anything is left or fails (a crashed engine), the engine is restarted.
 */
export class EngineLender {
  private warm: Promise<NodeEngine> | undefined;
  private lent = false;

  async borrow(): Promise<Engine> {
    if (this.lent) throw new Error('the warm engine is already lent: commands must run one at a time');
    this.lent = true;
    this.warm ??= NodeEngine.create();
    const engine = await this.warm;
    const files = new Set<string>();
    const giveBack = async () => {
      try {
        await clean(engine, files);
      } catch {
        await engine.reset();
      }
      this.lent = false;
    };
    return {
      registerFile: async (p, source) => {
        files.add(p);
        await engine.registerFile(p, source);
      },
      dropFile: async (p) => {
        files.delete(p);
        await engine.dropFile(p);
      },
      query: (text, signal) => engine.query(text, signal),
      insertArrowIPC: (table, ipc) => engine.insertArrowIPC(table, ipc),
      cancel: () => engine.cancel(),
      reset: () => engine.reset(),
      close: giveBack
    };
  }

  async close(): Promise<void> {
    if (this.warm) await (await this.warm).close();
  }
}

async function clean(engine: NodeEngine, files: Set<string>): Promise<void> {
  await engine.query(sql`USE memory`);
  for (const p of files) await engine.dropFile(p);
  const left = await engine.query<Leftover>(LEFTOVERS);
  for (const kind of Object.keys(DROP) as (keyof typeof DROP)[]) {
    for (const o of left.filter((x) => x.kind === kind)) {
      await engine.query(sql`${raw(DROP[kind])} ${ident(o.db!)}.${ident(o.sch!)}.${ident(o.name)}`);
    }
  }
  const still = await engine.query<Leftover>(LEFTOVERS);
  const [{ db }] = await engine.query<{ db: string }>(sql`SELECT current_database() AS db, current_schema() AS sch`);
  if (still.length > 0 || db !== 'memory') throw new Error(`not clean: ${JSON.stringify(still)} in ${db}`);
}
