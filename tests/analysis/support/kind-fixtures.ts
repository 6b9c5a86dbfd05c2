import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The hand-worked fixtures of the kinds in docs/ENGAGEMENT.md (tests/fixtures/lifecycle,
 * stickiness, engagement): same shape as the retention fixtures, each run saying why.
 */
export interface KindFixture {
  file: string;
  name: string;
  columns: string[];
  rows: unknown[][];
  runs: { why: string; spec: { version: 1; analysis: { kind: string } } & Record<string, unknown>; expected: unknown }[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export function loadKindFixtures(folder: 'lifecycle' | 'stickiness' | 'engagement'): KindFixture[] {
  const dir = path.join(root, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Omit<KindFixture, 'file'>) }));
}
