import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importInput, plainReason } from '../../src/cli/import-input';
import type { Engine } from '../../src/lib/engine/engine';
import { ImportError } from '../../src/lib/spec/errors';

/** An engine that fails every call with `error`, as DuckDB does on a file it gives up on. */
function failing(error: Error): Engine {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { registerFile: fail, dropFile: fail, query: fail, insertArrowIPC: fail, insertJSON: fail, cancel: fail, reset: fail, close: fail };
}

const dir = mkdtempSync(path.join(tmpdir(), 'js-import-input-'));
const file = path.join(dir, 'e.csv');
writeFileSync(file, 'user,time,event\nu1,2024-01-01 10:00:00,view\n');

describe('importInput', () => {
  test('an engine error while importing names the file, with the plain reason', async () => {
    const duckdb = new Error('Invalid Input Error: The CSV Parser state machine reached an invalid state.\nPossible fixes:\n* Disable the parser\'s strict mode\n\n  file = /import/0-e.csv');
    const err = await importInput(failing(duckdb), file, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toBe(`${file}: cannot be imported: The CSV Parser state machine reached an invalid state.`);
    expect((err as ImportError).file).toBe(file);
  });

  test('a JavaScript error (a bug) is not dressed up as the file\'s fault', async () => {
    const bug = new TypeError('Cannot read properties of undefined (reading \'x\')');
    await expect(importInput(failing(bug), file, 0)).rejects.toBe(bug);
  });

  test('a file that cannot be read names it', async () => {
    await expect(importInput(failing(new Error('unused')), path.join(dir, 'missing.csv'), 0)).rejects.toThrow(/missing\.csv: cannot read the file$/);
  });
});

// DuckDB's messages as they arrive, and the one line the command prints of them.
const REASONS: [string, string][] = [
  ['Invalid Input Error: The CSV Parser state machine reached an invalid state.\nPossible fixes:\n* Disable the parser\'s strict mode (strict_mode=false)\n\n  file = /import/0-x.csv\n  delimiter = , (Set By User)', 'The CSV Parser state machine reached an invalid state.'],
  ['Invalid Input Error: CSV Error on Line: 3\nOriginal Line: a,b,c\nExpected Number of Columns: 2 Found: 3\n\nPossible fixes:\n* Enable null padding', 'CSV Error on Line: 3; Original Line: a,b,c; Expected Number of Columns: 2 Found: 3'],
  ['Conversion Error: Could not convert string "x" to INT64', 'Could not convert string "x" to INT64'],
  ['A column name contains a NUL character: "a\\u0000b"', 'A column name contains a NUL character: "a\\u0000b"'],
  ['', 'the engine could not read it'],
  [`Invalid Input Error: Original Line: ${'x'.repeat(500)}`, `Original Line: ${'x'.repeat(184)}…`]
];

describe('plainReason', () => {
  test.each(REASONS)('%#', (message, reason) => {
    expect(plainReason(message)).toBe(reason);
    expect(plainReason(message).length).toBeLessThanOrEqual(200);
  });
});
