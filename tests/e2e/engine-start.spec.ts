import { expect, test } from './fixtures';

/**
 * The page's engine as it starts: the start-up and lockdown settings, sent to DuckDB as one
 * statement list (src/lib/engine/browser.ts), all took effect, and the start-up steps are on the
 * page's timeline in order (bench/fixed-costs.ts reads them).
 */
test('the engine starts locked down, its steps marked in order', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const got = await page.evaluate(async () => {
    type Stmt = { text: string };
    const g = globalThis as unknown as {
      __journeyscope: { session: { engine: { query: (s: Stmt) => Promise<Record<string, unknown>[]> } } };
      __journeyscopeRaw: (t: string) => Stmt;
    };
    const q = (t: string) => g.__journeyscope.session.engine.query(g.__journeyscopeRaw(t));
    const [settings] = await q(
      "SELECT current_setting('autoinstall_known_extensions')::VARCHAR AS autoinstall, current_setting('autoload_known_extensions')::VARCHAR AS autoload, current_setting('enable_external_access')::VARCHAR AS external, current_setting('allow_community_extensions')::VARCHAR AS community, current_setting('lock_configuration')::VARCHAR AS locked, current_setting('allowed_directories')::VARCHAR AS dirs"
    );
    const dbs = (await q('SELECT database_name AS name FROM duckdb_databases() ORDER BY name')).map((r) => r.name);
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('engine:')).map((m) => m.name);
    return { settings, dbs, marks };
  });
  expect(got.settings).toEqual({ autoinstall: 'false', autoload: 'false', external: 'false', community: 'false', locked: 'true', dirs: '[/import/]' });
  expect(got.dbs).toContain('journeys');
  expect(got.marks).toEqual(['engine:start', 'engine:instantiated', 'engine:open', 'engine:settings']);
});
