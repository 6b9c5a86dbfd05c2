import { expect, test, type Locator, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvRecords } from '../support/csv-rows';
import { refRetention, type RefEvent, type RefRetentionSpec } from '../analysis/reference/retention';
import { refCohorts, type RefCohortRow } from '../analysis/reference/cohorts';

/**
 * Retention and cohort panels on the sample data, driven like a person: add the panels, pick the
 * options, read the numbers the heatmaps carry. The expected numbers come from the plain-loop
 * references (tests/analysis/reference, which import nothing from src/lib) run on the CSV as this
 * test reads it itself.
 */
const events: RefEvent[] = csvRecords(readFileSync(path.resolve('sample-data/journeys.csv'), 'utf8')).map((r, i) => ({
  row_id: i + 1,
  user_id: r.user_id,
  ts: Date.parse(r.event_time),
  event: r.event,
  channel: r.channel === '' ? null : r.channel,
  revenue: r.revenue === '' ? null : Number(r.revenue),
  order_id: r.order_id === '' ? null : r.order_id
}));

type Cells = Record<string, { count: number; rate: number }>;

/** What the retention heatmap must carry: cohort rows in order, then the eligible-weighted average. */
function expectedRetention(spec: RefRetentionSpec): { cells: Cells; rows: string[] } {
  const cohorts = refRetention(events, spec).get(null) ?? [];
  const periods = spec.periods ?? 12;
  const cells: Cells = {};
  cohorts.forEach((c, i) => {
    for (let n = 1; n <= periods; n++) {
      const v = c.retained[n];
      if (v !== null) cells[`${i}-${n}`] = { count: v, rate: v / c.size };
    }
  });
  for (let n = 1; n <= periods; n++) {
    const reach = cohorts.filter((c) => c.retained[n] !== null);
    const eligible = reach.reduce((s, c) => s + c.size, 0);
    const count = reach.reduce((s, c) => s + c.retained[n]!, 0);
    if (eligible > 0) cells[`${cohorts.length}-${n}`] = { count, rate: count / eligible };
  }
  const size = cohorts.reduce((s, c) => s + c.size, 0);
  const rows = [...cohorts.map((c) => `${c.start} ${c.size.toLocaleString('en')}`), `All cohorts (weighted) ${size.toLocaleString('en')}`];
  return { cells, rows };
}

async function heatmapCells(panel: Locator): Promise<Cells> {
  return panel.locator('[data-testid^="retention-cell-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.replace('retention-cell-', ''), { count: Number(e.getAttribute('data-count')), rate: Number(e.getAttribute('data-rate')) }]))
  );
}

async function tableRows(panel: Locator, testid: string): Promise<string[]> {
  return panel.getByTestId(testid).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('th')?.textContent?.trim()} ${tr.querySelector('td')?.textContent?.trim()}`));
}

async function cohortValues(panel: Locator): Promise<Record<string, number>> {
  return panel.locator('[data-testid^="cohort-cell-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.replace('cohort-cell-', ''), Number(e.getAttribute('data-value'))]))
  );
}

/** The cohort table's cells of one metric: cohort rows in the given order, then the total row. */
function expectedCohortCells(rows: RefCohortRow[], total: RefCohortRow, metric: keyof RefCohortRow): Record<string, number> {
  const out: Record<string, number> = {};
  [...rows, total].forEach((r, i) => (r[metric] as (number | null)[]).forEach((v, n) => v !== null && (out[`${i}-${n}`] = v)));
  return out;
}

/** Equal keys, values equal to 1e-9 relative (sums of doubles in another order). */
function near(got: Record<string, number>, want: Record<string, number>): boolean {
  const keys = Object.keys(want);
  return Object.keys(got).length === keys.length && keys.every((k) => k in got && Math.abs(got[k] - want[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])));
}

async function openSample(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

async function addPanel(page: Page, button: string): Promise<Locator> {
  const before = await page.locator('[data-testid^="panel-"]').count();
  await page.getByRole('button', { name: button }).click();
  const panel = page.getByTestId(`panel-${before + 1}`);
  await expect(panel).toBeVisible();
  return panel;
}

async function setNumber(input: Locator, value: number) {
  await input.fill(String(value));
  await input.press('Tab'); // the builder applies a number on change, i.e. when the field is left
}

test('retention heatmap and breakdown on the sample data match the reference', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSample(page);
  const panel = await addPanel(page, '+ Retention');

  await panel.getByLabel('Start event').selectOption('purchase');
  await panel.getByLabel('Return event').selectOption('*');
  await panel.getByRole('combobox', { name: 'Period', exact: true }).selectOption('week');
  await setNumber(panel.getByRole('spinbutton', { name: 'Periods', exact: true }), 8);
  await panel.getByRole('combobox', { name: 'Cohorts' }).selectOption('first_time');
  await panel.getByRole('combobox', { name: 'Count a return' }).selectOption('on');

  const weekly = expectedRetention({ start: { event: 'purchase' }, return: { event: '*' }, period: 'week', periods: 8, mode: 'first_time' });
  expect(Object.keys(weekly.cells).length).toBeGreaterThan(100); // 26 weekly cohorts: the test has something to check
  await expect.poll(() => heatmapCells(panel)).toEqual(weekly.cells);
  expect(await tableRows(panel, 'retention-table')).toEqual(weekly.rows);

  // The share/users toggle changes what the cells say, not what they carry.
  const cell = panel.getByTestId('retention-cell-0-1');
  await expect(cell.locator('xpath=following-sibling::*[name()="text"][1]')).toHaveText(/%/);
  await panel.getByTestId('retention-show-counts').click();
  await expect(panel.getByTestId('retention-table').locator('caption')).toContainText('users retained');
  await expect(cell.locator('xpath=following-sibling::*[name()="text"][1]')).toHaveText(String(weekly.cells['0-1'].count));
  // Hovering a cell shows its share with the count behind it.
  const first = weekly.cells['0-1'];
  await cell.hover();
  const tip = panel.getByTestId('retention-heatmap').locator('.tip');
  await expect(tip).toContainText(`Week 1: ${(first.rate * 100).toFixed(2)}%`);
  await expect(tip).toContainText(`${first.count} of ${weekly.rows[0].split(' ')[1]} users`);
  await panel.screenshot({ path: 'test-results/retention-weekly.png' });

  // Monthly, recurring, "in that period or later", purchases coming back as repeat purchases,
  // broken down by the channel of the cohort's first purchase.
  await panel.getByRole('combobox', { name: 'Period', exact: true }).selectOption('month');
  await setNumber(panel.getByRole('spinbutton', { name: 'Periods', exact: true }), 5);
  await panel.getByLabel('Return event').selectOption('repeat_purchase');
  await panel.getByRole('combobox', { name: 'Cohorts' }).selectOption('recurring');
  await panel.getByRole('combobox', { name: 'Count a return' }).selectOption('on_or_after');
  await panel.getByRole('combobox', { name: 'Break down by' }).selectOption('channel');
  const spec: RefRetentionSpec = { start: { event: 'purchase' }, return: { event: 'repeat_purchase' }, period: 'month', periods: 5, mode: 'recurring', cumulative: true };
  const monthly = expectedRetention(spec);
  await expect.poll(() => heatmapCells(panel)).toEqual(monthly.cells);
  expect(await tableRows(panel, 'retention-table')).toEqual(monthly.rows);

  // One line per channel: its eligible-weighted average from period 1, ranked by users, then value;
  // a period every cohort of the channel is still running in is not drawn (tests/e2e/unfinished.spec.ts).
  const groups = [...refRetention(events, { ...spec, breakdown: 'channel' })].map(([value, cohorts]) => {
    const points: Record<string, number> = {};
    for (let n = 1; n <= 5; n++) {
      const reach = cohorts.filter((c) => c.retained[n] !== null);
      const eligible = reach.reduce((s, c) => s + c.size, 0);
      const running = reach.every((c) => c.incomplete_from !== null && n >= c.incomplete_from);
      if (eligible > 0 && !running) points[n] = reach.reduce((s, c) => s + c.retained[n]!, 0) / eligible;
    }
    return { value: value ?? '(none)', size: cohorts.reduce((s, c) => s + c.size, 0), points };
  });
  groups.sort((a, b) => b.size - a.size || (a.value < b.value ? -1 : 1));
  expect(groups.length).toBeGreaterThanOrEqual(5);
  const lines = panel.getByTestId('retention-breakdown').locator('[data-testid^="breakdown-line-"]');
  await expect(lines).toHaveCount(groups.length);
  const drawn = await lines.evaluateAll((gs) =>
    gs.map((g) => ({
      value: g.getAttribute('data-value'),
      points: Object.fromEntries([...g.querySelectorAll('circle')].map((c) => [c.getAttribute('data-period'), Number(c.getAttribute('data-rate'))]))
    }))
  );
  expect(drawn).toEqual(groups.map(({ value, points }) => ({ value, points })));
  expect(await tableRows(panel, 'retention-breakdown-table')).toEqual(groups.map((g) => `${g.value} ${g.size.toLocaleString('en')}`));
  await panel.screenshot({ path: 'test-results/retention-monthly-breakdown.png' });

  // The link carries the panel and how its cells read: reopened on the same data, same cells, in users.
  const link = await page.evaluate(() => location.href);
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await other.getByRole('button', { name: 'Try the sample data' }).click();
  const again = other.getByTestId((await panel.getAttribute('data-testid'))!);
  await expect.poll(() => heatmapCells(again)).toEqual(monthly.cells);
  await expect(again.getByTestId('retention-table').locator('caption')).toContainText('users retained');
  await expect(again.getByTestId('retention-show-counts')).toHaveAttribute('aria-pressed', 'true');
});

test('cohort table on the sample data matches the reference', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSample(page);
  const panel = await addPanel(page, '+ Cohort table');

  await panel.getByRole('combobox', { name: 'Period', exact: true }).selectOption('month');
  await setNumber(panel.getByRole('spinbutton', { name: 'Periods', exact: true }), 5);
  await panel.getByTestId('cohort-metric').selectOption('cumulative_revenue_per_user');
  const monthly = refCohorts(events, { period: 'month', periods: 5 });
  monthly.cohorts.sort((a, b) => (a.cohort! < b.cohort! ? -1 : 1));
  expect(monthly.cohorts).toHaveLength(6);
  const ltv = expectedCohortCells(monthly.cohorts, monthly.total, 'cumulative_revenue_per_user');
  await expect.poll(async () => near(await cohortValues(panel), ltv)).toBe(true);
  await panel.getByTestId('cohort-metric').selectOption('retention');
  await expect.poll(async () => near(await cohortValues(panel), expectedCohortCells(monthly.cohorts, monthly.total, 'retention'))).toBe(true);
  await panel.screenshot({ path: 'test-results/cohorts-monthly.png' });

  // Cohorts by the channel of the first event: ranked by size, then value, null last.
  await panel.getByRole('combobox', { name: 'Cohort by' }).selectOption('channel');
  await panel.getByTestId('cohort-metric').selectOption('repeat_purchase_rate');
  const byChannel = refCohorts(events, { period: 'month', periods: 5, by: 'channel' });
  byChannel.cohorts.sort((a, b) => b.size - a.size || (a.cohort === null ? 1 : b.cohort === null ? -1 : a.cohort < b.cohort ? -1 : 1));
  const repeat = expectedCohortCells(byChannel.cohorts, byChannel.total, 'repeat_purchase_rate');
  await expect.poll(async () => near(await cohortValues(panel), repeat)).toBe(true);
  await panel.screenshot({ path: 'test-results/cohorts-by-channel.png' });
});
