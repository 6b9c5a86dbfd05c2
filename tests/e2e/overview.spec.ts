import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvRecords } from '../support/csv-rows';
import { SAMPLE_STAGES, stageCounts } from './stage-counts';
import { dataPath, fixturePath, needData } from '../support/data';

async function stageUsers(page: Page): Promise<number[]> {
  const bars = page.locator('[data-testid^="funnel-step-users-"]');
  await expect(bars.first()).toBeVisible();
  const n = await bars.count();
  const out: number[] = [];
  for (let i = 1; i <= n; i++) out.push(Number(await page.getByTestId(`funnel-step-users-${i}`).first().getAttribute('data-value')));
  return out;
}

/** Label and users of each mapped step, from the chart's accessible table. */
async function stageRows(page: Page): Promise<string[]> {
  const rows = page.getByTestId('overview').getByTestId('funnel-table').locator('tbody tr:not(.unmapped)');
  return rows.evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('th bdi')?.textContent} ${tr.querySelector('td')?.textContent}`));
}

async function ready(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
}

test('the sample data shows the stage counts the test computes from the file itself', async ({ page }) => {
  const rows = csvRecords(readFileSync(path.resolve('sample-data/journeys.csv'), 'utf8'));
  const expected = stageCounts(
    rows.map((r) => ({ user: r.user_id, t: Date.parse(r.event_time), stage: SAMPLE_STAGES[r.event] ?? null })),
    5
  );
  await ready(page);
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  expect(await stageUsers(page)).toEqual(expected);
  const users = new Set(rows.map((r) => r.user_id)).size;
  await expect(page.getByTestId('kpi-users')).toContainText(users.toLocaleString('en'));
  // The report's row checks may follow the first chart; the summary says when they are done.
  await expect(page.getByTestId('report-checks-1')).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('report-checks-1')).toContainText('Checked for repeated lines and problems in the times');
  await page.screenshot({ path: 'test-results/overview-sample.png', fullPage: true });
});

test('Olist leads and deals stack into one journey: 8,000 leads → 841 won', async ({ page }) => {
  const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
  const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');
  test.skip(!needData(leads, 'Olist data') || !needData(deals, 'Olist data'));
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([leads!, deals!]);
  const leadFile = page.getByTestId('file-olist_marketing_qualified_leads_dataset.csv');
  const dealFile = page.getByTestId('file-olist_closed_deals_dataset.csv');
  await expect(leadFile).toBeVisible({ timeout: 60_000 });
  for (const [file, name] of [[leadFile, 'lead'], [dealFile, 'won']] as const) {
    await file.getByLabel("Each row's event").selectOption('__constant');
    await file.getByTestId('event-constant').fill(name);
  }
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Stage of lead').selectOption('awareness');
  await page.getByLabel('Stage of won').selectOption('purchase');
  // Empty stages are left out of the steps (shown apart): awareness then purchase. One deal is
  // dated before its lead's first contact, so it cannot follow it: 841, not 842.
  await expect.poll(() => stageRows(page)).toEqual(['awareness 8,000', 'purchase 841']);
  expect(await stageUsers(page)).toEqual([8000, 841]);
  await page.screenshot({ path: 'test-results/overview-olist.png', fullPage: true });
});

test('Online Retail II (Parquet): rows without a customer are reported, 4,383 customers remain', async ({ page }) => {
  const file = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
  test.skip(!needData(file, 'Online Retail II'));
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(file!);
  const mapper = page.getByTestId('file-online_retail_ii_2009_2010.parquet');
  await expect(mapper).toBeVisible({ timeout: 90_000 });
  await expect(mapper.getByTestId('rows-loaded')).toHaveText('525,461');
  await mapper.getByLabel('Role of column Customer ID').selectOption('user');
  await mapper.getByLabel('Role of column InvoiceDate').selectOption('time');
  await mapper.getByLabel("Each row's event").selectOption('__constant');
  await mapper.getByTestId('event-constant').fill('purchase');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('left-out-no_user-1')).toHaveAttribute('data-value', '107927');
  await expect(page.getByTestId('used-1')).toHaveText('417,534');
  await expect(page.getByTestId('kpi-users')).toContainText('4,383');
  await page.screenshot({ path: 'test-results/overview-retail.png', fullPage: true });
});

test('CDNOW whitespace-aligned text file: 23,570 customers, 69,659 purchases', async ({ page }) => {
  const file = dataPath('cdnow', 'CDNOW_master.txt');
  test.skip(!needData(file, 'CDNOW'));
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(file!);
  const mapper = page.getByTestId('file-CDNOW_master.txt');
  await expect(mapper).toBeVisible({ timeout: 60_000 });
  await mapper.getByLabel("Each row's event").selectOption('__constant');
  await mapper.getByTestId('event-constant').fill('purchase');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('kpi-users')).toContainText('23,570');
  await expect(page.getByTestId('kpi-events')).toContainText('69,659');
  await expect(page.getByTestId('kpi-date-span')).toContainText('1997-01-01 → 1998-06-30');
});

test('the import issues list says in words what the import did to bad dates and numbers', async ({ page }) => {
  const dates = fixturePath('bad-csv', '33_future_and_bogus_dates.csv');
  const money = fixturePath('bad-csv', '43_currency_percent.csv');
  test.skip(!needData(dates, 'bad-CSV fixtures') || !needData(money, 'bad-CSV fixtures'));
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([dates!, money!]);
  const d = page.getByTestId('file-33_future_and_bogus_dates.csv').getByTestId('import-issues');
  await expect(d).toBeVisible({ timeout: 60_000 });
  await expect(d.locator('li[data-code="invalid_dates"]')).toContainText('Dates that do not read: 2 values of time column "event_date" do not read as a date or time, e.g. "0000-00-00", "2024-02-30": lines 5, 6');
  await expect(d.locator('li[data-code="future_dates"]')).toContainText('lines 2, 7');
  await expect(d.locator('li[data-code="sentinel_dates"]')).toContainText('Placeholder dates: 2 dates');
  // Those date warnings come from the report's row checks, which run after the mapping screen shows: the report said so, then what they added.
  await expect(page.getByTestId('file-33_future_and_bogus_dates.csv').getByTestId('report-checks')).toHaveText('Checked for repeated lines and problems in the times: 3 more warnings, listed above.');
  const m = page.getByTestId('file-43_currency_percent.csv').getByTestId('import-issues');
  await expect(m.locator('li[data-code="units_stripped"]').first()).toContainText('Units removed from numbers: Column "cost" is read as numbers: currency $, €, £, USD removed');
});
