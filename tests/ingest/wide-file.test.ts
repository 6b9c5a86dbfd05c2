import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { MAX_COLUMNS } from '../../src/lib/ingest/column-limit';
import { ImportError } from '../../src/lib/schema/errors';
import { Session } from '../../src/lib/session/session';
import { raw } from '../../src/lib/sql/quote';
import { fixturePath, needData } from '../support/data';
import { rng } from '../support/rng';
import { loadCorpus, makeCase } from './fuzz-corpus';

/**
 * Regression (tests/ingest/fuzz.test.ts, seed 1901): truncated-long-quoted-cell.csv with its data
 * row dropped and a line break put into the cell left `id,payload,tail` and one line of 24,300
 * fields of `lorem,ipsum `. The sniffer took the long line for the header (line 1 a preamble), the
 * table got 24,298 text columns, and the sample of its text columns ended in DuckDB-WASM's raw
 * `RuntimeError: divide by zero`: the engine traps on any result of 16,256 text columns or more
 * (src/lib/ingest/column-limit.ts). Now a file wider than MAX_COLUMNS is refused in one line
 * naming the file before the engine reads it, and one of MAX_COLUMNS columns still loads.
 */
const enc = (s: string) => new TextEncoder().encode(s);
/** The smallest shape of the case: a short header, then one line of `n` one-letter fields. */
const wideLine = (n: number) => 'id,payload,tail\n' + Array.from({ length: n }, () => 'x').join(',') + '\n';
/** The narrowest result DuckDB-WASM 1.4.3 traps on (16,255 text columns pass). */
const TRAP_WIDTH = 16_256;

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('a file wider than the engine can answer', () => {
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(() => engine?.close());

  const alive = async () => expect((await engine.query<{ x: number }>(raw('SELECT 42 AS x')))[0].x).toBe(42);

  it(`a line of ${TRAP_WIDTH.toLocaleString('en')} fields (the width that traps) is refused in one plain line naming the file, quickly; the engine answers after`, async () => {
    const e = await refusal(new Session(engine).add([{ name: 'wide-line.csv', data: enc(wideLine(TRAP_WIDTH)) }]));
    expect(e.message).toBe(
      `wide-line.csv: line 2 has 16,256 columns, more than the ${MAX_COLUMNS.toLocaleString('en')} this app reads: check the delimiter, or whether the file is a table at all`
    );
    expect(e.message).not.toMatch(/divide by zero|RuntimeError|\n/);
    await alive();
  });

  it('one column over the limit is refused; the limit itself loads, every line accounted for', { timeout: 60_000 }, async () => {
    const over = await refusal(new Session(engine).add([{ name: 'over.csv', data: enc(wideLine(MAX_COLUMNS + 1)) }]));
    expect(over.message).toMatch(/^over\.csv: line 2 has 4,097 columns, more than the 4,096/);
    const header = Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`).join(',');
    const row = (k: number) => Array.from({ length: MAX_COLUMNS }, (_, i) => `v${k}_${i}`).join(',');
    const [f] = await new Session(engine).add([{ name: 'limit.csv', data: enc(`${header}\n${row(1)}\n${row(2)}\n`) }]);
    expect(f.columns.length).toBe(MAX_COLUMNS);
    expect(f.rows).toBe(2);
    expect(f.rejected).toEqual([]);
    await alive();
  });

  it('JSON and Parquet files wider than the limit are refused the same way', async () => {
    const wideObject = Object.fromEntries(Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => [`k${i}`, 'v']));
    const json = await refusal(new Session(engine).add([{ name: 'wide.json', data: enc(JSON.stringify([wideObject])) }]));
    expect(json.message).toMatch(/^wide\.json: its objects have 4,097 columns, more than the 4,096 this app reads/);

    const pq = (await import(/* @vite-ignore */ 'parquet-wasm/node')) as typeof import('parquet-wasm/node');
    const arrow = tableFromArrays(Object.fromEntries(Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => [`k${i}`, ['v']])));
    const bytes = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(arrow, 'stream')));
    const parquet = await refusal(new Session(engine).add([{ name: 'wide.parquet', data: bytes }]));
    expect(parquet.message).toMatch(/^wide\.parquet: it has 4,097 columns, more than the 4,096 this app reads/);
    // Nothing half-read is left: the refused file's table is gone.
    expect(await engine.query(raw(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'raw_%'`))).toEqual([]);
    await alive();
  });
});

describe.runIf(needData(fixturePath('found', 'truncated-long-quoted-cell.csv'), 'bad-CSV fixtures'))('fuzz seed 1901, regenerated from its seed', () => {
  it('is the wide-line case, and is refused naming the file', { timeout: 60_000 }, async () => {
    const corpus = await loadCorpus();
    const c = makeCase(corpus, 1901, rng(1901));
    expect(c.how).toBe('truncated-long-quoted-cell.csv: insertQuote(at 254306) + insertLineBreak(at 91228) + dropLine(line after byte 15)');
    const engine = await NodeEngine.create();
    try {
      const e = await refusal(new Session(engine).add([{ name: c.name, data: c.data }]));
      expect(e.message).toMatch(/^truncated-long-quoted-cell\.csv: line 2 has 24,300 columns, more than the 4,096 this app reads/);
    } finally {
      await engine.close();
    }
  });
});
