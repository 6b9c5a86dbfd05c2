import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * SPAWNED: the built command line (dist-cli/, rebuilt by build-cli.ts before the run) as a person
 * runs it, a real process per call. Three calls only: the other CLI tests call main() in-process.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'js-smoke-'));
const events = path.join(dir, 'e.csv');
writeFileSync(events, 'user,time,event\nu1,2024-03-01 10:00:00,view\nu1,2024-03-01 10:05:00,buy\nu2,2024-03-02 09:00:00,view\n');
const spec = path.join(dir, 'funnel.json');
writeFileSync(spec, JSON.stringify({ version: 1, columns: { user: 'user', time: 'time', event: 'event' }, analysis: { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }] } }));

function journeyscope(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/journeyscope.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('journeyscope, spawned', () => {
  test('run prints the result JSON', () => {
    const r = journeyscope('run', '--data', events, '--spec', spec);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).steps.map((s: { users: number }) => s.users)).toEqual([2, 1]);
  });

  test('inspect prints the import report', () => {
    const r = journeyscope('inspect', '--data', events);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0].rows).toBe(3);
  });

  test('a file that cannot be imported exits 2 with one line naming it, no stack', () => {
    const fuzzed = path.join(repo, 'tests', 'fixtures', 'cli', 'csv-parser-invalid-state.csv');
    const r = journeyscope('inspect', '--data', fuzzed);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`journeyscope: ${path.basename(fuzzed)}: cannot be imported: The CSV Parser state machine reached an invalid state.\n`);
  });
});
