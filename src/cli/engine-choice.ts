import { NativeEngine, type NativeOptions } from '../lib/engine/native';
import { SpecError } from '../lib/schema/errors';
import type { Engine } from '../lib/engine/engine';

/** Which engine a command runs on: the page's DuckDB-WASM (default) or native DuckDB with its options. */
export type EngineChoice = { kind: 'browser'; readable?: string[] } | ({ kind: 'native' } & NativeOptions);

interface EngineFlags {
  engine?: string;
  memoryLimit?: string;
  threads?: number;
  tempDir?: string;
}

const SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * The engine the flags ask for, or a SpecError naming the flag that is wrong. The native engine's
 * options given without `--engine native` are an error, not silently ignored.
 */
export function engineChoice(a: EngineFlags & { data?: string[] }): EngineChoice {
  const kind = a.engine ?? 'browser';
  if (kind !== 'browser' && kind !== 'native') throw new SpecError(`--engine must be browser or native, not ${JSON.stringify(kind)}`);
  if (kind === 'browser') {
    const stray = [a.memoryLimit !== undefined && '--memory-limit', a.threads !== undefined && '--threads', a.tempDir !== undefined && '--temp-dir'].filter(Boolean);
    if (stray.length) throw new SpecError(`${stray.join(', ')} only apply to --engine native`);
    return { kind, readable: a.data };
  }
  if (a.memoryLimit !== undefined && !SIZE.test(a.memoryLimit.trim())) {
    throw new SpecError(`--memory-limit must be a size such as 2GB or 512MB, not ${JSON.stringify(a.memoryLimit)}`);
  }
  if (a.threads !== undefined && !(Number.isInteger(a.threads) && a.threads >= 1)) throw new SpecError('--threads must be a whole number of 1 or more');
  // The `--data` files are read where they lie: the only files outside its own folder it may open.
  return { kind, memoryLimit: a.memoryLimit?.trim(), threads: a.threads, tempDir: a.tempDir, readable: a.data };
}

/** A new native engine; NativeEngineMissing (one line, exit 2) when @duckdb/node-api is absent. */
export function openEngine(choice: Extract<EngineChoice, { kind: 'native' }>): Promise<Engine> {
  const { kind: _kind, ...opts } = choice;
  return NativeEngine.create(opts);
}
