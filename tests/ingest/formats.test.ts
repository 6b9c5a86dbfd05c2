import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile } from '../../src/lib/ingest/import';
import { ImportError } from '../../src/lib/schema/errors';
import { dataPath, needData } from '../support/data';
import { raw } from '../../src/lib/sql/quote';

const enc = (s: string) => new TextEncoder().encode(s);
let engine: NodeEngine;
let slot = 0;
const load = (name: string, data: Uint8Array | Blob) => importFile(engine, { name, data }, slot++);
const rowsOf = async (table: string) => engine.query(raw(`SELECT * FROM ${table} ORDER BY __row`));

beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => {
  await engine?.close();
});

describe('line numbers', () => {
  // Hand-worked: line 3 blank, the row of line 4 spans lines 4–5, line 6 has 2 fields.
  const text = 'id,note,n\n1,a,1\n\n2,"x\ny",2\n3,b\n4,c,4\n';

  it('are physical lines around blank lines, quoted line breaks and rejected lines', async () => {
    const f = await load('lines.csv', enc(text));
    expect(f.rows).toBe(3);
    expect(f.rejected).toEqual([{ line: 6, reason: '2 fields, expected 3' }]);
    expect(f.dataRows).toBe(4);
    const rows = await rowsOf(f.table);
    expect(rows.map((r) => [r.id, r.__line, r.__row])).toEqual([[1, 2, 0], [2, 4, 1], [4, 7, 2]]);
    expect(f.warnings.map((w) => w.code).sort()).toEqual(['blank_lines_skipped', 'rejected_rows']);
  });

  it('are the same when the file is a Blob (the page) and when it is gzip', async () => {
    const b = await load('lines.csv', new Blob([enc(text)]));
    const g = await load('lines.csv.gz', new Uint8Array(gzipSync(enc(text))));
    expect(g.compression).toBe('gzip');
    for (const f of [b, g]) {
      expect((await rowsOf(f.table)).map((r) => r.__line)).toEqual([2, 4, 7]);
      expect(f.rejected.map((r) => r.line)).toEqual([6]);
    }
  });
});

describe('JSON and NDJSON', () => {
  it('reads an array of objects with missing keys', async () => {
    const f = await load('e.json', enc('[{"a":1,"t":"2024-01-01T10:00:00Z"},{"a":2}]'));
    expect(f.format).toBe('json');
    expect(f.columns).toEqual([{ name: 'a', type: 'BIGINT' }, { name: 't', type: 'VARCHAR' }]);
    expect((await rowsOf(f.table)).map((r) => [r.a, r.t, r.__line])).toEqual([[1, '2024-01-01T10:00:00Z', 1], [2, null, 2]]);
  });

  it('keeps string ids as strings in NDJSON', async () => {
    const f = await load('e.ndjson', enc('{"user":"007","n":1}\n\n{"user":"008","n":2.5,"tags":["x"]}\n'));
    expect(f.format).toBe('ndjson');
    expect(f.rows).toBe(2);
    const rows = await rowsOf(f.table);
    expect(rows.map((r) => [r.user, r.n, r.tags])).toEqual([['007', 1, null], ['008', 2.5, '["x"]']]);
  });

  it('keeps every digit of integers beyond 2^53 (as text) and says so; digits inside strings untouched', async () => {
    // 9007199254740993 = 2^53 + 1 parses to …992 as a JSON number: two users would become one.
    const text = '{"user":9007199254740993,"n":1,"note":"id 12345678901234567890, ok"}\n{"user":9007199254740992,"n":-98765432109876543210}\n{"user":42,"n":2}\n';
    const f = await load('big.ndjson', enc(text));
    expect(f.columns.find((c) => c.name === 'user')?.type).toBe('VARCHAR');
    const rows = await rowsOf(f.table);
    expect(rows.map((r) => [r.user, r.n, r.note])).toEqual([
      ['9007199254740993', '1', 'id 12345678901234567890, ok'],
      ['9007199254740992', '-98765432109876543210', null],
      ['42', '2', null]
    ]);
    // 9007199254740992 is 2^53 itself, exactly representable: only the two unsafe ones were quoted.
    expect(f.warnings.find((w) => w.code === 'big_integers_as_text')?.message).toMatch(/^2 whole numbers are beyond 2\^53/);
  });

  it('leaves safe integers and escaped quotes alone', async () => {
    const f = await load('small.json', enc('[{"u":"a\\"b 12345678901234567890","v":123456789012345},{"u":"c","v":-1}]'));
    expect(f.warnings.some((w) => w.code === 'big_integers_as_text')).toBe(false);
    expect((await rowsOf(f.table)).map((r) => [r.u, r.v])).toEqual([['a"b 12345678901234567890', 123456789012345], ['c', -1]]);
  });
});

describe('refusals name the file', () => {
  it('an empty file', async () => {
    await expect(load('empty.csv', new Uint8Array())).rejects.toThrow(/empty\.csv.*empty/);
  });
  it('a zip archive', async () => {
    await expect(load('x.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))).rejects.toThrow(ImportError);
  });
  it('only blank lines', async () => {
    await expect(load('blank.csv', enc('\n\n  \n'))).rejects.toThrow(/blank\.csv/);
  });
});

const retail = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
describe.runIf(needData(retail, 'Online Retail II'))('Online Retail II (Parquet)', () => {
  it('loads 525,461 rows with Customer ID as DOUBLE and 107,927 nulls', async () => {
    const f = await load('online_retail_ii_2009_2010.parquet', new Uint8Array(readFileSync(retail!)));
    expect(f.format).toBe('parquet');
    expect(f.rows).toBe(525461);
    expect(f.columns.find((c) => c.name === 'Customer ID')?.type).toBe('DOUBLE');
    const [r] = await engine.query(raw(`SELECT count(*) FILTER (WHERE "Customer ID" IS NULL) AS n, min(__line) AS a, max(__line) AS b FROM ${f.table}`));
    expect(r).toEqual({ n: 107927, a: 1, b: 525461 });
  });
});

const cdnowTxt = dataPath('cdnow', 'CDNOW_master.txt');
describe.runIf(needData(cdnowTxt, 'CDNOW'))('CDNOW', () => {
  it('reads the whitespace-aligned original: 69,659 rows, ids keep their zeros', async () => {
    const f = await load('CDNOW_master.txt', new Uint8Array(readFileSync(cdnowTxt!)));
    expect(f.delimiter).toBe('whitespace');
    expect(f.rows).toBe(69659);
    expect(f.columns.map((c) => c.name)).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(f.columns[0].type).toBe('VARCHAR');
    const [r] = await engine.query(
      raw(`SELECT count(DISTINCT customer_id) AS users, min(customer_id) AS first, round(sum(dollar_value), 2) AS total, sum(number_of_cds)::BIGINT AS cds, max(__line) AS last FROM ${f.table}`)
    );
    expect(r).toEqual({ users: 23570, first: '00001', total: 2500315.63, cds: 167881, last: 69660 });
    expect(f.rejected).toEqual([]);
  });

  it('reads the CSV conversion the same', async () => {
    const f = await load('cdnow_master.csv', new Uint8Array(readFileSync(dataPath('cdnow', 'cdnow_master.csv')!)));
    expect(f.rows).toBe(69659);
    const [r] = await engine.query(raw(`SELECT min(customer_id) AS first, round(sum(dollar_value), 2) AS total FROM ${f.table}`));
    expect(r).toEqual({ first: '00001', total: 2500315.63 });
  });
});

const olist = dataPath('olist-marketing-funnel');
describe.runIf(needData(olist, 'Olist marketing funnel'))('Olist', () => {
  it('loads 8,000 leads and 842 deals', async () => {
    const leads = await load('olist_marketing_qualified_leads_dataset.csv', new Uint8Array(readFileSync(`${olist}/olist_marketing_qualified_leads_dataset.csv`)));
    const deals = await load('olist_closed_deals_dataset.csv', new Uint8Array(readFileSync(`${olist}/olist_closed_deals_dataset.csv`)));
    expect([leads.rows, deals.rows]).toEqual([8000, 842]);
    expect([leads.rejected, deals.rejected]).toEqual([[], []]);
    // DD-MM-YYYY stays text: the day/month order is the mapping's decision, not DuckDB's sniffer's.
    expect(leads.columns.find((c) => c.name === 'first_contact_date')?.type).toBe('VARCHAR');
  });
});

const hill = dataPath('hillstrom-email', 'hillstrom.csv');
describe.runIf(needData(hill, 'Hillstrom'))('Hillstrom', () => {
  it('loads 64,000 rows', async () => {
    const f = await load('hillstrom.csv', new Uint8Array(readFileSync(hill!)));
    expect(f.rows).toBe(64000);
    const [r] = await engine.query(raw(`SELECT round(sum(spend), 2) AS spend FROM ${f.table} WHERE segment = 'Mens E-Mail'`));
    expect(r.spend).toBe(30311.69);
  });
});
