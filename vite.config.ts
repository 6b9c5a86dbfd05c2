import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
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
