import { expect, guardContext, expectClean, test, type Locator, type Page } from './fixtures';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { csvRecords } from '../support/csv-rows';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataPath, needData } from '../support/data';

/**
 * The filter bar used as a person would, on Online Retail II: cancellations (invoices starting
 * with "C") and rows with Quantity ≤ 0 removed. The revenue tile and Norway's cohort LTV must then
 * be what plain SQL on the file gives (written here, not taken from src/lib), and the link must
 * reopen with the filters. Also: a funnel exclusion added in the builder shows on the panel and
 * changes the count.
 */

const FILE = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');

/** Independent figures: DuckDB in Node on the Parquet file, with the two cleaning rules (or none). */
async function expected(clean: boolean) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const keep = clean ? `AND NOT starts_with(Invoice, 'C') AND Quantity > 0` : '';
  // Rows without a customer are no events (they are reported, not loaded), so they add no revenue.
  const rows = `SELECT CAST(CAST("Customer ID" AS BIGINT) AS VARCHAR) AS u, strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS ts,
      Country, Quantity * Price AS rev, row_number() OVER () AS rn
    FROM '${FILE}' WHERE "Customer ID" IS NOT NULL ${keep}`;
  const [total] = (await c.runAndReadAll(`SELECT sum(rev) AS revenue FROM (${rows})`)).getRowObjectsJson();
  // Cohorts by country: a customer's cohort is the country of their first row; LTV at month n is the
  // revenue of the customer's months a … a+n over the customers whose month a+n is within the data.
  const ltv = async (n: number) => {
    const [r] = (await c.runAndReadAll(`WITH r AS (${rows}),
      first AS (SELECT u, arg_min(Country, (ts, rn)) AS country, date_trunc('month', min(ts)) AS a FROM r GROUP BY u),
      lp AS (SELECT date_trunc('month', max(ts)) AS lp FROM r),
      eligible AS (SELECT f.* FROM first f, lp WHERE f.country = 'Norway' AND f.a + INTERVAL (${n}) MONTH <= lp.lp)
      SELECT sum(r.rev) FILTER (WHERE date_trunc('month', r.ts) <= e.a + INTERVAL (${n}) MONTH) / count(DISTINCT e.u) AS ltv
      FROM eligible e JOIN r ON r.u = e.u AND r.ts >= e.a`)).getRowObjectsJson();
    return Number(r.ltv);
  };
  const out = { revenue: Number(total.revenue), ltv0: await ltv(0), ltv3: await ltv(3) };
  c.closeSync();
  return out;
}

const money = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function openRetail(page: Page) {
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles(FILE!);
}

async function mapRetail(page: Page) {
  const mapper = page.getByTestId('file-online_retail_ii_2009_2010.parquet');
  await expect(mapper).toBeVisible({ timeout: 90_000 });
  await mapper.getByLabel('Role of column Customer ID').selectOption('user');
  await mapper.getByLabel('Role of column InvoiceDate').selectOption('time');
  await mapper.getByLabel('Role of column Invoice', { exact: true }).selectOption('order');
  await mapper.getByLabel("Each row's event").selectOption('__constant');
  await mapper.getByTestId('event-constant').fill('purchase');
  await mapper.getByLabel('Revenue').selectOption('__product');
  await mapper.getByLabel(/^Factor/).selectOption('Quantity');
  await mapper.getByLabel(/^×/).selectOption('Price');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 90_000 });
}

/** Adds a filter through the bar: column, condition, value typed (as a person would). */
async function addFilter(page: Page, column: string, condition: string, value: string) {
  const bar = page.getByTestId('filter-bar');
  await bar.getByTestId('add-filter').click();
  const editor = bar.getByTestId('filter-editor');
  await editor.getByTestId('filter-column').selectOption(column);
  await editor.getByTestId('filter-op').selectOption({ label: condition });
  await editor.getByTestId('filter-value').fill(value);
  return editor;
}

/** The filter bar's chips, as read (each also has its remove button). */
const chips = (page: Page) => page.getByTestId('filter-chip').locator('bdi');

async function revenueTile(page: Page): Promise<string> {
  await expect(page.getByTestId('overview')).toHaveAttribute('aria-busy', 'false');
  return (await page.getByTestId('kpi-revenue').textContent()) ?? '';
}

/** Norway's LTV at months 0 and 3 from the cohort heatmap (cohorts by Country, metric LTV). */
async function norwayLtv(panel: Locator): Promise<[number, number]> {
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const labels = await panel.getByTestId('cohort-heatmap-table').locator('tbody th bdi').allTextContents();
  const i = labels.indexOf('Norway');
  expect(i, `Norway among the cohorts ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  const cell = (n: number) => panel.getByTestId(`cohort-cell-${i}-${n}`).first().getAttribute('data-value');
  return [Number(await cell(0)), Number(await cell(3))];
}

test('Online Retail II: cancellations and Quantity ≤ 0 removed in the filter bar give the revenue and Norway LTV plain SQL gives; the link keeps them', async ({ page, browser, baseURL }) => {
  test.skip(!needData(FILE, 'Online Retail II'));
  test.setTimeout(300_000);
  const [raw, clean] = await Promise.all([expected(false), expected(true)]);
  // The figures this test is about: refunds pull revenue down and Norway's first-month LTV below zero.
  expect(raw.ltv0).toBeLessThan(0);
  expect(clean.ltv0).toBeGreaterThan(0);

  await page.goto('/');
  await openRetail(page);
  await mapRetail(page);
  expect(await revenueTile(page)).toContain(money(raw.revenue));

  await page.getByRole('button', { name: '+ Cohort table' }).click();
  const panel = page.getByTestId('panel-1');
  await panel.getByLabel('Cohort by').selectOption('Country');
  await panel.getByTestId('cohort-metric').selectOption('cumulative_revenue_per_user');
  await expect.poll(async () => (await norwayLtv(panel))[0]).toBeCloseTo(raw.ltv0, 6);

  // Invoice: the value list offers the column's values with their counts; typing narrows it.
  const first = await addFilter(page, 'Invoice', 'does not start with', 'C');
  const options = first.getByTestId('filter-value-option');
  await expect(options.first()).toBeVisible();
  for (const v of await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''))) expect(v.toLowerCase()).toContain('c');
  await first.getByTestId('filter-apply').click();
  await expect(chips(page)).toHaveText(['Invoice does not start with "C"']);

  const second = await addFilter(page, 'Quantity', 'is more than', '0');
  await second.getByTestId('filter-apply').click();
  await expect(chips(page)).toHaveText(['Invoice does not start with "C"', 'Quantity is more than 0']);

  // Every figure on screen follows: the tiles, and the panel (which says what applies to it).
  await expect.poll(() => revenueTile(page)).toContain(money(clean.revenue));
  await expect(panel.locator('[data-testid="scope-chip"][data-from="dashboard"]')).toHaveCount(2);
  await expect.poll(async () => (await norwayLtv(panel))[0]).toBeCloseTo(clean.ltv0, 6);
  expect((await norwayLtv(panel))[1]).toBeCloseTo(clean.ltv3, 6);

  // The link: a fresh context opens it, the same file dropped again, and the filters are back.
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(10);
  const link = page.url();
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  const again = await context.newPage();
  await again.goto(link);
  await openRetail(again);
  await expect(again.getByTestId('overview')).toBeVisible({ timeout: 90_000 });
  await expect(chips(again)).toHaveText(['Invoice does not start with "C"', 'Quantity is more than 0']);
  await expect.poll(() => revenueTile(again)).toContain(money(clean.revenue));
  const panel2 = again.getByTestId('panel-1');
  await panel2.getByTestId('cohort-metric').selectOption('cumulative_revenue_per_user');
  await expect.poll(async () => (await norwayLtv(panel2))[0]).toBeCloseTo(clean.ltv0, 6);

  // The panel sets the dashboard's filters aside: its chips say so, and its figures are the raw ones
  // again while the tiles keep the filters.
  await panel2.getByTestId('panel-scope-edit').click();
  await panel2.getByTestId('scope-dashboard-filters').uncheck();
  await expect(panel2.locator('[data-testid="scope-chip"][data-ignored="true"]')).toHaveCount(2);
  await expect.poll(async () => (await norwayLtv(panel2))[0]).toBeCloseTo(raw.ltv0, 6);
  expect(await revenueTile(again)).toContain(money(clean.revenue));
  await again.screenshot({ path: 'test-results/filters-retail.png', fullPage: true });

  // Removing a filter in the bar leaves the other.
  await again.getByRole('button', { name: 'Remove filter: Quantity is more than 0' }).click();
  await expect(chips(again)).toHaveText(['Invoice does not start with "C"']);
  await context.close();
  expectClean(guard);
});

const STEPS = ['site_visit', 'purchase'];

function cliUsers(link: string): number[] {
  const out = execFileSync('node', ['bin/journeyscope.js', 'run', '--data', 'sample-data/journeys.csv', '--state', link, '--panel', '1'], { encoding: 'utf8' });
  return (JSON.parse(out) as { steps: { users: number }[] }).steps.map((s) => s.users);
}

test('a funnel exclusion added in the builder shows as a chip on the panel and lowers the count; the header says the window', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  // The stage funnel has no window; a funnel panel's default is 14 days: both headers say theirs.
  await expect(page.getByTestId('overview')).toContainText('Users reaching each stage · no time limit · steps in order');

  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  await expect(panel.getByTestId('funnel-step-1')).toBeVisible();
  while ((await panel.getByRole('list', { name: /Funnel steps/ }).getByRole('listitem').count()) > 1) await panel.getByRole('button', { name: /^Remove step/ }).last().click();
  await panel.getByLabel('Step 1 event').selectOption(STEPS[0]);
  await panel.getByRole('button', { name: '+ Add step' }).click();
  await panel.getByLabel('Step 2 event').selectOption(STEPS[1]);
  await expect(panel).toContainText('Funnel · within 14 days · steps in order');
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => panel.getByTestId('funnel-table').locator('tbody th bdi').allTextContents()).toEqual(STEPS);
  const users = async () => [1, 2].map(async (i) => Number(await panel.getByTestId(`funnel-step-users-${i}`).first().getAttribute('data-value')));
  const before = await Promise.all(await users());
  expect(before[1]).toBeGreaterThan(0);
  await expect(panel.getByTestId('exclusion-chip')).toHaveCount(0);

  await panel.getByTestId('add-exclusion').click();
  await panel.getByLabel('Exclusion 1 event').selectOption('search');
  await expect(panel.getByTestId('exclusion-chip')).toHaveText(['no "search" between step 1 and step 2']);
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect.poll(async () => (await Promise.all(await users()))[1]).toBeLessThan(before[1]);
  const after = await Promise.all(await users());
  // The page's link carries the exclusion: the command line counts the same.
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(10);
  expect(cliUsers(page.url())).toEqual(after);

  await panel.getByRole('button', { name: 'Remove exclusion 1' }).click();
  await expect(panel.getByTestId('exclusion-chip')).toHaveCount(0);
  await expect.poll(async () => (await Promise.all(await users()))[1]).toBe(before[1]);
});

test("a panel's own filter, picked from the column's values with their counts, shows as the panel's chip and is what the command line runs", async ({ page }) => {
  // Rows per device, counted from the file itself: the picker lists them most frequent first.
  const rows = csvRecords(readFileSync('sample-data/journeys.csv', 'utf8'));
  const counts = new Map<string, number>();
  for (const r of rows) if (r.device) counts.set(r.device, (counts.get(r.device) ?? 0) + 1);
  const [top, topCount] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];

  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect(panel.getByTestId('funnel-step-users-1').first()).toBeVisible();
  const before = Number(await panel.getByTestId('funnel-step-users-1').first().getAttribute('data-value'));

  await panel.getByTestId('panel-scope-edit').click();
  await panel.getByTestId('scope-add-filter').click();
  const editor = panel.getByTestId('filter-editor');
  await editor.getByTestId('filter-column').selectOption('device');
  const first = editor.getByTestId('filter-value-option').first();
  await expect(first).toHaveAttribute('data-value', top);
  await expect(first).toContainText(topCount.toLocaleString('en'));
  await first.click();
  await expect(editor.getByTestId('filter-value')).toHaveValue('');
  await editor.getByTestId('filter-picked').first().waitFor();
  await editor.getByTestId('filter-apply').click();

  const chip = panel.locator('[data-testid="scope-chip"][data-from="panel"]');
  await expect(chip).toHaveText(`this panel: device is "${top}"`);
  // The dashboard's filter bar is untouched: the filter is this panel's only.
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await expect.poll(async () => Number(await panel.getByTestId('funnel-step-users-1').first().getAttribute('data-value'))).toBeLessThan(before);
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const screen = [];
  for (let i = 1; i <= 20; i++) {
    const cell = panel.getByTestId(`funnel-step-users-${i}`).first();
    if ((await cell.count()) === 0) break;
    screen.push(Number(await cell.getAttribute('data-value')));
  }
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(10);
  expect(cliUsers(page.url())).toEqual(screen);

  // Its own dates too: a chip says them, fewer journeys start, and the command line agrees again.
  await panel.getByTestId('scope-range-from').fill('2025-06-01');
  await expect(panel.locator('[data-testid="scope-chip"][data-from="panel"]')).toHaveText([`this panel: device is "${top}"`, 'this panel: 2025-06-01 to the end (UTC, end excluded)']);
  await expect.poll(async () => Number(await panel.getByTestId('funnel-step-users-1').first().getAttribute('data-value'))).toBeLessThan(screen[0]);
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const dated = [];
  for (let i = 1; i <= screen.length; i++) dated.push(Number(await panel.getByTestId(`funnel-step-users-${i}`).first().getAttribute('data-value')));
  await expect.poll(() => cliUsers(page.url())).toEqual(dated);
  // A range that ends before it starts is refused in words; the panel keeps its last one.
  await panel.getByTestId('scope-range-to').fill('2025-05-01');
  await expect(panel.getByRole('alert')).toContainText('must come after the start');
});
