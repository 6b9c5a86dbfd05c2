import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Spec } from '../schema/types';
import { Session } from '../session/session';
import type { Fragment } from '../sql/quote';
import type { Engine } from './engine';
import { NodeEngine } from './node';
import { refusedStatement, type Tokens } from './statement-guard';

/**
 * The statement guard on its own (the lockdown's settings hold most escapes even without it, so
 * tests/engine/lockdown.test.ts barely notices it gone). Tokens come from DuckDB's own tokenizer,
 * as in both engines. Refused: every kind of statement the guard exists for, written the ways a
 * text might slip one past a first-word check. Let through: words that only look like those
 * statements (in strings, quoted names, comments, later clauses) and every statement a real
 * session runs through the app's builders.
 */
let engine: NodeEngine;
let tokenize: (text: string) => Tokens;
beforeAll(async () => {
  engine = await NodeEngine.create();
  const db = (engine as unknown as { db: { tokenize(text: string): Tokens } }).db;
  tokenize = (text) => db.tokenize(text);
});
afterAll(() => engine?.close());

const guard = (text: string) => refusedStatement(text, tokenize(text));

/** [statement, the refused word the guard names]. */
const REFUSED: [string, string][] = [
  // Every kind, plainly.
  ["ATTACH '/import/new.db' AS n", 'ATTACH'],
  ['DETACH n', 'DETACH'],
  ['DETACH DATABASE n', 'DETACH'],
  ["COPY (SELECT 1 AS x) TO '/import/out.csv'", 'COPY'],
  ["COPY t FROM '/import/x.csv'", 'COPY'],
  ['COPY FROM DATABASE a TO b', 'COPY'],
  ["EXPORT DATABASE '/import/dump'", 'EXPORT'],
  ["IMPORT DATABASE '/import/dump'", 'IMPORT'],
  ['INSTALL httpfs', 'INSTALL'],
  ["INSTALL '/import/x.duckdb_extension'", 'INSTALL'],
  ['FORCE INSTALL httpfs', 'FORCE'],
  ['LOAD httpfs', 'LOAD'],
  ['PRAGMA enable_profiling', 'PRAGMA'],
  ['PRAGMA threads=4', 'PRAGMA'],
  ['SET enable_external_access=true', 'SET'],
  ["SET GLOBAL memory_limit='1GB'", 'SET'],
  ["SET VARIABLE p = '/import/x'", 'SET'],
  ['RESET lock_configuration', 'RESET'],
  ['RESET ALL', 'RESET'],
  ['RESET VARIABLE p', 'RESET'],
  ['CALL enable_profiling()', 'CALL'],
  ["CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", 'SECRET'],
  ['CREATE OR REPLACE PERSISTENT SECRET s (TYPE s3)', 'SECRET'],
  ['CREATE TEMPORARY SECRET s (TYPE s3)', 'SECRET'],
  ['DROP PERSISTENT SECRET s', 'SECRET'],
  // Statements that run another one: EXPLAIN ANALYZE runs what it explains (it wrote the file and
  // changed the setting, measured), PREPARE stores one that EXECUTE runs.
  ["EXPLAIN ANALYZE COPY (SELECT 1) TO '/import/out.csv'", 'EXPLAIN'],
  ['EXPLAIN ANALYZE PRAGMA enable_profiling', 'EXPLAIN'],
  ['EXPLAIN ANALYZE SET VARIABLE v = 1', 'EXPLAIN'],
  ["PREPARE p AS COPY (SELECT 1) TO '/import/out.csv'", 'PREPARE'],
  ['EXECUTE p', 'EXECUTE'],
  // Case.
  ["attach '/import/new.db'", 'ATTACH'],
  ["CoPy (SELECT 1) TO '/import/out.csv'", 'COPY'],
  ['FoRcE InStAlL httpfs', 'FORCE'],
  ["explain analyze copy (select 1) to '/import/out.csv'", 'EXPLAIN'],
  // Comments, whitespace and semicolons before it.
  ["/* x */ attach '/import/new.db'", 'ATTACH'],
  ["-- a comment\nATTACH '/import/new.db'", 'ATTACH'],
  ["\n\t   ATTACH '/import/new.db'", 'ATTACH'],
  ["; ATTACH '/import/new.db'", 'ATTACH'],
  ["  ;;\n; COPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  // A second (or third) statement in the same text.
  ["SELECT 1; COPY (SELECT 1 AS x) TO '/import/out.csv'", 'COPY'],
  ["SELECT 1 ;COPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  ['SELECT 1; SELECT 2;\n\n  pragma enable_profiling', 'PRAGMA'],
  ["SELECT 1; /* c */ COPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  ["SELECT 1; -- c\nCOPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  ["SELECT 1 /* ; */ ; ATTACH '/import/new.db'", 'ATTACH'],
  ["SELECT 'a;' ; COPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  // Behind a CTE or parentheses, as the statement after them.
  ["(SELECT 1); COPY (SELECT 1) TO '/import/out.csv'", 'COPY'],
  ["WITH q AS (SELECT 1) SELECT * FROM q; ATTACH '/import/new.db'", 'ATTACH'],
  ["CREATE VIEW v AS (SELECT 1); LOAD httpfs", 'LOAD'],
  // SECRET anywhere, even as an unquoted name: the builders always quote names (see below).
  ['SELECT 1 AS secret', 'SECRET']
];

/** Texts holding the words without being such statements. */
const HARMLESS: string[] = [
  "SELECT 'ATTACH ''/import/x.db''; COPY t TO ''/import/y''' AS a",
  "SELECT 'it''s; COPY t TO ''/import/y'''",
  "SELECT $$; ATTACH '/import/x.db'$$",
  "SELECT $tag$; PRAGMA enable_profiling$tag$",
  "SELECT E'\\'; COPY'",
  'SELECT 1 AS "COPY", 2 AS "attach", 3 AS "SECRET", 4 AS "set"',
  'CREATE TABLE "copy" AS SELECT 1 AS "pragma"',
  'SELECT "secret" FROM "load"',
  "SELECT 1 -- ; COPY t TO '/import/x'",
  "SELECT 1 /* ; ATTACH '/import/x.db' */",
  "/* ; COPY */ SELECT 1",
  'UPDATE "t" SET "x" = 1',
  "SELECT * FROM t WHERE s IN ('PRAGMA', 'SET', 'EXPLAIN')",
  'SELECT copy FROM (SELECT 1 AS copy)',
  'SELECT 1 AS explain',
  'SELECT 1; SELECT 2;',
  'WITH q AS (SELECT 1 AS x) SELECT x FROM q',
  '(SELECT 1) UNION ALL (SELECT 2)',
  'USE journeys',
  'DESCRIBE "raw_0"'
];

describe('the statement guard', () => {
  test.each(REFUSED)('refuses %j (%s)', (text, word) => {
    expect(guard(text)).toBe(word);
  });

  test.each(HARMLESS)('lets %j through', (text) => {
    expect(guard(text)).toBeNull();
  });

  test('lets through every statement a real session runs (import, mapping, build, analyses)', async () => {
    const texts: string[] = [];
    const spy: Engine = {
      registerFile: (p, s) => engine.registerFile(p, s),
      dropFile: (p) => engine.dropFile(p),
      query: <T extends Record<string, unknown>>(stmt: Fragment, signal?: AbortSignal) => {
        texts.push(stmt.text);
        return engine.query<T>(stmt, signal);
      },
      insertArrowIPC: (t, ipc) => engine.insertArrowIPC(t, ipc),
      cancel: () => engine.cancel(),
      reset: () => engine.reset(),
      close: async () => undefined
    };
    // The sample's first 400 lines, as the page reads it.
    const lines = readFileSync(new URL('../../../sample-data/journeys.csv', import.meta.url), 'utf8').split('\n').slice(0, 400).join('\n') + '\n';
    const session = new Session(spy);
    const [file] = await session.add([{ name: 'journeys.csv', data: new TextEncoder().encode(lines) }]);
    await session.preview(file);
    await session.guessMapping(file);
    const columns = { user: 'user_id', time: 'event_time', event: 'event', channel: 'channel', revenue: 'revenue' };
    await session.build({ columns });
    await session.overview();
    await session.eventNames();
    for (const analysis of [
      { kind: 'funnel', steps: [{ event: 'product_view' }, { event: 'purchase' }], breakdown: 'channel' },
      { kind: 'retention', start: { event: 'product_view' }, return: { event: 'purchase' }, period: 'week', periods: 4 }
    ]) {
      await session.run({ version: 1, columns, analysis } as Spec);
    }
    const refused = texts.filter((t) => refusedStatement(t, tokenize(t)) !== null);
    expect(refused).toEqual([]);
    // The run covered the kinds of statement the builders write.
    const starts = texts.map((t) => t.trim().replace(/\s+/g, ' ').toUpperCase());
    for (const k of ['SELECT ', 'CREATE OR REPLACE TABLE ', 'CREATE OR REPLACE VIEW ', 'DROP TABLE ', 'DESCRIBE ', 'WITH ']) {
      expect(starts.some((t) => t.startsWith(k)), k).toBe(true);
    }
    expect(texts.length).toBeGreaterThan(30);
  });
});
