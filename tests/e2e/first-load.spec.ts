import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What the first render costs: the dashboard's code (charts, builders, d3) is fetched only once
 * the engine is ready, and the gzip reader only with a gzip file, so the JavaScript the page
 * needs before then stays within the benchmark's budget, 250 KB gzip (once exceeded unnoticed at
 * 253 KB). Timed against the engine's ready mark, not the first paint, which a loaded machine can
 * delay past it.
 */
test('at most 250 KB of JavaScript (gzip) is fetched before the engine is ready, the dashboard code after it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const scripts = () =>
    page.evaluate(() => {
      const ready = performance.getEntriesByName('engine:settings')[0]?.startTime ?? Infinity;
      return performance
        .getEntriesByType('resource')
        .filter((e) => /\.m?js$/.test(new URL(e.name).pathname) && !/worker/i.test(e.name))
        .map((e) => ({ path: new URL(e.name).pathname, before: e.startTime < ready }));
    });
  // The dashboard's chunk is fetched once the engine is ready.
  await expect.poll(async () => (await scripts()).filter((s) => !s.before).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const gzip = (p: string) => gzipSync(readFileSync(path.join('build', decodeURIComponent(p)))).length;
  const before = (await scripts()).filter((s) => s.before).reduce((sum, s) => sum + gzip(s.path), 0);
  expect(before).toBeGreaterThan(10_000);
  expect(before).toBeLessThanOrEqual(250 * 1024);

  await page.getByRole('button', { name: /sample/i }).first().click();
  await expect(page.getByTestId('funnel-step-users-1').first()).toBeVisible({ timeout: 60_000 });
});
