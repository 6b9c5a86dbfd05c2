import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exposeForTests, HOOK } from './test-hook';

// Regression: src/routes/+page.svelte set globalThis.__journeyscope in every build, giving any
// script on the page (an extension, an injected script) direct query access to the engine.
describe('the page handle for tests', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[HOOK];
  });

  it('is set in a test build only', () => {
    exposeForTests({ app: 1 }, 'production');
    expect(HOOK in globalThis).toBe(false);
    exposeForTests({ app: 1 }, 'development');
    expect(HOOK in globalThis).toBe(false);
    exposeForTests({ app: 1 }, 'test');
    expect((globalThis as Record<string, unknown>)[HOOK]).toEqual({ app: 1 });
  });

  it('is assigned nowhere else in the app', () => {
    const src = path.resolve(import.meta.dirname, '..');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|svelte|js)$/.test(f) && !/\.test\.ts$/.test(f));
    const naming = files.filter((f) => readFileSync(path.join(src, f), 'utf8').includes(HOOK));
    expect(naming).toEqual([path.join('lib', 'test-hook.ts')]);
  });
});
