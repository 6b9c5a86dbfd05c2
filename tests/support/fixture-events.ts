import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The hand-worked contract fixtures (tests/fixtures/funnel/*.json, tests/fixtures/retention/*.json)
 * and the SQL that turns one into the `events` table. The statement is plain text (no engine
 * import), so the Node suites run it on the NodeEngine and the browser suite sends the very same
 * text to the page's BrowserEngine: one suite, two environments (STYLE.md 5).
 */
/** A run's spec as the JSON has it; a suite names its own spec type (Spec, PathsSpec, …). */
export type FixtureSpec = { analysis: { kind: string } } & Record<string, unknown>;

export interface FixtureRun<S = FixtureSpec> {
  why: string;
  spec: S;
  expected: unknown;
}

export interface Fixture<S = FixtureSpec> {
  file: string;
  name: string;
  columns: string[];
  rows: unknown[][];
  runs: FixtureRun<S>[];
}

export interface EventsTable {
  /** `CREATE OR REPLACE TABLE events AS …` */
  sql: string;
  /** Column → DuckDB type: the schema the analyses are given. */
  schema: Record<string, string>;
}

/** The canonical `events` columns (src/lib/sql/columns.ts), written again here on purpose. */
export const CANONICAL_TYPES: Record<string, string> = {
  row_id: 'BIGINT', file: 'VARCHAR', line: 'BIGINT', user_id: 'VARCHAR', ts: 'TIMESTAMP', event: 'VARCHAR',
  stage: 'VARCHAR', channel: 'VARCHAR', campaign: 'VARCHAR', revenue: 'DOUBLE', order_id: 'VARCHAR', score: 'DOUBLE'
};

function literal(v: unknown, type: string): string {
  if (v === null || v === undefined) return `NULL::${type}`;
  if (typeof v === 'number') return `${v}::${type}`;
  return `'${String(v).replaceAll("'", "''")}'::${type}`;
}

/**
 * Only `row_id` (the row's position, input order) and the fixture's own columns: the funnel suites
 * check that a spec naming any other column is an error.
 */
export function listedEventsTable(columns: string[], rows: unknown[][]): EventsTable {
  const type = (c: string) => CANONICAL_TYPES[c] ?? 'VARCHAR';
  const values = rows.map((r, i) => `(${i + 1}::BIGINT, ${r.map((v, j) => literal(v, type(columns[j]))).join(', ')})`);
  return {
    sql: `CREATE OR REPLACE TABLE events AS SELECT * FROM (VALUES ${values.join(', ')}) t(row_id, ${columns.join(', ')})`,
    schema: Object.fromEntries([['row_id', 'BIGINT'], ...columns.map((c) => [c, type(c)])])
  };
}

/**
 * Every canonical column; those the fixture does not name are NULL. `line` is the physical line of
 * a CSV with a header (position + 1).
 */
export function canonicalEventsTable(columns: string[], rows: unknown[][]): EventsTable {
  const names = Object.keys(CANONICAL_TYPES);
  const values = rows.map((r, i) => {
    const cells = names.map((n) => {
      if (n === 'row_id') return `${i + 1}::BIGINT`;
      if (n === 'file') return `'fixture.csv'`;
      if (n === 'line') return `${i + 2}::BIGINT`;
      const j = columns.indexOf(n);
      return literal(j < 0 ? null : r[j], CANONICAL_TYPES[n]);
    });
    return `(${cells.join(', ')})`;
  });
  const select = values.length
    ? `SELECT * FROM (VALUES ${values.join(',\n')}) t(${names.join(', ')})`
    : `SELECT ${names.map((n) => `NULL::${CANONICAL_TYPES[n]} AS ${n}`).join(', ')} LIMIT 0`;
  return { sql: `CREATE OR REPLACE TABLE events AS ${select}`, schema: { ...CANONICAL_TYPES } };
}

const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export type FixtureFolder = 'funnel' | 'retention' | 'satisfaction' | 'experiment' | 'kpis' | 'paths' | 'lifecycle' | 'stickiness' | 'engagement';

/**
 * Every fixture of a folder (`funnel`, `retention`, …), runs optionally narrowed to some kinds.
 * `F` is the suite's view of a fixture (its spec type, extra fields such as a KPI fixture's
 * `spend`): the JSON is trusted to match it, as the hand-written files are the contract.
 */
export function loadFixtures<F extends Fixture<unknown> = Fixture>(folder: FixtureFolder, kinds?: string[]): F[] {
  const dir = path.join(fixturesRoot, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Omit<Fixture, 'file'>) }))
    .map((fx) => ({ ...fx, runs: kinds ? fx.runs.filter((r) => kinds.includes(r.spec.analysis.kind)) : fx.runs }))
    .filter((fx) => fx.runs.length > 0) as unknown as F[];
}

/** How each folder's suites build `events`: funnels from the listed columns, the others canonical. */
export function eventsTable(folder: FixtureFolder, fx: Pick<Fixture, 'columns' | 'rows'>): EventsTable {
  return folder === 'funnel' ? listedEventsTable(fx.columns, fx.rows) : canonicalEventsTable(fx.columns, fx.rows);
}
