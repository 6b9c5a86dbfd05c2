import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { warningLabel, warningSentence } from './warning-labels';

it('every warning code the import emits has a title', () => {
  const dir = path.resolve(import.meta.dirname, '..', 'ingest');
  const text = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const codes = new Set([...text.matchAll(/code: '([a-z0-9_]+)'|'(units_stripped|thousands_separators_removed)'/g)].map((m) => m[1] ?? m[2]));
  expect(codes.size).toBeGreaterThan(20);
  for (const c of codes) expect(warningLabel(c), c).not.toBe(c.replaceAll('_', ' '));
});

it('makes a sentence of a message', () => {
  expect(warningSentence('2 lines could not be read: 4, 6')).toBe('2 lines could not be read: 4, 6.');
  expect(warningSentence('column "x" is read as numbers (a)')).toBe('Column "x" is read as numbers (a)');
});
