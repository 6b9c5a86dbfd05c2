import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** A file with one row per customer on the command line: no "repeated lines" warning under `{"row": true}`. */
const root = path.resolve(import.meta.dirname, '..', '..');
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/journeyscope.js', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'js-rowusers-'));
const customers = path.join(dir, 'customers.csv');
writeFileSync(customers, 'segment,visit\nA,1\nB,0\nA,1\nA,1\n');
const columns = { user: { row: true }, time: { value: '2008-03-01' }, event: { value: 'campaign' } };
const spec = (analysis: object) => {
  const p = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify({ version: 1, columns, analysis }));
  return p;
};

describe('one row per customer on the command line', () => {
  it('inspect: the repeated lines are not reported when each row is a customer', { timeout: 60_000 }, () => {
    const plain = cli('inspect', '--data', customers);
    expect(JSON.parse(plain.stdout).files[0].warnings.map((w: { code: string }) => w.code)).toContain('duplicate_rows');
    const r = cli('inspect', '--data', customers, '--spec', spec({ kind: 'retention', start: { event: '*' }, return: { event: '*' } }));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0].warnings).toEqual([]);
  });

  it('run: every row is its own user, and stderr has no repeated-lines warning', { timeout: 60_000 }, () => {
    const r = cli('run', '--data', customers, '--spec', spec({ kind: 'retention', start: { event: '*' }, return: { event: '*' }, period: 'day', periods: 0 }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).total.size).toBe(4);
  });
});
