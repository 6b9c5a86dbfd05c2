import { ImportError, SpecError } from '../schema/errors';

/** Longer reasons are cut: DuckDB may quote a whole line of the file (up to a megabyte of cell). */
const MAX_REASON = 200;

/**
 * An error raised while importing `file`, as a person should see it: the importer's own
 * ImportErrors and SpecErrors as they are; an error the engine raised while reading the bytes (a
 * fuzzed CSV DuckDB's parser gives up on, a NUL in a header) as one line naming the file, without
 * DuckDB's "Possible fixes" and reader options. Errors of other classes (TypeError, RangeError, an
 * AbortError, a crashed engine) are bugs or control flow and pass through untouched.
 */
export function importFailure(e: unknown, file: string): unknown {
  if (e instanceof ImportError || e instanceof SpecError) return e;
  // DuckDB-WASM raises plain Errors; so does our SQL quoting on a value it refuses.
  if (e instanceof Error && e.constructor === Error && e.name === 'Error') return new ImportError(`${file}: cannot be imported: ${plainReason(e.message)}`, file);
  return e;
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
