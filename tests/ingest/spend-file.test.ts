import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runKpis } from '../../src/lib/analysis/kpis';
import { NodeEngine } from '../../src/lib/engine/node';
import { buildEvents } from '../../src/lib/ingest/events';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import { looksLikeSpend } from '../../src/lib/ingest/spend-shape';
import type { Spec } from '../../src/lib/schema/types';
import { parseSpec } from '../../src/lib/schema/parse';
import { raw } from '../../src/lib/sql/quote';

/**
 * A spend file through the real import and events build: imported like any file, not stacked into
 * `events` (it has no user column, so mapping it would fail), kept behind the spend view for the
 * KPIs; its day-first dates read by the mapping's time machinery (`auto`, decided by a day > 12).
 */
const EVENTS = `user,time,event,channel,amount
u1,2024-03-01 09:00:00,visit,email,
u1,2024-03-01 10:00:00,purchase,email,30
u2,2024-03-02 09:00:00,visit,ads,
u3,2024-02-20 09:00:00,visit,ads,
`;
const SPEND = `Day,Channel,Cost
01-03-2024,email,"$20.00"
01-03-2024,ads,"$15.50"
13-03-2024,ads,"$4.50"
28-02-2024,ads,"$100.00"
`;

let engine: NodeEngine;
const files: ImportedFile[] = [];
beforeAll(async () => {
  engine = await NodeEngine.create();
  const enc = new TextEncoder();
  files.push(await importFile(engine, { name: 'events.csv', data: enc.encode(EVENTS) }, 0));
  files.push(await importFile(engine, { name: 'spend.csv', data: enc.encode(SPEND) }, 1));
});
afterAll(async () => engine.close());

const spend = { file: 'spend.csv', columns: { time: 'Day', amount: 'Cost', channel: 'Channel' } };

describe('the spend file', () => {
  test('its shape is recognised from the import (currency read as numbers, dates as text)', () => {
    expect(looksLikeSpend(files[1].columns)).toEqual({ time: 'Day', amount: 'Cost', channel: 'Channel' });
    expect(looksLikeSpend(files[0].columns)).toBeNull();
  });

  test('is skipped by the events build and read by the KPIs', async () => {
    const spec = { version: 1, spend, range: { from: '2024-03-01', to: '2024-04-01' }, analysis: { kind: 'kpis', breakdown: 'channel' } } as unknown as Spec;
    const built = await buildEvents(engine, files, spec);
    expect(built.files.map((f) => f.file)).toEqual(['events.csv']);
    const [{ n, files: names }] = await engine.query<{ n: number; files: string[] }>(raw('SELECT count(*)::INTEGER AS n, list(DISTINCT file) AS files FROM events'));
    expect([n, names]).toEqual([4, ['events.csv']]);
    const got = await runKpis(engine, built.schema, spec);
    // Guessed revenue (`amount`) counts as a revenue role. Spend in March: 20 + 15.5 + 4.5.
    expect(got.total).toMatchObject({ users: 2, purchasers: 1, revenue: 30, spend: 40, cpa: 40, roas: 0.75 });
    expect(got.breakdown).toEqual([
      expect.objectContaining({ value: 'ads', users: 1, spend: 20, cpa: null, roas: 0 }),
      expect.objectContaining({ value: 'email', users: 1, spend: 20, cpa: 20, roas: 1.5 })
    ]);
  });

  test('the validator takes the spend field, and names its wrong parts', () => {
    expect(() => parseSpec({ version: 1, spend, analysis: { kind: 'funnel', steps: [{ event: 'visit' }] } })).not.toThrow();
    expect(() => parseSpec({ version: 1, spend: { ...spend, columns: { time: 'Day' } }, analysis: { kind: 'funnel', steps: [{ event: 'visit' }] } })).toThrow(
      expect.objectContaining({ field: 'spend.columns.amount' })
    );
    expect(() => parseSpec({ version: 1, spend: { ...spend, utc_offset: 'CET' }, analysis: { kind: 'funnel', steps: [{ event: 'visit' }] } })).toThrow(
      expect.objectContaining({ field: 'spend.utc_offset' })
    );
  });

  test('a spend file that was not given is an error naming spend.file', async () => {
    const spec = { version: 1, spend: { ...spend, file: 'costs.csv' }, analysis: { kind: 'kpis' } } as unknown as Spec;
    await expect(buildEvents(engine, files, spec)).rejects.toMatchObject({ name: 'SpecError', field: 'spend.file' });
  });

  test('a spend file listed in sources too is an error naming spend.file', async () => {
    const spec = { version: 1, spend, sources: [{ file: 'events.csv' }, { file: 'spend.csv' }], analysis: { kind: 'kpis' } } as unknown as Spec;
    await expect(buildEvents(engine, files, spec)).rejects.toMatchObject({ name: 'SpecError', field: 'spend.file' });
  });

  test('without spend in the spec, the view is gone and a KPI spec naming spend says so', async () => {
    const built = await buildEvents(engine, [files[0]], { version: 1 } as Spec);
    const spec = { version: 1, spend, analysis: { kind: 'kpis' } } as unknown as Spec;
    await expect(runKpis(engine, built.schema, spec)).rejects.toMatchObject({ name: 'SpecError', field: 'spend.file' });
  });
});

describe('a spend view whose file is gone', () => {
  test('is a spec error naming spend.file, not a failed query', async () => {
    const enc = new TextEncoder();
    const f = await importFile(engine, { name: 'gone.csv', data: enc.encode(SPEND) }, 7);
    const built = await buildEvents(engine, [files[0], f], { version: 1, spend: { ...spend, file: 'gone.csv' } } as unknown as Spec);
    await engine.query(raw(`DROP VIEW ${f.table}`)); // a CSV import leaves a view over its table
    const spec = { version: 1, spend: { ...spend, file: 'gone.csv' }, analysis: { kind: 'kpis' } } as unknown as Spec;
    await expect(runKpis(engine, built.schema, spec)).rejects.toMatchObject({ name: 'SpecError', field: 'spend.file' });
  });
});
