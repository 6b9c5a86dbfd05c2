import { expect, test, type Locator, type Page } from './fixtures';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { csvRecords } from '../support/csv-rows';

/**
 * A funnel built through the page's builder on the sample data: the numbers on screen must be
 * what `journeyscope run` prints for the page's own link, and the funnel's extra views (time to
 * convert, conversion over time, drop-off with its CSV, users still converting) must agree with
 * those numbers.
 */

const STEPS = ['site_visit', 'add_to_cart', 'purchase'];

interface CliStep { users: number; median_seconds: number | null; still_converting?: number }

function cli(link: string): CliStep[] {
  const out = execFileSync('node', ['bin/journeyscope.js', 'run', '--data', 'sample-data/journeys.csv', '--state', link, '--panel', '1'], { encoding: 'utf8' });
  return (JSON.parse(out) as { steps: CliStep[] }).steps;
}

async function stepUsers(panel: Locator): Promise<number[]> {
  const out: number[] = [];
  for (let i = 1; i <= STEPS.length; i++) out.push(Number(await panel.getByTestId(`funnel-step-users-${i}`).getAttribute('data-value')));
  return out;
}

/** The panel has finished: no query running, and the table shows the steps asked for. */
async function settled(panel: Locator) {
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => panel.getByTestId('funnel-table').locator('tbody th bdi').allTextContents()).toEqual(STEPS);
}

async function openSample(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

test('a 3-step funnel built in the page matches the command line on its link, and its extra views agree', async ({ page }) => {
  await openSample(page);
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  await expect(panel.getByTestId('funnel-step-1')).toBeVisible();

  // Build site_visit → add_to_cart → purchase with the builder, whatever the default panel held.
  while ((await panel.getByRole('list', { name: /Funnel steps/ }).getByRole('listitem').count()) > 1) await panel.getByRole('button', { name: /^Remove step/ }).last().click();
  for (let i = 0; i < STEPS.length; i++) {
    if (i > 0) await panel.getByRole('button', { name: '+ Add step' }).click();
    await panel.getByLabel(`Step ${i + 1} event`).selectOption(STEPS[i]);
  }
  await settled(panel);
  const screen = await stepUsers(panel);
  expect(screen[0]).toBeGreaterThan(screen[1]);
  expect(screen[1]).toBeGreaterThan(screen[2]);
  expect(screen[2]).toBeGreaterThan(0);

  // The page's link holds the dashboard: the command line runs its panel 1 with the same numbers.
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(10);
  const link = await page.evaluate(() => location.href);
  const fromCli = cli(link);
  expect(fromCli.map((s) => s.users)).toEqual(screen);

  // Time to convert, default 1 → 3: every user at step 3, median marked; 2 → 3 gives the funnel's
  // own median for step 3.
  const summary = panel.getByTestId('histogram-summary');
  await expect(summary).toHaveAttribute('data-users', String(screen[2]));
  await expect(panel.getByTestId('histogram-median')).toBeAttached();
  const bars = await panel.locator('[data-testid^="histogram-bar-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(bars.reduce((a, b) => a + b, 0)).toBe(screen[2]);
  await panel.getByTestId('histogram-from').selectOption('2');
  await expect(summary).toHaveAttribute('data-median', String(fromCli[2].median_seconds));

  // Conversion over time: the weekly entries add up to the users at step 1.
  const lineTable = panel.getByTestId('line-table');
  await expect(lineTable).toBeAttached();
  const weekly = await lineTable.locator('tbody tr td:first-of-type').allTextContents();
  expect(weekly.reduce((a, t) => a + Number(t.replace(/,/g, '')), 0)).toBe(screen[0]);

  // Drop-off after step 1: the users at step 1 but not at step 2; the CSV lists each of them once.
  const dropUsers = panel.getByTestId('dropoff-users');
  await expect(dropUsers).toHaveAttribute('data-value', String(screen[0] - screen[1]));
  await expect(panel.getByTestId('dropoff-row-1')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await panel.getByTestId('dropoff-download').click();
  const file = await downloading;
  // What is inside, the data set and the day (docs/EXPORTS.md).
  expect(file.suggestedFilename()).toMatch(/^dropoff-after-step-1_journeys_\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = csvRecords(readFileSync(await file.path(), 'utf8'));
  expect(Object.keys(rows[0])).toEqual(['user_id', 'step_time_utc', 'still_converting', 'next_event_1', 'next_event_2', 'next_event_3']);
  expect(rows).toHaveLength(screen[0] - screen[1]);
  expect(new Set(rows.map((r) => r.user_id)).size).toBe(rows.length);
  // Next events come from the data, never a funnel step the user went on to reach.
  expect(rows.some((r) => r.next_event_1 !== '')).toBe(true);

  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/funnel-panel.png' });

  // Users still converting: left out with the toggle; the command line agrees on the new link.
  await expect(panel.getByTestId('still-converting')).toBeVisible();
  await panel.getByTestId('exclude-immature').check();
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect.poll(async () => (await page.evaluate(() => location.href)) !== link).toBe(true);
  await expect.poll(() => panel.getByTestId('funnel-still-1').count()).toBe(1);
  const excluded = await stepUsers(panel);
  const linkExcluded = await page.evaluate(() => location.href);
  const cliExcluded = cli(linkExcluded);
  expect(cliExcluded.map((s) => s.users)).toEqual(excluded);
  const stillShown = await Promise.all([1, 2, 3].map(async (k) => Number((await panel.getByTestId(`funnel-still-${k}`).textContent())!.replace(/,/g, ''))));
  expect(stillShown).toEqual(cliExcluded.map((s) => s.still_converting));
  // Everyone left out stopped short of the last step: the users at step 1 fell by their number.
  expect(screen[0] - excluded[0]).toBe(stillShown.reduce((a, b) => a + b, 0));
  await panel.screenshot({ path: 'test-results/funnel-panel-excluded.png' });
});

test('a link reopens the funnel with its extra views as they were left', async ({ page, context }) => {
  await openSample(page);
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  while ((await panel.getByRole('list', { name: /Funnel steps/ }).getByRole('listitem').count()) > 1) await panel.getByRole('button', { name: /^Remove step/ }).last().click();
  for (let i = 0; i < STEPS.length; i++) {
    if (i > 0) await panel.getByRole('button', { name: '+ Add step' }).click();
    await panel.getByLabel(`Step ${i + 1} event`).selectOption(STEPS[i]);
  }
  await settled(panel);

  // Picks of the extra views: each changes the link.
  const before = await page.evaluate(() => location.href);
  await panel.getByTestId('histogram-from').selectOption('2');
  await panel.getByTestId('trend-period').selectOption('month');
  await panel.getByTestId('dropoff-step').selectOption('2');
  await panel.getByTestId('dropoff-depth').selectOption('2');
  await expect.poll(() => page.evaluate(() => location.href)).not.toBe(before);
  const link = await page.evaluate(() => location.href);
  const fromCli = cli(link);
  const users = fromCli.map((s) => s.users);

  // Someone else opens the link and loads the same data: same funnel, same picks, same numbers.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await other.getByRole('button', { name: 'Try the sample data' }).click();
  const again = other.getByTestId('panel-1');
  await settled(again);
  await expect(again.getByTestId('histogram-from')).toHaveValue('2');
  await expect(again.getByTestId('histogram-to')).toHaveValue('3');
  await expect(again.getByTestId('trend-period')).toHaveValue('month');
  await expect(again.getByTestId('dropoff-step')).toHaveValue('2');
  await expect(again.getByTestId('dropoff-depth')).toHaveValue('2');
  // 2 → 3 is the funnel's own step-3 median; drop-off after step 2 is users at 2 but not at 3.
  await expect(again.getByTestId('histogram-summary')).toHaveAttribute('data-median', String(fromCli[2].median_seconds));
  await expect(again.getByTestId('dropoff-users')).toHaveAttribute('data-value', String(users[1] - users[2]));
  await expect(again.getByText(/Share of the users entering each month/)).toBeVisible();
});
