import { describe, expect, it } from 'vitest';
import { checkFiles, columnKind, linkedFiles, linkFilesOf, neededFiles, referencedColumns, type DroppedFile } from './link-files';
import { decodeState, encodeState, type DashboardState } from './url-codec';
import type { Analysis, Mapping } from '../schema/types';

// The two Olist files as the import describes them (names and DuckDB types of the columns read).
const LEADS: DroppedFile = {
  file: 'olist_marketing_qualified_leads_dataset.csv',
  columns: [{ name: 'mql_id', type: 'VARCHAR' }, { name: 'first_contact_date', type: 'DATE' }, { name: 'landing_page_id', type: 'VARCHAR' }, { name: 'origin', type: 'VARCHAR' }]
};
const DEALS: DroppedFile = {
  file: 'olist_closed_deals_dataset.csv',
  columns: [{ name: 'mql_id', type: 'VARCHAR' }, { name: 'seller_id', type: 'VARCHAR' }, { name: 'won_date', type: 'TIMESTAMP' }, { name: 'declared_monthly_revenue', type: 'DOUBLE' }]
};
const MAPPING: Mapping = {
  sources: [
    { file: LEADS.file, columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } } },
    { file: DEALS.file, columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } } }
  ],
  stages: [{ name: 'awareness', events: ['lead'] }, { name: 'purchase', events: ['won'] }]
};
const PANELS: Analysis[] = [{ kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won' }], breakdown: 'origin' }];
const OLIST = { mapping: MAPPING, panels: PANELS, files: linkFilesOf({ mapping: MAPPING, panels: PANELS }, [LEADS, DEALS]) };
const renamed = (f: DroppedFile, file: string): DroppedFile => ({ ...f, file });

describe('columnKind', () => {
  it('names DuckDB types as the kind of values a person would', () => {
    expect(['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,3)', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'BOOLEAN', 'INTERVAL', 'VARCHAR[]'].map(columnKind))
      .toEqual(['text', 'number', 'number', 'number', 'number', 'time', 'time', 'time', 'boolean', 'other', 'text']);
  });
});

describe('linkFilesOf', () => {
  it('records per file the columns the dashboard reads: roles, and a breakdown where the file has it', () => {
    expect(OLIST.files).toEqual([
      { file: LEADS.file, columns: [{ name: 'mql_id', type: 'text' }, { name: 'first_contact_date', type: 'time' }, { name: 'origin', type: 'text' }] },
      { file: DEALS.file, columns: [{ name: 'mql_id', type: 'text' }, { name: 'won_date', type: 'time' }] }
    ]);
  });

  it('records a spend file with its spend columns', () => {
    const spendFile: DroppedFile = { file: 'spend.csv', columns: [{ name: 'day', type: 'DATE' }, { name: 'cost', type: 'DOUBLE' }, { name: 'note', type: 'VARCHAR' }] };
    const mapping: Mapping = { columns: { user: 'u', time: 't', event: 'e' }, spend: { file: 'spend.csv', columns: { time: 'day', amount: 'cost' } } };
    const events: DroppedFile = { file: 'ev.csv', columns: [{ name: 'u', type: 'BIGINT' }, { name: 't', type: 'TIMESTAMP' }, { name: 'e', type: 'VARCHAR' }] };
    expect(linkFilesOf({ mapping, panels: [] }, [events, spendFile], 'spend.csv')).toEqual([
      { file: 'ev.csv', columns: [{ name: 'u', type: 'number' }, { name: 't', type: 'time' }, { name: 'e', type: 'text' }] },
      { file: 'spend.csv', spend: true, columns: [{ name: 'day', type: 'time' }, { name: 'cost', type: 'number' }] }
    ]);
  });

  it('finds the columns filters, conditions, groups and outcomes name', () => {
    const panels: Analysis[] = [
      { kind: 'experiment', group: 'segment', control: 'No E-Mail', outcomes: [{ column: 'spend' }, { event: 'visit', where: [{ column: 'channel', op: '=', values: ['Web'] }] }] }
    ];
    expect([...referencedColumns({ filters: [{ column: 'country', op: 'is_null' }] }, panels)].sort()).toEqual(['channel', 'country', 'segment', 'spend']);
  });
});

describe('checkFiles against a link', () => {
  it('accepts both Olist files, in any order, and pairs each with its entry', () => {
    const r = checkFiles(neededFiles(OLIST), [DEALS, LEADS]);
    expect(r.ok && r.matched.map((n) => n.file)).toEqual([DEALS.file, LEADS.file]);
  });

  it('names the missing file and its columns when only the leads are dropped', () => {
    const r = checkFiles(neededFiles(OLIST), [LEADS]);
    expect(r).toEqual({
      ok: false,
      problems: [`Missing: the file "${DEALS.file}" (or an export of the same shape) with the columns mql_id (text), won_date (dates or times).`]
    });
  });

  it('accepts exports of another month: same columns, other names', () => {
    const r = checkFiles(neededFiles(OLIST), [renamed(LEADS, 'leads-2019-01.csv'), renamed(DEALS, 'deals-2019-01.csv')]);
    expect(r.ok && r.matched.map((n) => n.file)).toEqual([LEADS.file, DEALS.file]);
  });

  it('names a missing column and a column holding other values', () => {
    const leads = { ...LEADS, columns: LEADS.columns.filter((c) => c.name !== 'origin') };
    const deals = { ...DEALS, columns: DEALS.columns.map((c) => (c.name === 'won_date' ? { ...c, type: 'VARCHAR' } : c)) };
    const r = checkFiles(neededFiles(OLIST), [leads, deals]);
    expect(r).toEqual({
      ok: false,
      problems: [
        `"${LEADS.file}" has no column "origin" (the dashboard reads text from it).`,
        `In "${DEALS.file}" the column "won_date" holds text; the dashboard reads dates or times from it.`
      ]
    });
  });

  it('refuses a file the dashboard does not read', () => {
    const other: DroppedFile = { file: 'notes.csv', columns: [{ name: 'x', type: 'VARCHAR' }] };
    const r = checkFiles(neededFiles(OLIST), [LEADS, DEALS, other]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([`"notes.csv" is not one of the dashboard's files (it reads "${LEADS.file}" and "${DEALS.file}").`]);
  });

  it('checks an older link (no files recorded) on the mapped column names only', () => {
    const old = { mapping: MAPPING, panels: PANELS };
    // Types are not known: a date read as text is accepted; a missing column is not.
    const deals = { ...DEALS, columns: DEALS.columns.map((c) => (c.name === 'won_date' ? { ...c, type: 'VARCHAR' } : c)) };
    expect(checkFiles(neededFiles(old), [LEADS, deals]).ok).toBe(true);
    const noTime = { ...DEALS, columns: DEALS.columns.filter((c) => c.name !== 'won_date') };
    expect(checkFiles(neededFiles(old), [LEADS, noTime])).toEqual({ ok: false, problems: [`"${DEALS.file}" has no column "won_date".`] });
    expect(checkFiles(neededFiles(old), [LEADS])).toEqual({ ok: false, problems: [`Missing: the file "${DEALS.file}" (or an export of the same shape) with the columns mql_id, won_date.`] });
  });

  it('takes a single-file link for a file of any name with the columns', () => {
    const one = { mapping: { columns: { user: 'u', time: 't', event: 'e' } } as Mapping, panels: [] };
    const f: DroppedFile = { file: 'march.csv', columns: [{ name: 'u', type: 'VARCHAR' }, { name: 't', type: 'VARCHAR' }, { name: 'e', type: 'VARCHAR' }] };
    expect(checkFiles(neededFiles(one), [f]).ok).toBe(true);
    expect(checkFiles(neededFiles(one), [{ ...f, columns: f.columns.slice(0, 2) }])).toEqual({ ok: false, problems: ['"march.csv" has no column "e".'] });
  });
});

describe('linkedFiles', () => {
  it("gives each dropped file its source's columns, whatever its name", () => {
    const r = linkedFiles(OLIST, [renamed(DEALS, 'deals-2019.csv'), renamed(LEADS, 'leads-2019.csv')]);
    expect(r).toEqual({
      ok: true,
      files: [
        { columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } }, time_format: 'auto' },
        { columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: 'auto' }
      ]
    });
  });

  it('refuses in sentences, no field paths', () => {
    const r = linkedFiles(OLIST, [LEADS]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(`Missing: the file "${DEALS.file}"`);
    expect(!r.ok && r.message).not.toMatch(/sources\[|mapping\./);
  });
});

describe('the link carries the files', () => {
  it('round-trips them; a link without them still decodes', async () => {
    const state: DashboardState = { v: 1, mapping: MAPPING, panels: PANELS, files: OLIST.files };
    const back = await decodeState(await encodeState(state));
    expect(back.files).toEqual(OLIST.files);
    const old = await decodeState(await encodeState({ v: 1, mapping: MAPPING, panels: PANELS }));
    expect(old.files).toBeUndefined();
  });
});
