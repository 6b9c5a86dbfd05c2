import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { importFailure, plainReason } from '../../src/lib/ingest/import-errors';
import { Session } from '../../src/lib/session/session';
import { ImportError } from '../../src/lib/schema/errors';

/** An engine whose queries fail with `error` once a file is registered, as DuckDB does on a file it gives up on. */
function failing(error: Error): Engine {
  const fail = async (): Promise<never> => {
    throw error;
  };
  const ok = async () => undefined;
  return {
    registerFile: ok, dropFile: ok, insertArrowIPC: fail, cancel: ok, reset: ok, close: ok,
    // The memory limit asked for at start (unknown) and the choice of storage succeed.
    query: async (stmt) => (/memory_limit|^USE /.test(stmt.text) ? [] : fail())
  } as Engine;
}

const bytes = new TextEncoder().encode('user,time,event\nu1,2024-01-01 10:00:00,view\n');

describe('an engine error while importing (page and command line alike: the Session)', () => {
  test('names the file, with the plain reason', async () => {
    const duckdb = new Error('Invalid Input Error: The CSV Parser state machine reached an invalid state.\nPossible fixes:\n* Disable the parser\'s strict mode\n\n  file = /import/0-e.csv');
    const err = await new Session(failing(duckdb)).add([{ name: 'e.csv', data: bytes }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toBe('e.csv: cannot be imported: The CSV Parser state machine reached an invalid state.');
    expect((err as ImportError).file).toBe('e.csv');
  });

  test('a JavaScript error (a bug) is not dressed up as the file\'s fault', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(importFailure(bug, 'e.csv')).toBe(bug);
    const abort = new DOMException('superseded', 'AbortError');
    expect(importFailure(abort, 'e.csv')).toBe(abort);
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
