import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { rejectReasons, TEXT_AFTER_QUOTE } from '../../src/lib/ingest/csv/csv-read';
import { importFile } from '../../src/lib/ingest/import';
import { MAX_NAME } from '../../src/lib/ingest/report';
import { ImportError } from '../../src/lib/schema/errors';
import { Session } from '../../src/lib/session/session';
import { raw } from '../../src/lib/sql/quote';
import { fixturePath, needData } from '../support/data';
import { rng } from '../support/rng';
import { loadCorpus, makeCase } from './fuzz-corpus';

/**
 * Lines DuckDB's rejects pass makes expensive, found by tests/ingest/fuzz.test.ts, each of which
 * kept one fuzzed file of about 1 MB busy for 1.5 to 6 minutes:
 * - short lines in a wide file (seed 6362): DuckDB records one error per missing field, and
 *   40,000 one-word lines under 2,000 columns ran the engine out of memory after 95 s. When the
 *   short lines would cost many errors, they are marked to be skipped as comments and their
 *   reasons come from the line scan;
 * - a header cell of a megabyte (seeds 2779, 6025): every look at DuckDB's catalog then took 80 s,
 *   and a refused file left its tables behind. Names are cut to MAX_NAME characters, and a refused
 *   file's tables are dropped.
 * - a wide line in a one-column file (seed 2202, 11 s): its delimiters could not be cleared (the
 *   line would become a row), so it went field by field through the rejects pass. Wide lines are
 *   now skipped the same way as short ones.
 * - a lone CR inside a quote that never closes (seed 1545): read without quotes, DuckDB breaks the
 *   line there, an LF scan did not, so the skipped line's second half was read field by field.
 * - text after the quote that closed a 1 MB value (seed 3367, 85 s): DuckDB rejects the line,
 *   then goes on through the rest of it field by field. Long such lines are skipped too.
 * (A wide line whose only quote sits inside a word, seed 891, is in line-map.test.ts.)
 */
const enc = (s: string) => new TextEncoder().encode(s);

/** The engine, with every statement it is asked to run kept. */
function spied(engine: Engine): { engine: Engine; statements: string[] } {
  const statements: string[] = [];
  const wrapped: Engine = Object.assign(Object.create(engine), {
    query: (s: Parameters<Engine['query']>[0], signal?: AbortSignal) => {
      statements.push(s.text);
      return engine.query(s, signal);
    }
  });
  return { engine: wrapped, statements };
}

describe('short lines in a wide file', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(() => engine?.close());

  const COLUMNS = 300;
  const row = (k: number) => [k, ...Array.from({ length: COLUMNS - 1 }, () => 0)].join(',');
  // Enough rows for the dialect to be sniffed from them alone (the head's 64 KB).
  const ROWS = 200;
  const header = Array.from({ length: COLUMNS }, (_, i) => `c${i}`).join(',');

  it('skips many short lines in one pass, each reported with its field count; blank ones as blank', async () => {
    // Rows, then 100 short lines of 1–2 fields (29,850 missing fields) with a blank line of
    // spaces among them, then a row, a short line and a row again.
    const rows = Array.from({ length: ROWS }, (_, k) => row(k));
    const short = Array.from({ length: 100 }, (_, i) => (i % 2 ? 'word' : 'a,b'));
    const lines = [header, ...rows, ...short.slice(0, 50), '   ', ...short.slice(50), row(ROWS), 'x,y,z', row(ROWS + 1)];
    const s = spied(engine);
    const f = await importFile(s.engine, { name: 'short.csv', data: enc(lines.join('\n') + '\n') }, 0);
    // The short lines were skipped by DuckDB, not rejected field by field.
    expect(s.statements.some((q) => /read_csv\(.*comment='\u0001'/s.test(q))).toBe(true);
    expect(f.columns.length).toBe(COLUMNS);
    expect(f.rows).toBe(ROWS + 2);
    // Every line but the header and the blank one.
    expect(f.dataRows).toBe(lines.length - 2);
    const first = ROWS + 2;
    const expected = short.map((t, i) => ({ line: first + i + (i >= 50 ? 1 : 0), reason: t === 'word' ? `1 field, expected ${COLUMNS}` : `2 fields, expected ${COLUMNS}` }));
    expect(f.rejected).toEqual([...expected, { line: first + 102, reason: `3 fields, expected ${COLUMNS}` }]);
    expect(f.warnings.find((w) => w.code === 'blank_lines_skipped')?.message).toBe(`1 blank line skipped: ${first + 50}`);
    expect(f.warnings.map((w) => w.code)).not.toContain('line_numbers_inexact');
    const loaded = await engine.query<{ c0: number; line: number }>(raw(`SELECT c0::INT AS c0, "__line"::INT AS line FROM ${f.table} ORDER BY "__row"`));
    expect(loaded).toEqual([...rows.map((_, k) => ({ c0: k, line: k + 2 })), { c0: ROWS, line: first + 101 }, { c0: ROWS + 1, line: first + 103 }]);
  });

  it('skips a wide line of a one-column file, never making it a row', async () => {
    // Seed 2202: `.gitattributes` with a 65 KB cell of `lorem,ipsum ` opened by a quote that never closes.
    const cell = 'lorem,ipsum '.repeat(5_000);
    const s = spied(engine);
    const f = await importFile(s.engine, { name: 'one-column.csv', data: enc(`* -text\n"${cell}\nplain\n`) }, 2);
    expect(s.statements.some((q) => /read_csv\(.*comment='\u0001'/s.test(q))).toBe(true);
    expect(f.rejected).toEqual([{ line: 2, reason: '5001 fields, expected 1' }]);
    expect(f.rows).toBe(1);
    expect(f.warnings.map((w) => w.code)).toContain('unbalanced_quote');
  });

  it("DuckDB's own rejection of a line with text after a closing quote reads the same", () => {
    const r = { path: '', delimiter: ',', quote: '"', escape: '"', header: true, skip: 0, names: ['a', 'b'], types: ['VARCHAR', 'VARCHAR'], maxLineSize: 1 << 20 };
    const row = { line: 2, error_type: 'UNQUOTED VALUE', csv_line: '1,"x"y', error_message: 'Value with unterminated quote found.', column_name: 'b' };
    expect(rejectReasons([row], r).get(2)?.reason).toBe(TEXT_AFTER_QUOTE);
  });

  it('reads a lone CR in a quote that never closes as the line break DuckDB reads it (seed 1545)', async () => {
    // Without quotes the CR is a line break to DuckDB: left to an LF scan, the skip stopped there
    // and DuckDB read the rest of the line field by field (100 s at 382 KB).
    const half = 'lorem,ipsum '.repeat(2_000);
    const s = spied(engine);
    const f = await importFile(s.engine, { name: 'lone-cr.csv', data: enc(`id,payload,tail\n1,"${half}\r${half}`) }, 4);
    expect(f.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['unbalanced_quote', 'line_endings_normalized', 'rejected_rows']));
    expect(f.rejected).toEqual([
      { line: 2, reason: '2002 fields, expected 3' },
      { line: 3, reason: '2001 fields, expected 3' }
    ]);
    expect(f.rows).toBe(0);
    expect(s.statements.some((q) => /store_rejects/.test(q))).toBe(false);
  });

  it('numbers a footer by the quote-less reading when quotes turn out unbalanced (seed 9152)', async () => {
    // The footer (`3`) was numbered by the quoted scan, where lines 2–3 are one record: after the
    // quote-less read its logical start was one off, and rows and lines did not add up.
    const text = 'id,comme"""nt,score\n1,"line one\nline two",5\n2,"He said ""hi"", then left",4\\"\n3';
    const f = await importFile(engine, { name: 'footer-after-quotes.csv', data: enc(text) }, 5);
    expect(f.warnings.map((w) => w.code)).not.toContain('line_numbers_inexact');
    expect(f.rejected.map((x) => x.line)).toEqual([2, 3, 4, 5]);
    expect(f.rejected.at(-1)?.reason).toMatch(/^footer/);
    expect(f.rows).toBe(0);
  });

  it('leaves a few short lines to DuckDB, whose first error per line is the reason', async () => {
    const lines = [header, ...Array.from({ length: ROWS }, (_, k) => row(k)), 'word', 'a,b', row(ROWS)];
    const s = spied(engine);
    const f = await importFile(s.engine, { name: 'few.csv', data: enc(lines.join('\n') + '\n') }, 1);
    expect(s.statements.some((q) => /comment=/.test(q))).toBe(false);
    expect(f.rejected).toEqual([
      { line: ROWS + 2, reason: 'column "c0": "word" is not a BIGINT' },
      { line: ROWS + 3, reason: 'column "c0": "a" is not a BIGINT' }
    ]);
    expect(f.rows).toBe(ROWS + 1);
  });
});

describe.runIf(needData(fixturePath('bad-csv', '26_long_cell_1mb.csv'), 'bad-CSV fixtures'))('fuzz seed 3367, regenerated from its seed', () => {
  it('skips the 1 MB line with text after a closing quote, its reason from the scan', async () => {
    const engine = await NodeEngine.create();
    try {
      const c = makeCase(await loadCorpus(), 3367, rng(3367));
      const s = spied(engine);
      const [f] = await new Session(s.engine).add([{ name: c.name, data: c.data }]);
      expect(s.statements.some((q) => /read_csv\(.*comment='\u0001'/s.test(q))).toBe(true);
      expect(f.rejected).toEqual([{ line: 3, reason: 'text follows the closing quote of a value' }]);
      expect(f.rows + f.rejected.length).toBe(f.dataRows);
    } finally {
      await engine.close();
    }
  });
});

describe('a header cell of 20,000 characters, or a megabyte', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(() => engine?.close());

  it('is cut to MAX_NAME characters, with a warning that says so', async () => {
    const long = 'name'.repeat(5_000);
    const f = await importFile(engine, { name: 'long-name.csv', data: enc(`id,${long},x\n1,2,3\n`) }, 0);
    expect(f.columns.map((c) => c.name)).toEqual(['id', long.slice(0, MAX_NAME), 'x']);
    const w = f.warnings.find((x) => x.code === 'header_shortened');
    expect(w?.message).toBe(`column names longer than ${MAX_NAME} characters were cut to their first ${MAX_NAME}: ${JSON.stringify(long.slice(0, 40) + '…')} (20,000 characters)`);
    expect(f.rows).toBe(1);
  });

  it('in a JSON key or a Parquet column, refuses the file in one line', async () => {
    const long = 'k'.repeat(MAX_NAME + 1);
    const json = await new Session(engine).add([{ name: 'long.json', data: enc(JSON.stringify([{ id: 1, [long]: 'v' }])) }]).catch((x: unknown) => x);
    expect(json).toBeInstanceOf(ImportError);
    expect((json as Error).message).toBe(`long.json: a column name is ${MAX_NAME + 1} characters long ("${'k'.repeat(40)}…"), more than the ${MAX_NAME} this app reads`);
    const pq = (await import(/* @vite-ignore */ 'parquet-wasm/node')) as typeof import('parquet-wasm/node');
    const bytes = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(tableFromArrays({ id: [1], [long]: ['v'] }), 'stream')));
    const parquet = await new Session(engine).add([{ name: 'long.parquet', data: bytes }]).catch((x: unknown) => x);
    expect((parquet as Error).message).toMatch(/^long\.parquet: a column name is 257 characters long/);
    // A name of MAX_NAME characters is read.
    const [ok] = await new Session(engine).add([{ name: 'edge.json', data: enc(JSON.stringify([{ id: 1, [long.slice(1)]: 'v' }])) }]);
    expect(ok.columns.map((c) => c.name)).toEqual(['id', long.slice(1)]);
  });

  it('refused, leaves none of its tables behind', async () => {
    // Seed 2779's shape: a quote opened in the header swallows the file.
    const session = new Session(engine);
    const e = await session.add([{ name: 'swallowed.csv', data: enc('id,x,"' + 'ab"ba'.repeat(200_000) + '\n1,2,3\n') }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    const left = await engine.query(raw("SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'raw_') UNION ALL SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, 'raw_')"));
    expect(left).toEqual([]);
  });
});
