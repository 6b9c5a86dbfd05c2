import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeState } from '../../src/lib/state/url-codec';
import { inProcessCli } from './in-process';

/** `journeyscope run` on small CSVs: stdout JSON, stderr lines, exit codes (main() in-process). */
const { cli: journeyscope, close } = inProcessCli();
const cli = (...args: string[]) => journeyscope('run', ...args);
afterAll(close);
let dir: string;

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const step = (n: number, label: string, users: number, conv: number, stepConv: number, secs: number | null) => ({
  step: n, label, users, conversion: conv, step_conversion: stepConv, avg_seconds: secs, median_seconds: secs
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-run-'));
  file('events.csv', [
    'visitor,when,what,channel',
    'u1,2024-01-01 10:00:00,view,email',
    'u1,2024-01-01 10:05:00,buy,email',
    'u2,2024-01-01 10:00:00,view,ads',
    ',2024-01-01 10:00:00,view,ads',
    'u3,not a time,view,ads'
  ].join('\n') + '\n');
  file('funnel.json', JSON.stringify({
    version: 1, columns: { user: 'visitor', time: 'when', event: 'what' },
    analysis: { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }], breakdown: 'channel' }
  }));
});

describe('journeyscope run', async () => {
  test('prints the funnel JSON on stdout only, and the unusable rows on stderr', async () => {
    const r = await cli('--data', path.join(dir, 'events.csv'), '--spec', path.join(dir, 'funnel.json'));
    expect(r.code, r.stderr).toBe(0);
    // u1 views then buys 300 s later; u2 only views; the rows without a user or a time are out.
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'funnel',
      steps: [step(1, 'view', 2, 1, 1, null), step(2, 'buy', 1, 0.5, 0.5, 300)],
      breakdown: [
        { value: 'ads', steps: [step(1, 'view', 1, 1, 1, null), step(2, 'buy', 0, 0, 0, null)] },
        { value: 'email', steps: [step(1, 'view', 1, 1, 1, null), step(2, 'buy', 1, 1, 1, 300)] }
      ]
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/events\.csv: 1 rows left out \(no user\), lines 5/);
    expect(r.stderr).toMatch(/events\.csv: 1 rows left out \(a time that does not parse\), lines 6/);
  });

  test('--out writes the result to a file and leaves stdout empty', async () => {
    const out = path.join(dir, 'result.json');
    const r = await cli('--data', path.join(dir, 'events.csv'), '--spec', path.join(dir, 'funnel.json'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).steps[1].users).toBe(1);
  });

  test('a bad spec exits 2 with one line naming the field', async () => {
    const spec = file('bad.json', JSON.stringify({
      version: 1, columns: { user: 'visitor', time: 'when', event: 'what' },
      analysis: { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }], exclusions: [{ event: 'x', from_step: 2, to_step: 2 }] }
    }));
    const r = await cli('--data', path.join(dir, 'events.csv'), '--spec', spec);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('analysis.exclusions[0].from_step');
  });

  test('a missing column exits 2 naming it', async () => {
    const spec = file('nocol.json', JSON.stringify({
      version: 1, columns: { user: 'visitor', time: 'when', event: 'what' },
      analysis: { kind: 'funnel', steps: [{ event: 'view' }], breakdown: 'country' }
    }));
    const r = await cli('--data', path.join(dir, 'events.csv'), '--spec', spec);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"country"');
  });

  test('a file DuckDB\'s CSV parser gives up on exits 2 with one plain line naming it', async () => {
    // A fuzzed bad-CSV fixture (see inspect.test.ts): it exited 1 with a stack.
    const fuzzed = path.resolve(import.meta.dirname, '..', 'fixtures', 'cli', 'csv-parser-invalid-state.csv');
    const r = await cli('--data', path.join(dir, 'events.csv'), '--data', fuzzed, '--spec', path.join(dir, 'funnel.json'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^journeyscope: .*csv-parser-invalid-state\.csv: cannot be imported: [^\n]*\n$/);
  });

  test('--state runs a panel of an app link', async () => {
    const link = 'https://example.test/#' + (await encodeState({
      v: 1,
      mapping: { columns: { user: 'visitor', time: 'when', event: 'what' } },
      panels: [
        { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }] },
        { kind: 'funnel', steps: [{ event: 'buy' }] }
      ]
    }));
    const first = await cli('--data', path.join(dir, 'events.csv'), '--state', link);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).steps.map((s: { users: number }) => s.users)).toEqual([2, 1]);
    const second = await cli('--data', path.join(dir, 'events.csv'), '--state', link, '--panel', '2');
    expect(JSON.parse(second.stdout).steps.map((s: { users: number }) => s.users)).toEqual([1]);
    const none = await cli('--data', path.join(dir, 'events.csv'), '--state', link, '--panel', '3');
    expect(none.code).toBe(2);
  });

  test("--state applies a panel's own filters and whether the dashboard's apply (scopes)", async () => {
    const funnel = { kind: 'funnel' as const, steps: [{ event: 'view' }, { event: 'buy' }] };
    const link = await encodeState({
      v: 1,
      mapping: { columns: { user: 'visitor', time: 'when', event: 'what' }, filters: [{ column: 'channel', op: '=', values: ['email'] }] },
      panels: [funnel, funnel, funnel],
      scopes: [{}, { dashboard_filters: 'ignore', filters: [{ column: 'channel', op: '=', values: ['ads'] }] }, { filters: [{ column: 'channel', op: '=', values: ['ads'] }] }]
    });
    const users = async (n: string) => {
      const r = await cli('--data', path.join(dir, 'events.csv'), '--state', link, '--panel', n);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).steps.map((s: { users: number }) => s.users);
    };
    // Dashboard filter email: u1 views and buys. Panel 2 sets it aside for ads: u2 only views.
    expect(await users('1')).toEqual([1, 1]);
    expect(await users('2')).toEqual([1, 0]);
    // Panel 3 adds ads to email: no row is both, so nobody.
    expect(await users('3')).toEqual([0, 0]);
  });

  test('files of different shapes make one event set through sources', async () => {
    const leads = file('leads.csv', 'mql_id,first_contact_date,origin\nm1,01-02-2018,social\nm2,15-02-2018,paid\nm3,20-02-2018,social\n');
    const deals = file('deals.csv', 'mql_id,won_date\nm1,10-02-2018 12:00\nm3,19-02-2018 09:00\n');
    const spec = file('olist.json', JSON.stringify({
      version: 1,
      sources: [
        { file: 'leads.csv', columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: '%d-%m-%Y' },
        { file: 'deals.csv', columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } }, time_format: '%d-%m-%Y %H:%M' }
      ],
      analysis: { kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won' }], window: { value: 52, unit: 'week' } }
    }));
    const r = await cli('--data', leads, '--data', deals, '--spec', spec);
    expect(r.code, r.stderr).toBe(0);
    // m1 wins 9 d 12 h after its lead (820800 s); m3's deal predates its lead; m2 never wins.
    expect(JSON.parse(r.stdout).steps).toEqual([step(1, 'lead', 3, 1, 1, null), step(2, 'won', 1, 1 / 3, 1 / 3, 820800)]);
  });
});
