import { createWriteStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { expect, test, type Page } from './fixtures';

/**
 * Cancel stops a long import or a long analysis, and the page stays usable: the engine answers
 * the next question with the right numbers. (The 2 s is held by Session.cancel's bounds and
 * tests/session/supervisor.test.ts; here the time is only logged, the bound generous.)
 */

const ROWS = 4_000_000;

/** A CSV of ROWS events (~200 MB), made once per machine in the temporary folder, never in the repo. */
async function bigCsv(): Promise<string> {
  const file = path.join(tmpdir(), `journeyscope-cancel-${ROWS}.csv`);
  if (existsSync(file) && statSync(file).size > ROWS * 40) return file;
  const part = path.join(mkdtempSync(path.join(tmpdir(), 'journeyscope-cancel-')), 'big.csv');
  const out = createWriteStream(part);
  out.write('user_id,event_time,event,channel,note\n');
  const events = ['site_visit', 'signup', 'add_to_cart', 'purchase'];
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) {
      chunk += `u${j % 250_000},2024-0${1 + (j % 9)}-1${j % 10}T10:${String(j % 60).padStart(2, '0')}:00Z,${events[j % 4]},email,row ${j} of a long file\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(part, file);
  return file;
}

async function ready(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

test.setTimeout(10 * 60_000);

test('Cancel stops a long import; the page stays usable and then reads the sample with its numbers', async ({ page }) => {
  const file = await bigCsv();
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(file);
  // A big file shows its columns from its first lines while it is read (docs/PROGRESSIVE.md): the
  // reading's progress bar and Cancel sit above the columns.
  const reading = page.getByTestId('reading');
  await expect(reading).toBeVisible({ timeout: 60_000 });
  // Let the reading get under way.
  await page.waitForTimeout(2_000);
  await expect(reading).toBeVisible();
  const started = Date.now();
  await page.getByTestId('cancel-reading').click();
  await expect(reading).toHaveCount(0, { timeout: 20_000 });
  console.log(`cancel.spec: the import stopped ${Date.now() - started} ms after Cancel`);
  await expect(page.getByTestId('error')).toContainText(/cancelled/i);
  await expect(page.getByRole('button', { name: 'Try the sample data' })).toBeVisible();

  // Usable: the engine (rebuilt or not) reads the sample and counts its users.
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('kpi-users')).toContainText('9,858', { timeout: 120_000 });
});

test('Stop ends a heavy analysis; the panel runs again with the numbers of before', async ({ page }) => {
  await ready(page);
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  await expect(panel.getByTestId('funnel-step-users-1')).toBeVisible({ timeout: 90_000 });
  await expect(panel).toHaveAttribute('aria-busy', 'false', { timeout: 90_000 });
  const numbers = () => panel.locator('[data-testid^="funnel-step-users-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  const before = await numbers();
  const orderBox = panel.getByRole('combobox', { name: 'Order' });
  const [first, second] = await orderBox.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));

  // A question that takes minutes (10^10 rows), asked the way a panel's extra views ask theirs.
  const heavy = page.evaluate(() => {
    const g = globalThis as unknown as {
      __journeyscope: { view(what: string, signal: AbortSignal, f: (e: { query(s: unknown): Promise<unknown> }) => Promise<unknown>): Promise<unknown> };
      __journeyscopeRaw(text: string): unknown;
    };
    return g.__journeyscope
      .view('a heavy question', new AbortController().signal, (e) => e.query(g.__journeyscopeRaw('SELECT sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b')))
      .then(
        () => 'answered',
        (e: Error) => `stopped: ${e.message}`
      );
  });
  // The panel's next run waits behind it.
  await orderBox.selectOption(second);
  await expect(panel).toHaveAttribute('aria-busy', 'true');
  await page.waitForTimeout(1_500);
  await expect(panel).toHaveAttribute('aria-busy', 'true');
  const started = Date.now();
  await panel.getByTestId('panel-stop').click();
  expect(await heavy).toMatch(/^stopped: /);
  console.log(`cancel.spec: the heavy query stopped ${Date.now() - started} ms after Stop`);
  await expect(panel.getByTestId('panel-error')).toContainText('Stopped');
  await expect(panel).toHaveAttribute('aria-busy', 'false');

  // Usable: the panel runs again, the same numbers as before.
  await orderBox.selectOption(first);
  await expect(panel).toHaveAttribute('aria-busy', 'false', { timeout: 90_000 });
  await expect(panel.getByTestId('panel-error')).toHaveCount(0);
  await expect.poll(numbers, { timeout: 90_000 }).toEqual(before);
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
});
