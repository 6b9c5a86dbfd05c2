import { expect, test } from './fixtures';

test('a crashed engine is rebuilt: files read again, numbers back, the page never blank', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  const before = await page.getByTestId('funnel-step-users-1').first().getAttribute('data-value');

  // What DuckDB-WASM's worker reports after a trap (memory access out of bounds, OOM).
  await page.evaluate(() => {
    const worker = (globalThis as unknown as { __journeyscopeWorker(): Worker }).__journeyscopeWorker();
    worker.dispatchEvent(new ErrorEvent('error', { message: 'memory access out of bounds' }));
  });
  // The next query meets the dead engine: the page says so, rebuilds, and computes again.
  await page.getByRole('button', { name: '+ Funnel' }).click();
  await expect(page.getByTestId('panel-1').getByTestId('funnel-step-users-1')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('error')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('overview').getByTestId('funnel-step-users-1')).toHaveAttribute('data-value', before!);
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
});
