import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../engine/node';
import { SpecError } from '../../schema/errors';
import { lit, raw, sql } from '../../sql/quote';
import { offsetMinutes, timeSql } from './time-sql';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

/** Runs timeSql on one literal value and gives the UTC time as text (null when unparsed). */
async function read(value: string | number, format: string | string[], offset?: string, type = 'VARCHAR'): Promise<string | null> {
  const expr = raw(`CAST(${lit(value).text} AS ${type})`);
  const [r] = await engine.query<{ t: string | null }>(sql`SELECT strftime(${timeSql(expr, format, offset, type)}, '%Y-%m-%d %H:%M:%S.%g') AS t`);
  return r.t;
}

describe('timeSql reads each format as UTC', () => {
  const cases: [string | number, string | string[], string | undefined, string, string | null][] = [
    ['2024-03-31T03:30:00+02:00', '%Y-%m-%dT%H:%M:%S%z', undefined, 'VARCHAR', '2024-03-31 01:30:00.000'],
    ['2024-03-31 03:30:00+02:00', '%Y-%m-%d %H:%M:%S%z', '+05:00', 'VARCHAR', '2024-03-31 01:30:00.000'], // own offset wins
    ['2024-03-30 21:30:00-04:00', '%Y-%m-%d %H:%M:%S%z', undefined, 'VARCHAR', '2024-03-31 01:30:00.000'],
    ['2024-03-31T01:30:00Z', '%Y-%m-%dT%H:%M:%SZ', '+02:00', 'VARCHAR', '2024-03-31 01:30:00.000'], // Z is UTC
    ['2024-03-31 01:30:00 UTC', '%Y-%m-%d %H:%M:%S UTC', '+02:00', 'VARCHAR', '2024-03-31 01:30:00.000'],
    ['2024-03-31 03:30:00', '%Y-%m-%d %H:%M:%S', '+02:00', 'VARCHAR', '2024-03-31 01:30:00.000'],
    ['2024-03-31 03:30:00', '%Y-%m-%d %H:%M:%S', undefined, 'VARCHAR', '2024-03-31 03:30:00.000'],
    ['2024-03-31 03:30:00', '%Y-%m-%d %H:%M:%S', '-0530', 'VARCHAR', '2024-03-31 09:00:00.000'],
    ['  2024-03-31 03:30:00.25 ', '%Y-%m-%d %H:%M:%S.%f', undefined, 'VARCHAR', '2024-03-31 03:30:00.250'],
    ['19970101', '%Y%m%d', undefined, 'VARCHAR', '1997-01-01 00:00:00.000'],
    [19970101, '%Y%m%d', undefined, 'BIGINT', '1997-01-01 00:00:00.000'],
    ['25-02-2018 19:58', '%d-%m-%Y %H:%M', undefined, 'VARCHAR', '2018-02-25 19:58:00.000'],
    ['03/05/2024', '%d/%m/%Y', undefined, 'VARCHAR', '2024-05-03 00:00:00.000'],
    ['03/05/2024', '%m/%d/%Y', undefined, 'VARCHAR', '2024-03-05 00:00:00.000'],
    ['2024-02-30', '%Y-%m-%d', undefined, 'VARCHAR', null],
    ['0000-00-00', '%Y-%m-%d', undefined, 'VARCHAR', null],
    ['not a date', '%Y-%m-%d', undefined, 'VARCHAR', null],
    [1709287200, 'epoch_s', '+02:00', 'BIGINT', '2024-03-01 10:00:00.000'], // epochs are UTC
    ['1709287200000', 'epoch_ms', undefined, 'VARCHAR', '2024-03-01 10:00:00.000'],
    [1709287200.5, 'epoch_s', undefined, 'DOUBLE', '2024-03-01 10:00:00.500'],
    ['1709287200000', 'epoch_s', undefined, 'VARCHAR', null], // seconds beyond year 5138: not a time
    ['1709287200000', ['epoch_s', 'epoch_ms'], undefined, 'VARCHAR', '2024-03-01 10:00:00.000'],
    ['1709287260', ['epoch_s', 'epoch_ms'], undefined, 'VARCHAR', '2024-03-01 10:01:00.000'],
    ['2024-03-05', ['%d/%m/%Y', '%Y-%m-%d'], undefined, 'VARCHAR', '2024-03-05 00:00:00.000'],
    ['2024-03-31 03:30:00+02:00', 'ignored', undefined, 'TIMESTAMPTZ', '2024-03-31 01:30:00.000'],
    ['2024-03-31 03:30:00', 'ignored', '+02:00', 'TIMESTAMP', '2024-03-31 01:30:00.000'],
    ['2024-03-31', 'ignored', undefined, 'DATE', '2024-03-31 00:00:00.000']
  ];
  it.each(cases)('%s as %s (offset %s, %s) → %s', async (value, format, offset, type, expected) => {
    expect(await read(value, format, offset, type)).toBe(expected);
  });

  it('needs no ICU: the time zone extension is not loaded', async () => {
    await read('2024-03-31T03:30:00+02:00', '%Y-%m-%dT%H:%M:%S%z');
    const rows = await engine.query<{ n: number }>(raw("SELECT count(*)::INTEGER AS n FROM duckdb_extensions() WHERE extension_name = 'icu' AND loaded"));
    expect(rows[0].n).toBe(0);
  });
});

describe('offsetMinutes', () => {
  it('reads fixed offsets', () => {
    expect(offsetMinutes('+02:00')).toBe(120);
    expect(offsetMinutes('-0530')).toBe(-330);
    expect(offsetMinutes('+01')).toBe(60);
    expect(offsetMinutes(undefined)).toBe(0);
  });
  it('refuses names and nonsense with the field named', () => {
    expect(() => offsetMinutes('Europe/Paris')).toThrow(SpecError);
    expect(() => offsetMinutes('+25:00', 'sources[1].utc_offset')).toThrow(/sources\[1\]\.utc_offset/);
  });
});
