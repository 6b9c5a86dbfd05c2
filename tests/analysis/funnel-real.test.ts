import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFunnel } from '../../src/lib/analysis/funnel';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import type { Spec } from '../../src/lib/schema/types';
import { dataPath, needData } from '../support/data';
import { referenceFunnel, type RefEvent, type RefFunnel } from './reference/funnel';
import { closeTo } from './support/close-to';
import { csvRows } from '../support/csv-rows';

/**
 * Real data through the whole pipeline (import, events, SQL funnel) against the reference fed
 * with rows read by plain TypeScript from the same CSV files.
 */

/** `DD-MM-YYYY[ HH:MM]` or `YYYY-MM-DD` as epoch microseconds, UTC. */
function micros(s: string): number {
  let m = /^(\d{2})-(\d{2})-(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(s);
  if (m) return Date.UTC(+m[3], +m[2] - 1, +m[1], +(m[4] ?? 0), +(m[5] ?? 0)) * 1000;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3]) * 1000;
  throw new Error(`unexpected date ${s}`);
}

async function load(engine: NodeEngine, files: string[], spec: Spec) {
  const imported: ImportedFile[] = [];
  for (const [i, p] of files.entries()) imported.push(await importFile(engine, { name: path.basename(p), data: readFileSync(p) }, i));
  return (await buildEvents(engine, imported, spec)).schema;
}

const cdnow = dataPath('cdnow', 'cdnow_master.csv');
const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

describe.runIf(needData(cdnow, 'CDNOW'))('CDNOW repeat purchases', () => {
  test('purchase → purchase → purchase within 90 days matches the reference', async () => {
    const funnel: RefFunnel = { steps: [{ event: 'purchase' }, { event: 'purchase' }, { event: 'purchase' }], window: { value: 90, unit: 'day' } };
    const spec = { version: 1, columns: { user: 'customer_id', time: 'date', event: { value: 'purchase' } }, time_format: '%Y-%m-%d', analysis: { kind: 'funnel', ...funnel } } as Spec;
    const schema = await load(engine, [cdnow!], spec);
    const got = await runFunnel(engine, schema, spec);

    const rows = csvRows(readFileSync(cdnow!, 'utf8')).slice(1).filter((r) => r.length > 1);
    const events: RefEvent[] = rows.map((r, i) => ({ row_id: i, user_id: r[0], us: micros(r[1]), event: 'purchase', props: {} }));
    const want = referenceFunnel({ events, numeric: new Set(), funnel });
    expect(want.steps[0].users).toBe(23570);
    expect(want.steps[2].users).toBeGreaterThan(1000);
    const { kind, ...rest } = got;
    expect(kind).toBe('funnel');
    if (!closeTo(rest, want)) expect(rest).toEqual(want);
  });
});

describe.runIf(needData(leads, 'Olist marketing funnel') && needData(deals, 'Olist marketing funnel'))('Olist leads to deals', () => {
  test('lead → won within 52 weeks by origin matches the reference', async () => {
    const funnel: RefFunnel = { steps: [{ event: 'lead' }, { event: 'won' }], window: { value: 52, unit: 'week' }, breakdown: 'origin' };
    const spec = {
      version: 1,
      sources: [
        { file: path.basename(leads!), columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: '%d-%m-%Y' },
        { file: path.basename(deals!), columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } }, time_format: '%d-%m-%Y %H:%M' }
      ],
      analysis: { kind: 'funnel', ...funnel }
    } as Spec;
    const schema = await load(engine, [leads!, deals!], spec);
    const got = await runFunnel(engine, schema, spec);

    const lead = csvRows(readFileSync(leads!, 'utf8')).slice(1).filter((r) => r.length > 1);
    const won = csvRows(readFileSync(deals!, 'utf8')).slice(1).filter((r) => r.length > 1);
    const events: RefEvent[] = [
      ...lead.map((r) => ({ user_id: r[0], us: micros(r[1]), event: 'lead', props: { origin: r[3] === '' ? null : r[3] } })),
      ...won.map((r) => ({ user_id: r[0], us: micros(r[4]), event: 'won', props: { origin: null } }))
    ].map((e, i) => ({ ...e, row_id: i }));
    const want = referenceFunnel({ events, numeric: new Set(), funnel });
    expect(want.steps[0].users).toBe(8000);
    expect(want.breakdown!.length).toBeGreaterThan(5);
    const { kind, ...rest } = got;
    expect(kind).toBe('funnel');
    if (!closeTo(rest, want)) expect(rest).toEqual(want);
  });
});
