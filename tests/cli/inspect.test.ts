import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath, fixturePath, needData } from '../support/data';
import { inProcessCli } from './in-process';

const { cli: journeyscope, close } = inProcessCli();
const cli = (...args: string[]) => journeyscope('inspect', ...args);
afterAll(close);

const dir = mkdtempSync(path.join(tmpdir(), 'js-inspect-'));
const events = path.join(dir, 'e.csv');
writeFileSync(events, 'user_id,event_time,event_name,revenue\nu1,2024-03-01 10:00:00,view,0\nu1,2024-03-01 10:05:00,purchase\nu2,2024-03-02 09:00:00,view,0\n');

describe('journeyscope inspect', () => {
  it('prints the import report as JSON: columns with roles and time format, rejected lines, warnings', { timeout: 60_000 }, async () => {
    const r = await cli('--data', events);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [
        {
          file: 'e.csv',
          format: 'csv',
          delimiter: ',',
          encoding: 'utf-8',
          rows: 2,
          columns: [
            { name: 'user_id', type: 'VARCHAR', role: 'user' },
            { name: 'event_time', type: 'TIMESTAMP', role: 'time', time_format: '%Y-%m-%d %H:%M:%S' },
            { name: 'event_name', type: 'VARCHAR', role: 'event' },
            { name: 'revenue', type: 'BIGINT', role: 'revenue' }
          ],
          rejected: [{ line: 3, reason: '3 fields, expected 4' }],
          warnings: [{ code: 'rejected_rows', message: '1 line could not be read: 3' }]
        }
      ]
    });
  });

  it('says a gzip file was gzip (the page says "(gzip)"), and reads it like the plain file', { timeout: 60_000 }, async () => {
    const gz = path.join(dir, 'e.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(events)));
    const plain = JSON.parse((await cli('--data', events)).stdout).files[0];
    const r = await cli('--data', gz);
    expect(r.code).toBe(0);
    const { compression, ...rest } = JSON.parse(r.stdout).files[0];
    expect(compression).toBe('gzip');
    expect(plain.compression).toBeUndefined();
    expect(rest).toEqual({ ...plain, file: 'e.csv.gz' });
  });

  it('uses the spec roles with --spec', { timeout: 60_000 }, async () => {
    const spec = path.join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ version: 1, columns: { user: 'event_name', time: 'event_time', event: 'user_id' } }));
    const r = await cli('--data', events, '--spec', spec);
    expect(r.code).toBe(0);
    const cols = JSON.parse(r.stdout).files[0].columns;
    expect(cols.map((c: { role: string | null }) => c.role)).toEqual(['event', 'time', 'user', 'revenue']);
  });

  it('exits 2 with one line naming the file that cannot be imported', { timeout: 60_000 }, async () => {
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const r = await cli('--data', events, '--data', empty);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('empty.csv');
  });

  // A fuzzed bad-CSV fixture (27_embedded_newlines.csv, truncated, bytes flipped) DuckDB's CSV
  // parser gives up on. It made inspect exit 1 with DuckDB's "Possible fixes" and a stack.
  it('exits 2 with one plain line naming a file DuckDB\'s CSV parser gives up on', { timeout: 60_000 }, async () => {
    const fuzzed = path.resolve(import.meta.dirname, '..', 'fixtures', 'cli', 'csv-parser-invalid-state.csv');
    const r = await cli('--data', events, '--data', fuzzed);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`journeyscope: ${path.basename(fuzzed)}: cannot be imported: The CSV Parser state machine reached an invalid state.\n`);
  });

  const bin = fixturePath('bad-csv', '49_binary_not_csv.csv');
  it.runIf(needData(bin, 'bad-CSV fixtures'))('refuses binary data, naming gzip', { timeout: 60_000 }, async () => {
    const r = await cli('--data', bin!);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/49_binary_not_csv\.csv: not a CSV.*gzip/);
  });

  const mixed = fixturePath('bad-csv', '21_mixed_date_formats.csv');
  it.runIf(needData(mixed, 'bad-CSV fixtures'))('reports the import\'s time warnings once, with their lines', { timeout: 60_000 }, async () => {
    const r = await cli('--data', mixed!);
    expect(r.code).toBe(0);
    const w: { code: string; message: string }[] = JSON.parse(r.stdout).files[0].warnings;
    expect(w.map((x) => x.code)).toEqual(['mixed_date_formats', 'ambiguous_date', 'invalid_dates', 'mapping_incomplete']);
    expect(w[1].message).toContain('"03/05/2024" could be 3 May 2024 or March 5 2024');
    expect(w[2].message).toContain('lines 3, 4, 5');
  });

  const cdnow = dataPath('cdnow', 'CDNOW_master.txt');
  it.runIf(needData(cdnow, 'CDNOW'))('reads the whitespace-aligned CDNOW file', { timeout: 60_000 }, async () => {
    const r = await cli('--data', cdnow!);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).files[0];
    expect([f.file, f.delimiter, f.rows]).toEqual(['CDNOW_master.txt', 'whitespace', 69659]);
    expect(f.columns[0]).toEqual({ name: 'customer_id', type: 'VARCHAR', role: 'user' });
  });
});
