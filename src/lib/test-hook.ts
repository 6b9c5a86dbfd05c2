import { raw } from './sql/quote';

/**
 * The app's handle for the end-to-end tests and the benchmark (bench/), which drive the built app
 * through the same code paths without clicks. A global handle hands any script on the page direct
 * query access, so it exists only in a build made with `vite build --mode test` (package.json's
 * test:e2e, bench/run.ts); in a production build `import.meta.env.MODE` is 'production' and Vite
 * drops the branch.
 */
export const HOOK = '__journeyscope';

export function exposeForTests(app: unknown, mode: string = import.meta.env.MODE): void {
  if (mode !== 'test') return;
  (globalThis as Record<string, unknown>)[HOOK] = app;
  // Tests send their own statements through the builder's `raw`, as the app does.
  (globalThis as Record<string, unknown>)[`${HOOK}Raw`] = raw;
  // The crash tests end the real DuckDB worker (tests/e2e/crash.spec.ts): the one running now.
  (globalThis as Record<string, unknown>)[`${HOOK}Worker`] = () =>
    (app as { session?: { engine?: { inner?: { worker?: Worker } } } }).session?.engine?.inner?.worker ?? null;
}
