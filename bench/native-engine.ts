/**
 * The benchmark's native side is the command line's native engine (src/lib/engine/native.ts,
 * `journeyscope run --engine native`): the app's own importer, SQL builders and analyses on
 * native DuckDB through the same Engine interface, locked down the same way. A file the engine
 * was opened for (`readable`) and handed over as `fileBlob(path)` is read in place, not copied.
 */
export { fileBlob, NativeEngine, type NativeOptions } from '../src/lib/engine/native';
