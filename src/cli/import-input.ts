import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../lib/engine/engine';
import { importFile, type ImportedFile } from '../lib/ingest/import';
import { ImportError, SpecError } from '../lib/spec/errors';

/** Longer reasons are cut: DuckDB may quote a whole line of the file (up to a megabyte of cell). */
const MAX_REASON = 200;

/**
 * Reads and imports the `--data` file `p` as input number `index`. A file that cannot be imported
 * fails with one line naming it (CONTRACT, the command line: exit 2), whatever stopped it: the
 * importer's own ImportErrors already say so, and an error the engine raises while reading the
 * bytes (a fuzzed CSV DuckDB's parser gives up on, a NUL in a header) becomes one here. Errors of
 * other classes (TypeError, RangeError, a WebAssembly trap) are bugs and keep their stack (exit 1).
 */
export async function importInput(engine: Engine, p: string, index: number): Promise<ImportedFile> {
  let data: Uint8Array;
  try {
    data = readFileSync(p);
  } catch {
    throw new ImportError(`${p}: cannot read the file`, p);
  }
  try {
    return await importFile(engine, { name: path.basename(p), data }, index);
  } catch (e) {
    if (e instanceof ImportError || e instanceof SpecError) throw e;
    // DuckDB-WASM raises plain Errors; so does our SQL quoting on a value it refuses.
    if (e instanceof Error && e.constructor === Error) throw new ImportError(`${p}: cannot be imported: ${plainReason(e.message)}`, p);
    throw e;
  }
}

/**
 * The first paragraph of an engine message on one line, without DuckDB's error class ("Invalid
 * Input Error: ") and without what follows (its "Possible fixes" and reader options).
 */
export function plainReason(message: string): string {
  const lines: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    if (line.trim() === '' || /^possible fixes/i.test(line.trim())) break;
    lines.push(line.trim());
  }
  const text = lines.join('; ').replace(/^[A-Za-z ]*Error: /, '').replace(/\s+/g, ' ').trim() || 'the engine could not read it';
  return text.length > MAX_REASON ? text.slice(0, MAX_REASON - 1) + '…' : text;
}
