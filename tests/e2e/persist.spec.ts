import { expect, test, type Page } from './fixtures';
import { dataPath, needData } from '../support/data';

/**
 * Kept and offline (docs/PERSISTENCE.md): the dropped file and the dashboard come back after a
 * reload, from the browser's private storage, also without a network; "Forget this data" and
 * "Start over" remove them, and the latter asks first.
 */

const SAMPLE = 'sample-data/journeys.csv';

async function open(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

/** The service worker has cached the whole build and answers this page's requests. */
async function offlineReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 }).toBe(true);
}

async function dropAndConfirm(page: Page) {
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

/** A funnel panel, settled: its users per step. */
async function addFunnel(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: '+ Funnel' }).click();
  return panelNumbers(page);
}

async function panelNumbers(page: Page): Promise<string[]> {
  const panel = page.getByTestId('panel-1');
  await expect(panel.getByTestId('funnel-step-users-1')).toBeVisible({ timeout: 60_000 });
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const cells = panel.locator('[data-testid^="funnel-step-users-"]');
  return Promise.all((await cells.all()).map((c) => c.getAttribute('data-value').then(String)));
}

/** The dashboard as shown: its link, the tiles and the stage funnel's users. */
async function dashboard(page: Page) {
  const overview = page.getByTestId('overview');
  await expect(overview).toHaveAttribute('aria-busy', 'false');
  return {
    hash: new URL(page.url()).hash,
    users: await page.getByTestId('kpi-users').textContent(),
    stages: await Promise.all((await overview.locator('[data-testid^="funnel-step-users-"]').all()).map((c) => c.getAttribute('data-value')))
  };
}

test('the dropped file and the dashboard survive a reload; Start over asks; Forget this data forgets', async ({ page }) => {
  // Five page loads of the same dashboard: more than the default test time on a busy machine.
  test.setTimeout(360_000);
  await open(page);
  await dropAndConfirm(page);
  const numbers = await addFunnel(page);
  expect(numbers.length).toBeGreaterThan(1);
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: journeys.csv');
  const before = await dashboard(page);
  expect(before.hash.length).toBeGreaterThan(10);

  // Reloaded, and opened again at the bare address (the kept dashboard, not a link): all back.
  for (const reopen of [() => page.reload(), () => page.goto('/')]) {
    await reopen();
    await expect(page.getByTestId('panel-1')).toBeVisible({ timeout: 60_000 });
    expect(await panelNumbers(page)).toEqual(numbers);
    expect(await dashboard(page)).toEqual(before);
    await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: journeys.csv');
  }

  // The link followed anew (as from a bookmark): a link is for the files dropped next, so the
  // landing page stays, offering the kept file; taken, the same dashboard.
  await page.goto('about:blank');
  await page.goto('/' + before.hash);
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser from an earlier visit: journeys.csv');
  await expect(page.getByTestId('file-input')).toBeAttached();
  await page.getByTestId('reopen-kept').click();
  await expect(page.getByTestId('panel-1')).toBeVisible({ timeout: 60_000 });
  expect(await panelNumbers(page)).toEqual(numbers);
  expect(await dashboard(page)).toEqual(before);

  // "Start over" asks; Cancel keeps everything, also after a reload.
  await page.getByTestId('start-over').click();
  await expect(page.getByTestId('start-over-ask')).toContainText('forget the copies kept in this browser');
  await page.getByTestId('start-over-cancel').click();
  await expect(page.getByTestId('start-over-ask')).toHaveCount(0);
  expect(await dashboard(page)).toEqual(before);
  await page.reload();
  await expect(page.getByTestId('panel-1')).toBeVisible({ timeout: 60_000 });
  expect(await panelNumbers(page)).toEqual(numbers);

  // "Forget this data": said on the page; the dashboard stays until the reload, then the landing page.
  await page.getByTestId('forget-data').click();
  await expect(page.getByTestId('kept-note')).toContainText('Nothing is kept in this browser any more');
  await expect(page.getByTestId('forget-data')).toHaveCount(0);
  // The engine holds its own copy of the rows: the reopened dashboard keeps working.
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const second = page.getByTestId('panel-2');
  await expect(second.getByTestId('funnel-step-users-1')).toBeVisible({ timeout: 60_000 });
  await expect(second).toHaveAttribute('aria-busy', 'false');
  expect(await Promise.all((await second.locator('[data-testid^="funnel-step-users-"]').all()).map((c) => c.getAttribute('data-value').then(String)))).toEqual(numbers);
  await page.reload();
  await expect(page.getByTestId('try-sample')).toBeVisible();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // Nothing comes back later either.
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('overview')).toHaveCount(0);
  await expect(page.getByTestId('importing')).toHaveCount(0);
});

test('Start over, confirmed, closes the dashboard and keeps nothing', async ({ page }) => {
  await open(page);
  await dropAndConfirm(page);
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: journeys.csv');
  await page.getByTestId('start-over').click();
  await page.getByTestId('start-over-confirm').click();
  await expect(page.getByTestId('try-sample')).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).hash).toBe('');
  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('try-sample')).toBeVisible();
  await expect(page.getByTestId('overview')).toHaveCount(0);
});

test('offline after the first visit: the app starts, its kept data reopens and the numbers show', async ({ page, context }) => {
  await open(page);
  await offlineReady(page);
  await page.getByTestId('try-sample').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  const numbers = await addFunnel(page);
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: journeys.csv');
  const before = await dashboard(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('panel-1')).toBeVisible({ timeout: 60_000 });
  expect(await panelNumbers(page)).toEqual(numbers);
  expect(await dashboard(page)).toEqual(before);
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
  await context.setOffline(false);
});

test('offline mid-session: confirming a mapping still works (its lazily loaded code is cached)', async ({ page, context }) => {
  await open(page);
  await offlineReady(page);
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await expect(page.getByTestId('confirm')).toBeEnabled({ timeout: 60_000 });
  await context.setOffline(true);
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
  await expect(page.getByTestId('error')).toHaveCount(0);
  await context.setOffline(false);
});

test('a browser that writes private files only from a worker keeps them too (the writer worker)', async ({ page }) => {
  // As in a browser without createWritable on file handles: the page hands the file to a worker.
  await page.addInitScript(() => {
    delete (FileSystemFileHandle.prototype as { createWritable?: unknown }).createWritable;
  });
  await open(page);
  expect(await page.evaluate(() => 'createWritable' in FileSystemFileHandle.prototype)).toBe(false);
  await dropAndConfirm(page);
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: journeys.csv (3.3 MB)');
  const before = await dashboard(page);
  await page.reload();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  expect(await dashboard(page)).toEqual(before);
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
});

test('a file that does not fit the storage left is not kept, and the page says so', async ({ page }) => {
  // As in a browser with 1 MB left for this site (the sample is 3.3 MB).
  await page.addInitScript(() => {
    StorageManager.prototype.estimate = async () => ({ quota: 2 * 1024 * 1024, usage: 1024 * 1024 });
  });
  await open(page);
  await dropAndConfirm(page);
  await expect(page.getByTestId('kept-note')).toHaveText('journeys.csv is not kept: it is 3.3 MB, more than this browser lets the page store (about 1.0 MB free). After a reload, drop it again.');
  await expect(page.getByTestId('forget-data')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('kept-note')).toHaveText('journeys.csv was not kept in this browser: drop it again to see the whole dashboard.');
  await expect(page.getByTestId('try-sample')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  // The link still describes the dashboard: the file dropped again reopens it.
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
});

test('without a private file system the page says so in plain words and works as before', async ({ page }) => {
  await page.addInitScript(() => {
    delete (StorageManager.prototype as { getDirectory?: unknown }).getDirectory;
  });
  await open(page);
  await dropAndConfirm(page);
  await expect(page.getByTestId('kept-note')).toContainText('This browser does not let the page keep files');
  await expect(page.getByTestId('kpi-users')).toContainText('9,858');
  await page.reload();
  await expect(page.getByTestId('try-sample')).toBeVisible();
});

test('two real files mapped by hand (Olist leads and deals) reopen in their order with their mapping and stages', async ({ page }) => {
  const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
  const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');
  test.skip(!needData(leads, 'Olist data') || !needData(deals, 'Olist data'));
  await open(page);
  await page.getByTestId('file-input').setInputFiles([leads!, deals!]);
  for (const [file, name] of [['olist_marketing_qualified_leads_dataset.csv', 'lead'], ['olist_closed_deals_dataset.csv', 'won']]) {
    const mapper = page.getByTestId(`file-${file}`);
    await mapper.getByLabel("Each row's event").selectOption('__constant');
    await mapper.getByTestId('event-constant').fill(name);
  }
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Stage of lead').selectOption('awareness');
  await page.getByLabel('Stage of won').selectOption('purchase');
  const stageRows = () =>
    page.getByTestId('overview').getByTestId('funnel-table').locator('tbody tr:not(.unmapped)')
      .evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('th bdi')?.textContent} ${tr.querySelector('td')?.textContent}`));
  await expect.poll(stageRows).toEqual(['awareness 8,000', 'purchase 841']);
  await expect(page.getByTestId('kept-note')).toContainText('Kept in this browser: olist_marketing_qualified_leads_dataset.csv (695 KB) and olist_closed_deals_dataset.csv (164 KB)');
  // The stages are in the kept dashboard once the page has written them.
  await expect.poll(() => page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('journeyscope-kept');
    return (JSON.parse(await (await (await dir.getFileHandle('manifest.json')).getFile()).text()) as { fragment: string }).fragment;
  })).toBe(new URL(page.url()).hash.slice(1));

  await page.goto('/');
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect.poll(stageRows).toEqual(['awareness 8,000', 'purchase 841']);
  // Both files, in the order they were dropped.
  const read = (await page.getByRole('region', { name: 'What was read' }).textContent())!;
  expect(read.indexOf('olist_marketing_qualified_leads_dataset.csv')).toBeGreaterThanOrEqual(0);
  expect(read.indexOf('olist_marketing_qualified_leads_dataset.csv')).toBeLessThan(read.indexOf('olist_closed_deals_dataset.csv'));
});
