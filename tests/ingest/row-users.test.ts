import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile } from '../../src/lib/ingest/import';
import { checkColumns, resolveMapping, warningsUnder } from '../../src/lib/ingest/mapping';
import type { Columns } from '../../src/lib/schema/types';
import { parseSpec } from '../../src/lib/schema/parse';
import { dataPath, needData } from '../support/data';
import { raw } from '../../src/lib/sql/quote';

/**
 * One row per customer, no id and no time (contract: Experiment): `"user": {"row": true}` makes
 * each row its own user (its line number as text), `"time": {"value": …}` one time for all rows.
 */
let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

// Lines 3 and 5 repeat line 2: three customers with the same answers, not one repeated event.
const CUSTOMERS = ['segment,visit,spend', 'A,1,0', 'B,0,0', 'A,1,0', 'A,1,0', 'B,1,12.5'].join('\n');
const ROW_COLUMNS: Columns = { user: { row: true }, time: { value: '2008-03-01' }, event: { value: 'campaign' } };

const load = (name: string, text: string | Uint8Array, index = 0) =>
  importFile(engine, { name, data: typeof text === 'string' ? new TextEncoder().encode(text) : text }, index);

describe('row users and a constant time', () => {
  it('makes every row its own user, named by its line, all at the constant time', async () => {
    const f = await load('customers.csv', CUSTOMERS);
    const built = await buildEvents(engine, [f], { columns: ROW_COLUMNS });
    expect(built.files[0]).toMatchObject({ rows_in_file: 5, loaded: 5, unusable: [] });
    const rows = await engine.query(raw(`SELECT user_id, line, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, event, segment FROM events ORDER BY row_id`));
    expect(rows.map((r) => ({ ...r, line: Number(r.line) }))).toEqual([
      { user_id: '2', line: 2, ts: '2008-03-01 00:00:00', event: 'campaign', segment: 'A' },
      { user_id: '3', line: 3, ts: '2008-03-01 00:00:00', event: 'campaign', segment: 'B' },
      { user_id: '4', line: 4, ts: '2008-03-01 00:00:00', event: 'campaign', segment: 'A' },
      { user_id: '5', line: 5, ts: '2008-03-01 00:00:00', event: 'campaign', segment: 'A' },
      { user_id: '6', line: 6, ts: '2008-03-01 00:00:00', event: 'campaign', segment: 'B' }
    ]);
  });

  it('passes the spec validator', () => {
    expect(() => parseSpec({ version: 1, columns: ROW_COLUMNS, analysis: { kind: 'retention', start: { event: '*' }, return: { event: '*' } } })).not.toThrow();
    expect(() => parseSpec({ version: 1, columns: { user: { row: false } }, analysis: { kind: 'retention', start: { event: '*' }, return: { event: '*' } } })).toThrow(/columns\.user\.row/);
  });

  it('drops the repeated-lines warning only when each row is a customer', async () => {
    const f = await load('customers.csv', CUSTOMERS);
    expect(f.warnings.map((w) => w.code)).toContain('duplicate_rows');
    expect(warningsUnder(f.warnings, ROW_COLUMNS).map((w) => w.code)).not.toContain('duplicate_rows');
    expect(warningsUnder(f.warnings, { user: 'segment' }).map((w) => w.code)).toContain('duplicate_rows');
    expect(warningsUnder(f.warnings, undefined)).toEqual(f.warnings);
  });

  it('reads a constant time with a given time_format, and with a utc_offset', async () => {
    const f = await load('customers.csv', CUSTOMERS);
    await buildEvents(engine, [f], { columns: { ...ROW_COLUMNS, time: { value: '01/03/2008 10:30' } }, time_format: '%d/%m/%Y %H:%M', utc_offset: '+02:00' });
    const [r] = await engine.query(raw(`SELECT DISTINCT strftime(ts, '%Y-%m-%d %H:%M') AS ts FROM events`));
    expect(r.ts).toBe('2008-03-01 08:30');
  });

  it('refuses a constant time that does not read, naming the field', async () => {
    const f = await load('customers.csv', CUSTOMERS);
    for (const value of ['soon', '03/05/2008']) {
      const [m] = await resolveMapping(engine, [f], { columns: { ...ROW_COLUMNS, time: { value } } });
      expect(m.problems[0]).toMatchObject({ name: 'SpecError', field: 'columns.time' });
      expect(m.problems[0].message).toContain(`"${value}"`);
    }
    await expect(buildEvents(engine, [f], { columns: { ...ROW_COLUMNS, time: { value: '2008-31-01' } }, time_format: '%Y-%m-%d' }))
      .rejects.toMatchObject({ name: 'SpecError', field: 'columns.time' });
  });

  it('keeps {"row": true} to the user and constants away from the user', () => {
    const file = { file: 'c.csv', table: 't', columns: [{ name: 'segment', type: 'VARCHAR' }] };
    expect(checkColumns(file, { event: { row: true } }, 'columns').map((e) => e.field)).toEqual(['columns.event']);
    expect(checkColumns(file, { user: { value: 'me' } }, 'columns').map((e) => e.field)).toEqual(['columns.user']);
    expect(checkColumns(file, ROW_COLUMNS, 'columns')).toEqual([]);
  });
});

const hillstrom = dataPath('hillstrom-email', 'hillstrom.csv');
describe.runIf(needData(hillstrom, 'Hillstrom e-mail data'))('Hillstrom: 64,000 customers, one row each', () => {
  it('maps to 64,000 users and keeps every column, without the repeated-lines warning', async () => {
    const f = await load('hillstrom.csv', readFileSync(hillstrom!));
    expect(f.warnings.map((w) => w.code)).toContain('duplicate_rows');
    const built = await buildEvents(engine, [f], { columns: ROW_COLUMNS });
    expect(built.files[0]).toMatchObject({ rows_in_file: 64000, loaded: 64000 });
    const [n] = await engine.query(raw(`SELECT count(*)::INTEGER AS rows, count(DISTINCT user_id)::INTEGER AS users, min(line)::INTEGER AS first,
      max(line)::INTEGER AS last, count(DISTINCT ts)::INTEGER AS times FROM events`));
    expect(n).toEqual({ rows: 64000, users: 64000, first: 2, last: 64001, times: 1 });
    const bySegment = await engine.query(raw(`SELECT segment, count(*)::INTEGER AS n, sum(visit)::INTEGER AS visits, sum(conversion)::INTEGER AS conv,
      round(sum(spend), 2) AS spend FROM events GROUP BY segment ORDER BY segment`));
    expect(bySegment).toEqual([
      { segment: 'Mens E-Mail', n: 21307, visits: 3894, conv: 267, spend: 30311.69 },
      { segment: 'No E-Mail', n: 21306, visits: 2262, conv: 122, spend: 13908.33 },
      { segment: 'Womens E-Mail', n: 21387, visits: 3238, conv: 189, spend: 23038.11 }
    ]);
    expect(warningsUnder(f.warnings, built.mapping[0].columns).map((w) => w.code)).not.toContain('duplicate_rows');
  }, 60_000);
});
