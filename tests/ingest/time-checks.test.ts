import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile } from '../../src/lib/ingest/import';
import { TIME_SAMPLE_ROWS } from '../../src/lib/ingest/time/time-checks';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

const enc = (s: string) => new TextEncoder().encode(s);

describe('time checks of the import report', () => {
  it('say when they judged only the first rows of a large file', async () => {
    const lines = ['user_id,event_time,event', 'u0,2024-02-30 10:00:00,view'];
    for (let i = 1; i <= TIME_SAMPLE_ROWS + 10; i++) lines.push(`u${i},2024-03-01 10:00:00,view`);
    const f = await importFile(engine, { name: 'big.csv', data: enc(lines.join('\n')) }, 0);
    expect(f.warnings.find((w) => w.code === 'invalid_dates')?.message).toBe(
      `1 value of time column "event_time" does not read as a date or time (in the first 20,000 rows), e.g. "2024-02-30 10:00:00": line 2; those rows are left out of the journeys unless a time format reads them`
    );
  });

  it('names times without an offset beside times with one; plain times get no warning', async () => {
    const f = await importFile(engine, { name: 'ok.csv', data: enc('user_id,event_time,event\nu1,2024-03-01 10:00:00,view\nu2,2024-03-02T11:00:00+01:00,buy\n') }, 1);
    expect(f.warnings).toEqual([{ code: 'mixed_date_formats', message: 'time column "event_time" mixes formats: %Y-%m-%d %H:%M:%S (1 row), %Y-%m-%dT%H:%M:%S%z (1 row)' }, expect.objectContaining({ code: 'naive_timestamps_assumed_zone' })]);
    const g = await importFile(engine, { name: 'plain.csv', data: enc('user_id,event_time,event\nu1,2024-03-01 10:00:00,view\nu2,2024-03-02 11:00:00,buy\n') }, 2);
    expect(g.warnings).toEqual([]);
  });

  it('JSON files are judged the same way', async () => {
    const f = await importFile(engine, { name: 'e.ndjson', data: enc('{"user":"a","timestamp":1709287200}\n{"user":"b","timestamp":1709287260000}\n') }, 3);
    expect(f.warnings.map((w) => w.code)).toEqual(['epoch_units_mixed']);
  });
});
