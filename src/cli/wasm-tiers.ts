import { statSync } from 'node:fs';
import v8 from 'node:v8';

/**
 * Inputs up to this size get DuckDB-WASM compiled by V8's baseline compiler only.
 *
 * V8 compiles the 34 MB module at once with Liftoff, then compiles hot functions again with
 * TurboFan on background threads. For a command's usual inputs that second pass costs more than
 * it gives back. Measured on the 2-core machine (docs/STARTUP.md):
 * - a 5-row `inspect`: 2.3 s → 1.7 s of CPU;
 * - a 1M-row (69 MB) 5-step funnel: 7.8 s → 7.7 s, the same.
 * Above the limit (10M rows and more) V8 keeps its default, where optimised code may pay.
 */
export const BASELINE_ONLY_BYTES = 128 * 2 ** 20;

/**
 * Chooses how V8 compiles the engine for these input files. It must run before the engine's
 * module is compiled: V8 reads the flag when it compiles. The command line's own process only;
 * the page cannot choose, and tests share engines compiled already.
 */
export function compileForInputs(files: readonly string[]): void {
  if (baselineOnly(files)) v8.setFlagsFromString('--liftoff-only');
}

/** Whether these files together fit under BASELINE_ONLY_BYTES. */
export function baselineOnly(files: readonly string[]): boolean {
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // a missing file is reported by the import, in its own words
    }
  }
  return bytes <= BASELINE_ONLY_BYTES;
}
