import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the real data sets live: env JOURNEYSCOPE_DATA, else ../shared/data next to the repository
 * (the layout of the machines this project is built on). The data is not in the repository
 * (licences, size), so suites that need it skip with a notice when it is absent, except in CI
 * (env CI set), where a missing data set is a failure rather than a silently green run.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const dataRoot: string = process.env.JOURNEYSCOPE_DATA
  ? path.resolve(process.env.JOURNEYSCOPE_DATA)
  : path.resolve(repoRoot, '..', 'shared', 'data');

/** The path of a data file (e.g. `dataPath('cdnow', 'CDNOW_master.txt')`), or undefined if absent. */
export function dataPath(...parts: string[]): string | undefined {
  const p = path.join(dataRoot, ...parts);
  return existsSync(p) ? p : undefined;
}

/**
 * True when the data is there. When it is not: prints a notice and returns false (use with
 * `describe.runIf(needData(p))`), or throws when env CI is set.
 */
export function needData(p: string | undefined, what = 'real data'): p is string {
  if (p !== undefined && existsSync(p)) return true;
  const msg = `${what} not found under ${dataRoot} (set JOURNEYSCOPE_DATA): skipping`;
  if (process.env.CI) throw new Error(msg.replace(': skipping', ''));
  console.warn('NOTICE: ' + msg);
  return false;
}

/** The bad-CSV fixture corpus shipped beside the data (../shared/fixtures/bad-csv). */
export function fixturePath(...parts: string[]): string | undefined {
  const root = process.env.JOURNEYSCOPE_FIXTURES
    ? path.resolve(process.env.JOURNEYSCOPE_FIXTURES)
    : path.resolve(dataRoot, '..', 'fixtures');
  const p = path.join(root, ...parts);
  return existsSync(p) ? p : undefined;
}
