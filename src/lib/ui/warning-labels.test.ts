import { expect, it } from 'vitest';
import { WARNING_CODES } from '../ingest/report';
import { warningLabel, warningSentence } from './warning-labels';

it('every warning code has its own title', () => {
  // The codes are a union type (ingest/report.ts) and the titles a record over it: the compiler
  // asks for a title of every new code; here, that none is left as the bare code.
  for (const c of WARNING_CODES) expect(warningLabel(c), c).not.toBe(c.replaceAll('_', ' '));
});

it('makes a sentence of a message', () => {
  expect(warningSentence('2 lines could not be read: 4, 6')).toBe('2 lines could not be read: 4, 6.');
  expect(warningSentence('column "x" is read as numbers (a)')).toBe('Column "x" is read as numbers (a)');
});
