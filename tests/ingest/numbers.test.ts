import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile } from '../../src/lib/ingest/import';
import { raw } from '../../src/lib/sql/quote';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const enc = (s: string) => new TextEncoder().encode(s);

describe('numbers written as text', () => {
  it('events carry the numbers behind "no value" cells, currency and thousands separators', async () => {
    const csv = [
      'user_id,event_time,event,revenue,zip,ctr',
      'u1,2024-03-01 10:00:00,purchase,"$1,200.00",01234,2.5%',
      'u1,2024-03-01 11:00:00,view,N/A,N/A,n/a',
      'u2,2024-03-02 09:00:00,purchase,€45.10,02000,12%',
      'u2,2024-03-02 10:00:00,view,-,-,0.8%'
    ].join('\n');
    const f = await importFile(engine, { name: 'money.csv', data: enc(csv) }, 0);
    // zip keeps its leading zeros: a column a number would change stays text.
    expect(f.columns.map((c) => c.type)).toEqual(['VARCHAR', 'TIMESTAMP', 'VARCHAR', 'DOUBLE', 'VARCHAR', 'DOUBLE']);
    await buildEvents(engine, [f], { columns: { user: 'user_id', time: 'event_time', event: 'event', revenue: 'revenue' } });
    const rows = await engine.query(raw('SELECT user_id, revenue, zip, ctr FROM events ORDER BY row_id'));
    expect(rows).toEqual([
      { user_id: 'u1', revenue: 1200, zip: '01234', ctr: 0.025 },
      { user_id: 'u1', revenue: null, zip: 'N/A', ctr: null },
      { user_id: 'u2', revenue: 45.1, zip: '02000', ctr: 0.12 },
      { user_id: 'u2', revenue: null, zip: '-', ctr: 0.008 }
    ]);
    const [{ total }] = await engine.query(raw('SELECT sum(revenue) AS total FROM events'));
    expect(total).toBeCloseTo(1245.1, 9);
    expect(f.warnings.map((w) => w.code)).toEqual(['null_tokens_applied', 'units_stripped', 'null_tokens_applied', 'units_stripped']);
    expect(f.warnings[1].message).toBe('column "revenue" is read as numbers: currency $, € removed (the amounts mix currencies and are not converted); thousands separators removed (1,200.00 → 1200)');
  });

  it('a value that is not a number keeps the whole column as text, so nothing is lost', async () => {
    const csv = 'id,amount,share\n1,12.5,2.5%\n2,N/A,0.8\n3,twelve,1%\n4,3,\n';
    const f = await importFile(engine, { name: 'mixed.csv', data: enc(csv) }, 1);
    // `twelve` is not a number; `0.8` beside percentages could be a fraction or a percent.
    expect(f.columns.map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR', 'VARCHAR']);
    expect(f.warnings).toEqual([]);
    const rows = await engine.query(raw(`SELECT amount, share FROM ${f.table} ORDER BY __row`));
    expect(rows.map((r) => r.amount)).toEqual(['12.5', 'N/A', 'twelve', '3']);
  });

  it('applies to JSON strings too', async () => {
    const f = await importFile(engine, { name: 'r.ndjson', data: enc('{"u":"a","revenue":"12.5"}\n{"u":"b","revenue":"NULL"}\n{"u":"c","revenue":"USD 3"}\n') }, 2);
    expect(f.columns.find((c) => c.name === 'revenue')?.type).toBe('DOUBLE');
    expect((await engine.query(raw(`SELECT revenue FROM ${f.table} ORDER BY __row`))).map((r) => r.revenue)).toEqual([12.5, null, 3]);
    expect(f.warnings.map((w) => w.code)).toEqual(['null_tokens_applied', 'units_stripped']);
  });
});
