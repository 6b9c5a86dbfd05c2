import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import { fixturePath } from '../support/data';
import { raw } from '../../src/lib/sql/quote';

/**
 * Regression (fixtures/found/truncated-long-quoted-cell.csv): a quote that never closes, followed
 * by hundreds of KB of `lorem,ipsum `. With quotes then read as plain characters the line has tens
 * of thousands of fields, and DuckDB's rejects pass records one error per extra field, each with
 * the whole line: 100 KB took 47 s, 383 KB over 15 minutes. It must load like
 * bad-csv/02_unclosed_quote.csv, every line accounted for.
 */
const enc = (s: string) => new TextEncoder().encode(s);
const truncated = (bytes: number) => 'id,payload,tail\n1,"' + 'lorem,ipsum '.repeat(Math.ceil(bytes / 12));

// The Node engine is synchronous: a test timeout cannot stop a query. Cases run smallest first and
// a case after a failed one fails at once instead of running the quadratic path for minutes.
let healthy = true;
const guarded = (f: () => Promise<void>) => async () => {
  if (!healthy) throw new Error('not run: a smaller case failed, and this one could run for many minutes');
  healthy = false;
  await f();
  healthy = true;
};

function accountedFor(f: ImportedFile, dataLines: number): void {
  expect(f.rows + f.rejected.length).toBe(dataLines);
  expect(f.dataRows).toBe(dataLines);
  expect(f.warnings.map((w) => w.code)).toContain('unbalanced_quote');
  expect(f.warnings.map((w) => w.code)).not.toContain('line_numbers_inexact');
}

describe('a long quoted cell that never closes', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(() => engine?.close());

  // Sizes four times apart: with the quadratic rejects pass the last one alone ran for minutes.
  it.each([25_000, 100_000, 400_000])('loads a header and one cut row of %i bytes with a warning, the row reported', { timeout: 30_000 }, (bytes) => guarded(async () => {
    const f = await importFile(engine, { name: `cut-${bytes}.csv`, data: enc(truncated(bytes)) }, 0);
    accountedFor(f, 1);
    expect(f.rows).toBe(0);
    expect(f.rejected).toEqual([{ line: 2, reason: `${Math.ceil(bytes / 12) + 2} fields, expected 3` }]);
    expect(f.warnings.find((w) => w.code === 'unbalanced_quote')?.message).toContain('line 2');
  })());

  it('keeps the rows around the wide line, with their line numbers', { timeout: 30_000 }, guarded(async () => {
    const text = 'id,payload,tail\n1,a,b\n2,c,d\n3,"' + 'lorem,ipsum '.repeat(30_000) + '\n4,e,f\n';
    const f = await importFile(engine, { name: 'middle.csv', data: new Blob([enc(text)]) }, 1);
    accountedFor(f, 4);
    expect(f.rejected.map((r) => r.line)).toEqual([4]);
    const rows = await engine.query<{ id: string; line: number }>(raw(`SELECT id::VARCHAR AS id, "__line"::INT AS line FROM ${f.table} ORDER BY "__row"`));
    expect(rows.map((r) => `${r.id}@${r.line}`)).toEqual(['1@2', '2@3', '4@5']);
  }));

  // Found by tests/ingest/fuzz.test.ts (seed 38): a 200 KB cell of `a"b` opened by a quote that
  // never closes. Every stray quote started a search to the line's end in the scan and a trim of
  // the growing cell in the sniffer: 137 s. Sized 400 KB here: quadratic code would take minutes.
  it('loads a long cell of stray quotes opened by a quote that never closes', { timeout: 30_000 }, guarded(async () => {
    const text = 'id,name,x\ne1,u2,3\n"' + 'a"b'.repeat(133_000) + '\ne3,u4,5\n';
    const f = await importFile(engine, { name: 'stray-quotes.csv', data: enc(text) }, 4);
    expect(f.rows + f.rejected.length).toBe(3);
    expect(f.rejected).toEqual([{ line: 3, reason: '1 field, expected 3' }]);
    expect(f.warnings.map((w) => w.code)).toContain('unbalanced_quote');
  }));

  const found = fixturePath('found', 'truncated-long-quoted-cell.csv');
  it.runIf(found)('loads the fuzzed file itself', { timeout: 30_000 }, guarded(async () => {
    const f = await importFile(engine, { name: 'truncated-long-quoted-cell.csv', data: readFileSync(found!) }, 2);
    accountedFor(f, 1);
  }));

  // Its sibling: the 1 MB cell of bad-csv/26 with one quote inserted (inspect was killed at 60 s).
  const stray = fixturePath('found', 'long-cell-stray-quote.csv');
  it.runIf(stray)('loads the fuzzed file with a stray quote in a 1 MB cell', { timeout: 30_000 }, guarded(async () => {
    const f = await importFile(engine, { name: 'long-cell-stray-quote.csv', data: readFileSync(stray!) }, 3);
    accountedFor(f, 2);
    expect(f.rejected.map((r) => r.line)).toEqual([2]);
  }));
});
