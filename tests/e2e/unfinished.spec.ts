import { expect, test, type Locator, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvRecords } from '../support/csv-rows';
import { refRetention, type RefEvent, type RefRetentionSpec } from '../analysis/reference/retention';

/**
 * Unfinished periods on the sample data (last event 2025-06-30 23:54 UTC, so June is the running
 * month): the "All cohorts" average marks the periods a contributing cohort is still running in,
 * and a breakdown line does not plunge to 0 at its last period, where only the January cohort is
 * left and its month 5 (June) has not ended. What is expected comes from the plain-loop reference
 * (tests/analysis/reference), not from the page's code.
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

const PERIODS = 5;
const spec: RefRetentionSpec = { start: { event: 'purchase' }, return: { event: '*' }, period: 'month', periods: PERIODS, mode: 'first_time' };

/** Per period 1…PERIODS of an average over `cohorts`: its share, and whether some / all contributors are still running. */
function average(cohorts: ReturnType<typeof refRetention> extends Map<unknown, infer C> ? C : never) {
  const out: Record<number, { rate: number; some: boolean; all: boolean }> = {};
  for (let n = 1; n <= PERIODS; n++) {
    const reach = cohorts.filter((c) => c.retained[n] !== null);
    const eligible = reach.reduce((s, c) => s + c.size, 0);
    const running = reach.filter((c) => c.incomplete_from !== null && n >= c.incomplete_from);
    if (eligible > 0) out[n] = { rate: reach.reduce((s, c) => s + c.retained[n]!, 0) / eligible, some: running.length > 0, all: running.length === reach.length };
  }
  return out;
}

async function openSample(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

async function setNumber(input: Locator, value: number) {
  await input.fill(String(value));
  await input.press('Tab');
}

test('the All-cohorts average marks unfinished periods, and a breakdown line does not drop to 0 at its end', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSample(page);
  const before = await page.locator('[data-testid^="panel-"]').count();
  await page.getByRole('button', { name: '+ Retention' }).click();
  const panel = page.getByTestId(`panel-${before + 1}`);
  await panel.getByLabel('Start event').selectOption('purchase');
  await panel.getByLabel('Return event').selectOption('*');
  await panel.getByRole('combobox', { name: 'Period', exact: true }).selectOption('month');
  await setNumber(panel.getByRole('spinbutton', { name: 'Periods', exact: true }), PERIODS);
  await panel.getByRole('combobox', { name: 'Cohorts' }).selectOption('first_time');
  await panel.getByRole('combobox', { name: 'Break down by' }).selectOption('channel');

  const cohorts = refRetention(events, spec).get(null) ?? [];
  const avg = average(cohorts);
  expect(cohorts).toHaveLength(6); // January … June
  // The last period is reached only by the January cohort, whose month 5 (June) is still running.
  expect(avg[PERIODS]).toMatchObject({ some: true, all: true });

  // Heatmap: the average row (after the cohorts) carries the mark exactly where the reference has
  // a running contributor, with the star in its text and in the table.
  const heatmap = panel.getByTestId('retention-heatmap');
  const row = cohorts.length;
  const marks = async () =>
    heatmap.locator(`[data-testid^="retention-cell-${row}-"]`).evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.split('-').pop(), e.getAttribute('data-incomplete') === 'true']))
    );
  await expect.poll(marks).toEqual(Object.fromEntries(Object.entries(avg).map(([n, a]) => [n, a.some])));
  const avgRow = heatmap.getByTestId('retention-table').locator('tbody tr').last();
  await expect(avgRow.locator('td').last()).toHaveText(/\*$/);
  await heatmap.getByTestId(`retention-cell-${row}-${PERIODS}`).hover();
  await expect(heatmap.locator('.tip')).toContainText('in a period still in progress');
  // The average's denominator is in the table: eligible users per period.
  const eligible = cohorts.filter((c) => c.retained[PERIODS] !== null).reduce((s, c) => s + c.size, 0);
  await expect(heatmap.getByTestId('retention-table').locator('tfoot td').last()).toHaveText(eligible.toLocaleString('en'));
  await panel.screenshot({ path: 'test-results/unfinished-heatmap.png' });

  // Curves: the average's unfinished points are hollow, reached by a dashed segment.
  const curves = panel.getByTestId('retention-curves');
  for (const [n, a] of Object.entries(avg)) {
    await expect(curves.getByTestId(`average-point-${n}`)).toHaveAttribute('data-incomplete', String(a.some));
  }
  await expect(curves.getByTestId('average-pending-path')).toHaveAttribute('d', /^M/);
  await curves.screenshot({ path: 'test-results/unfinished-curves.png' });

  // Breakdown: a channel whose last period is all still running (and near 0 so far) has no point
  // there: its line ends at the last period it has a (partly) finished share for, not at 0.
  const groups = refRetention(events, { ...spec, breakdown: 'channel' });
  const breakdown = panel.getByTestId('retention-breakdown');
  const dropping = [...groups].map(([value, cs]) => ({ value: value ?? '(none)', avg: average(cs) })).filter((g) => g.avg[PERIODS]?.all && g.avg[PERIODS].rate < 0.01);
  expect(dropping.length).toBeGreaterThan(0); // the case this test is for: a share near 0 at the end
  for (const g of dropping) {
    const line = breakdown.locator(`[data-testid^="breakdown-line-"][data-value="${g.value}"]`);
    await expect(line.locator('circle').first()).toBeVisible();
    const drawn = await line.locator('circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-period'))));
    // The line ends at the period before, with that period's share (a partly running one is
    // drawn, hollow); the all-running near-0 share is not a vertex of the line.
    expect(drawn).not.toContain(PERIODS);
    expect(Math.max(...drawn)).toBe(PERIODS - 1);
    const last = line.locator('circle').last();
    expect(Number(await last.getAttribute('data-rate'))).toBeCloseTo(g.avg[PERIODS - 1].rate, 9);
    await expect(last).toHaveAttribute('data-incomplete', String(g.avg[PERIODS - 1].some));
  }
  // And at least one of them would have plunged from a visible share to 0.
  expect(dropping.some((g) => g.avg[PERIODS - 1].rate > 0.02)).toBe(true);
  // The share is still in the table, starred, with its users.
  const table = breakdown.getByTestId('retention-breakdown-table');
  const first = table.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${dropping[0].value}$`) }) });
  await expect(first.locator('td').last()).toHaveText(/\*\s*\(\d[\d,]*\)$/);
  await breakdown.screenshot({ path: 'test-results/unfinished-breakdown.png' });
});

test('cohorts by channel show the users behind each cell and mark those fewer than the cohort', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openSample(page);
  const before = await page.locator('[data-testid^="panel-"]').count();
  await page.getByRole('button', { name: '+ Cohort table' }).click();
  const panel = page.getByTestId(`panel-${before + 1}`);
  await panel.getByRole('combobox', { name: 'Cohort by' }).selectOption('channel');
  await panel.getByTestId('cohort-metric').selectOption('cumulative_revenue_per_user');
  const heatmap = panel.getByTestId('cohort-heatmap');
  // Wait for the channel cohorts (the month cohorts are shown until they arrive).
  await expect(heatmap.getByTestId('cohort-heatmap-table').locator('tbody tr th').first()).not.toHaveText(/^\d{4}-/);
  await expect(panel.getByText('calculating')).toHaveCount(0);
  await expect(heatmap.locator('[data-short="true"]').first()).toBeAttached();
  // Every cell carries its eligible users; a marked cell has fewer than its row's size, an unmarked
  // one exactly as many (value cohorts: everyone reaches offset 0, later joiners drop out after).
  const sizes = await heatmap.getByTestId('cohort-heatmap-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')!.textContent!.replace(/,/g, ''))));
  const cells = await heatmap.locator('[data-testid^="cohort-cell-"]').evaluateAll((els) =>
    els.map((e) => ({ id: e.getAttribute('data-testid')!, eligible: Number(e.getAttribute('data-eligible')), short: e.getAttribute('data-short') === 'true' }))
  );
  for (const c of cells) {
    const size = sizes[Number(c.id.split('-')[2])];
    expect(c.short, c.id).toBe(c.eligible < size);
  }
  // A channel cohort's own cell is marked, not only the total.
  const marked = cells.find((c) => c.short && Number(c.id.split('-')[2]) < sizes.length - 1)!;
  expect(marked).toBeDefined();
  const [, , row, n] = marked.id.split('-').map(Number);
  const td = heatmap.getByTestId('cohort-heatmap-table').locator('tbody tr').nth(row).locator('td').nth(1 + n);
  await expect(td).toHaveText(new RegExp(`†.*\\(${marked.eligible.toLocaleString('en')}\\)$`));
  await panel.screenshot({ path: 'test-results/unfinished-cohorts-by-channel.png' });
});
