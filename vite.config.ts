import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { patchDuckdbWorker } from './src/lib/engine/duckdb-worker-patch.ts';

/**
 * The app loads DuckDB's worker patched (src/lib/engine/duckdb-worker-patch.ts says what and why):
 * the patched copy is written at the start of every build or dev server, and the worker's `?url`
 * import resolves to it, so it is hashed, served and cached like any other built file.
 */
function duckdbWorkerPatch(): Plugin {
  const spec = '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';
  const to = path.resolve('node_modules/.cache/journeyscope/duckdb-browser-eh.worker.js');
  return {
    name: 'journeyscope:duckdb-worker-patch',
    enforce: 'pre',
    buildStart() {
      const from = createRequire(import.meta.url).resolve(spec);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, patchDuckdbWorker(readFileSync(from, 'utf8')));
    },
    resolveId(source) {
      if (source === `${spec}?url`) return `${to}?url`;
    }
  };
}

export default defineConfig({
  plugins: [duckdbWorkerPatch(), sveltekit()],
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // One DuckDB-WASM instance per file costs ~2 s; real-data suites need more than the default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The spawned command-line tests run the built CLI: (re)built once, before any file, if stale.
    globalSetup: ['tests/cli/build-cli.ts']
  }
});
