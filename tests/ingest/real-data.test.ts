import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile } from '../../src/lib/ingest/import';
import { resolveMapping } from '../../src/lib/ingest/mapping';
import { dataPath, needData } from '../support/data';
import { raw } from '../../src/lib/sql/quote';

// Expected numbers come from each data set's SOURCE.md, or from the plain-TS reading of the raw
// file right here (which imports nothing from src/lib).

/** Data lines of a text file, header dropped, as fields split by `sep` (no quoting needed here). */
function lines(p: string, sep: RegExp | string): string[][] {
  return readFileSync(p, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').map((l) => l.trim().split(sep));
}

let engine: NodeEngine;
/** The importer, as the page and the command line use it. */
const load = (p: string, index: number) => importFile(engine, { name: p.split('/').pop()!, data: readFileSync(p) }, index);

beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const retail = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
describe.runIf(needData(retail, 'Online Retail II'))('Online Retail II (parquet)', () => {
  it('guesses the mapping, reports 107,927 rows without a customer, keeps 4,383 users as shortest text', async () => {
    const f = await load(retail!, 0);
    const [m] = await resolveMapping(engine, [f], {});
    expect(m.columns).toMatchObject({ user: 'Customer ID', time: 'InvoiceDate', order: 'Invoice' });
    expect(m.formats).toEqual(['%Y-%m-%d %H:%M:%S']);
    const built = await buildEvents(engine, [f], {
      columns: { user: 'Customer ID', time: 'InvoiceDate', event: { value: 'purchase' }, revenue: { product: ['Quantity', 'Price'] } }
    });
    // SOURCE.md: 525,461 rows; NULL Customer ID on 107,927; 4,383 distinct customers.
    expect(built.files[0]).toMatchObject({ rows_in_file: 525461, loaded: 525461 - 107927 });
    expect(built.files[0].unusable).toHaveLength(1);
    expect(built.files[0].unusable[0]).toMatchObject({ reason: 'no_user', count: 107927 });
    expect(built.files[0].unusable[0].lines).toHaveLength(20);
    const [s] = await engine.query(raw(`SELECT count(DISTINCT user_id)::INTEGER AS users, count(*) FILTER (WHERE user_id LIKE '%.%')::INTEGER AS dotted,
      strftime(min(ts), '%Y-%m-%d %H:%M:%S') AS first, strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS last,
      count(DISTINCT order_id)::INTEGER AS orders, bool_and(event = 'purchase') AS all_purchase FROM events`));
    expect(s).toMatchObject({ users: 4383, dotted: 0, first: '2009-12-01 07:45:00', last: '2010-12-09 20:01:00', all_purchase: true });
    expect((await engine.query<{ n: number }>(raw(`SELECT count(*)::INTEGER AS n FROM events WHERE user_id = '13085'`)))[0].n).toBeGreaterThan(0);
    // The source columns stay by their own names, the user column with its space.
    expect(built.schema['Customer ID']).toBe('DOUBLE');
    expect(built.schema.Country).toBe('VARCHAR');
  });
});

const cdnowCsv = dataPath('cdnow', 'cdnow_master.csv');
const cdnowTxt = dataPath('cdnow', 'CDNOW_master.txt');
describe.runIf(needData(cdnowCsv, 'CDNOW'))('CDNOW', () => {
  const spec = { columns: { user: 'customer_id', time: 'date', event: { value: 'purchase' }, revenue: 'dollar_value' } };

  it('csv: 69,659 purchase events of 23,570 customers, %Y-%m-%d', async () => {
    const rows = lines(cdnowCsv!, ',');
    const users = new Set(rows.map((r) => r[0])).size;
    const f = await load(cdnowCsv!, 0);
    const [m] = await resolveMapping(engine, [f], {});
    expect(m.formats).toEqual(['%Y-%m-%d']);
    const built = await buildEvents(engine, [f], spec);
    expect(built.files[0]).toEqual({ file: 'cdnow_master.csv', rows_in_file: rows.length, loaded: rows.length, unusable: [] });
    const [s] = await engine.query(raw(`SELECT count(*)::INTEGER AS events, count(DISTINCT user_id)::INTEGER AS users, min(user_id) AS first_user,
      strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last, round(sum(revenue), 2) AS revenue,
      count(DISTINCT event)::INTEGER AS event_names FROM events`));
    expect(s).toEqual({ events: 69659, users: 23570, first_user: '00001', first: '1997-01-01', last: '1998-06-30', revenue: 2500315.63, event_names: 1 });
    expect(users).toBe(23570);
  });

  it.runIf(cdnowTxt !== undefined)('txt: the 8-digit date column (read as numbers) is detected as YYYYMMDD', async () => {
    const rows = lines(cdnowTxt!, /\s+/);
    const f = await load(cdnowTxt!, 1);
    expect(f.columns.find((c) => c.name === 'date')?.type).toBe('BIGINT');
    const [m] = await resolveMapping(engine, [f], {});
    expect(m.time_format).toBe('auto');
    expect(m.formats).toEqual(['%Y%m%d']);
    expect(m.detection).toMatchObject({ parsed: 69659, unparsed: 0 });
    await buildEvents(engine, [f], spec);
    const [s] = await engine.query(raw(`SELECT count(*)::INTEGER AS events, count(DISTINCT user_id)::INTEGER AS users,
      strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last FROM events`));
    expect(s).toEqual({ events: rows.length, users: new Set(rows.map((r) => r[0])).size, first: '1997-01-01', last: '1998-06-30' });
  });
});

const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');
describe.runIf(needData(leads, 'Olist marketing funnel') && deals !== undefined)('Olist leads + deals as two sources', () => {
  const loadBoth = async () => [await load(leads!, 0), await load(deals!, 1)];

  it('auto detection finds day first (days above 12 exist) in both files', async () => {
    const leadRows = lines(leads!, ',');
    const dealRows = lines(deals!, ',');
    // Plain reading: some first field above 12, so the files decide the order themselves.
    expect(leadRows.some((r) => Number(r[1].slice(0, 2)) > 12)).toBe(true);
    expect(dealRows.some((r) => Number(r[4].slice(0, 2)) > 12)).toBe(true);
    const files = await loadBoth();
    const m = await resolveMapping(engine, files, {
      sources: [
        { file: 'olist_marketing_qualified_leads_dataset.csv', columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } } },
        { file: 'olist_closed_deals_dataset.csv', columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } } }
      ]
    });
    expect(m.map((x) => x.formats)).toEqual([['%d-%m-%Y'], ['%d-%m-%Y %H:%M']]);
    expect(m.map((x) => x.problems)).toEqual([[], []]);
  });

  it('8,000 leads + 842 won deals; every deal joins a lead', async () => {
    const files = await loadBoth();
    const built = await buildEvents(engine, files, {
      columns: { user: 'mql_id' },
      sources: [
        { file: 'olist_marketing_qualified_leads_dataset.csv', columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: '%d-%m-%Y' },
        { file: 'olist_closed_deals_dataset.csv', columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } }, time_format: '%d-%m-%Y %H:%M' }
      ]
    });
    expect(built.files.map((f) => [f.file, f.rows_in_file, f.loaded, f.unusable.length])).toEqual([
      ['olist_marketing_qualified_leads_dataset.csv', 8000, 8000, 0],
      ['olist_closed_deals_dataset.csv', 842, 842, 0]
    ]);
    const rows = await engine.query(raw(`SELECT event, count(*)::INTEGER AS n, count(DISTINCT user_id)::INTEGER AS users,
      strftime(min(ts), '%Y-%m-%d %H:%M') AS first, strftime(max(ts), '%Y-%m-%d %H:%M') AS last FROM events GROUP BY event ORDER BY event`));
    // SOURCE.md: first_contact_date 2017-06-14 .. 2018-05-31; won_date 2017-12-05 02:00 .. 2018-11-14 18:04.
    expect(rows).toEqual([
      { event: 'lead', n: 8000, users: 8000, first: '2017-06-14 00:00', last: '2018-05-31 00:00' },
      { event: 'won', n: 842, users: 842, first: '2017-12-05 02:00', last: '2018-11-14 18:04' }
    ]);
    expect(await engine.query(raw(`SELECT count(DISTINCT user_id)::INTEGER AS users FROM events`))).toEqual([{ users: 8000 }]);
    // Columns only one file has are null in the other: origin (leads), business_segment (deals).
    expect(await engine.query(raw(`SELECT count(origin)::INTEGER AS origin, count(business_segment)::INTEGER AS seg FROM events WHERE event = 'won'`)))
      .toEqual([{ origin: 0, seg: lines(deals!, ',').filter((r) => r[5] !== '').length }]);
    // Leads come first in input order: their row ids are 0..7999.
    expect(await engine.query(raw(`SELECT max(row_id)::INTEGER AS hi FROM events WHERE event = 'lead'`))).toEqual([{ hi: 7999 }]);
  });
});
