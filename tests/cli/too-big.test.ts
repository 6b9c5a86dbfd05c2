import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inProcessCli } from './in-process';

/**
 * A 1 GB CSV on the command line: refused by its size, before it is read, in one line saying the
 * size, the engine's limit and what to do (it used to be read whole and grow the process to
 * 4.3 GB). The file is a few real rows and a sparse tail: no disk is used, and it lives in a temp
 * folder, never in the repository.
 */
const { cli, close } = inProcessCli();
const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-1gb-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await close();
});

it('inspect refuses a 1 GB CSV before reading it: exit 2, one line with the size, the limit and what to do', async () => {
  const file = path.join(dir, 'export.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'user_id,event_time,event\nu1,2024-01-01T10:00:00Z,site_visit\n');
  ftruncateSync(fd, 1e9);
  closeSync(fd);
  const rss = process.memoryUsage().rss;
  const r = await cli('inspect', '--data', file);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('journeyscope: export.csv is too big for the command line: 1000 MB of text needs at least 3.3 GiB of memory in the analysis engine, which may use 3.1 GiB here');
  expect(r.stderr).toContain('pass one part with --data');
  // Read whole, the file would have added a gigabyte to this process.
  expect(process.memoryUsage().rss - rss).toBeLessThan(300e6);
});
