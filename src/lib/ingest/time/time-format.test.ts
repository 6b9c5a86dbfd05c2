import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../engine/node';
import { ident, join, lit, raw } from '../../sql/quote';
import { detectTimeFormat, readings } from './time-format';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

/** A one-column table `t(c)` of the given values, typed `type`. */
async function column(values: (string | number | null)[], type = 'VARCHAR') {
  const rows = join(values.map((v) => raw(`(CAST(${lit(v).text} AS ${type}))`)));
  await engine.query(raw(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ${rows.text}) v(${ident('c').text})`));
  return detectTimeFormat(engine, 't', 'c', type);
}

describe('detectTimeFormat', () => {
  it('ISO dates and date-times, with or without T, seconds and fractions', async () => {
    expect((await column(['2024-03-05', '2024-12-31'])).formats).toEqual(['%Y-%m-%d']);
    expect((await column(['2024-03-05 10:00:00', '2024-12-31 23:59:59'])).formats).toEqual(['%Y-%m-%d %H:%M:%S']);
    expect((await column(['2024-03-05T10:00', '2024-03-05T11:00'])).formats).toEqual(['%Y-%m-%dT%H:%M']);
    expect((await column(['2024-03-05T10:00:00.123Z'])).formats).toEqual(['%Y-%m-%dT%H:%M:%S.%fZ']);
    expect((await column(['2024-03-05 10:00:00 UTC'])).formats).toEqual(['%Y-%m-%d %H:%M:%S UTC']);
    expect((await column(['2024-03-05T10:00:00+0200', '2024-03-05T10:00:00-05:00'])).formats).toEqual(['%Y-%m-%dT%H:%M:%S%z']);
  });

  it('8-digit dates, as text or as numbers', async () => {
    const d = await column(['19970101', '19980630']);
    expect(d).toMatchObject({ format: '%Y%m%d', parsed: 2, unparsed: 0 });
    expect((await column([19970101, 19971231], 'BIGINT')).format).toBe('%Y%m%d');
  });

  it('epochs by magnitude', async () => {
    expect((await column([1709287200, 1709287260], 'BIGINT')).formats).toEqual(['epoch_s']);
    expect((await column(['1709287200000', '1709287260123'])).formats).toEqual(['epoch_ms']);
    expect((await column([1709287200.5], 'DOUBLE')).formats).toEqual(['epoch_s']);
  });

  it('day first when a first field is above 12, month first when a second one is', async () => {
    const dayFirst = await column(['03/05/2024', '25/05/2024', '01/12/2023']);
    expect(dayFirst).toMatchObject({ format: '%d/%m/%Y', parsed: 3, unparsed: 0 });
    expect(dayFirst.ambiguous).toBeUndefined();
    expect((await column(['03/05/2024', '05/25/2024'])).format).toBe('%m/%d/%Y');
    expect((await column(['01-02-2018', '20-10-2017'])).format).toBe('%d-%m-%Y');
    expect((await column(['26-02-2018 19:58', '08-05-2018 20:17'])).format).toBe('%d-%m-%Y %H:%M');
    expect((await column(['1.2.2018', '20.10.2017 08:00:01'])).formats.sort()).toEqual(['%d.%m.%Y', '%d.%m.%Y %H:%M:%S']);
  });

  it('ambiguous when no value decides, naming both readings with an example', async () => {
    const d = await column(['03/05/2024', '04/06/2024']);
    expect(d.ambiguous).toEqual({ first: '%d/%m/%Y', second: '%m/%d/%Y', example: '03/05/2024' });
    expect(d.parsed).toBe(0);
    expect(readings('03/05/2024')).toEqual({ dayFirst: '3 May 2024', monthFirst: 'March 5 2024' });
  });

  it('dates that read the same both ways are not ambiguous', async () => {
    const d = await column(['05/05/2024', '11/11/2024']);
    expect(d.ambiguous).toBeUndefined();
    expect(d.parsed).toBe(2);
  });

  it('counts rows, not distinct values; empty cells are neither parsed nor unparsed', async () => {
    const d = await column(['2024-01-01', '2024-01-01', '2024-02-30', '', null, 'soon']);
    expect(d).toMatchObject({ format: '%Y-%m-%d', parsed: 2, unparsed: 2 });
    expect(['2024-02-30', 'soon']).toContain(d.unparsedExample);
  });

  it('mixed formats are all read, the most common first', async () => {
    const d = await column(['2024-01-01', '2024-01-02', '20240103']);
    expect(d.formats).toEqual(['%Y-%m-%d', '%Y%m%d']);
    expect(d.mixed).toEqual([{ format: '%Y-%m-%d', rows: 2 }, { format: '%Y%m%d', rows: 1 }]);
    expect(d.parsed).toBe(3);
  });

  it('nothing recognisable: no format, nothing parsed', async () => {
    expect(await column(['soon', 'later'])).toMatchObject({ format: '', formats: [], parsed: 0, unparsed: 2 });
  });

  it('native DATE / TIMESTAMP / TIMESTAMPTZ columns need no format', async () => {
    expect(await column(['2024-01-01'], 'DATE')).toMatchObject({ format: '%Y-%m-%d', parsed: 1 });
    expect(await column(['2024-01-01 10:00:00'], 'TIMESTAMP')).toMatchObject({ format: '%Y-%m-%d %H:%M:%S', parsed: 1 });
    expect(await column(['2024-01-01 10:00:00+02'], 'TIMESTAMPTZ')).toMatchObject({ parsed: 1 });
  });
});
