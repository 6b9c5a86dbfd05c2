import { expect, test } from './fixtures';
import { dataPath, needData } from '../support/data';

/**
 * A file of one row per customer with no id and no time (Hillstrom's e-mail test): mapped in the
 * page with "each row is a customer", one date and one event for every row, then an experiment by
 * segment against "No E-Mail". The visit means and lifts on screen must be those of the counts in
 * the data folder's SOURCE.md, and the repeated-rows warning, meaningless here, must go.
 */

// SOURCE.md, "Checked with DuckDB": rows and visits per segment.
const SEGMENTS = {
  'No E-Mail': { users: 21306, visits: 2262 },
  'Mens E-Mail': { users: 21307, visits: 3894 },
  'Womens E-Mail': { users: 21387, visits: 3238 }
};

test('Hillstrom: each row a customer, one date and event; the visit lift by segment matches SOURCE.md', async ({ page }) => {
  const file = dataPath('hillstrom-email', 'hillstrom.csv');
  test.skip(!needData(file, 'Hillstrom e-mail data'));
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles(file!);
  const mapper = page.getByTestId('file-hillstrom.csv');
  await expect(mapper).toBeVisible({ timeout: 60_000 });
  await expect(mapper.getByTestId('rows-loaded')).toHaveText('64,000');
  // Not shaped like ad spend (no date), though it has spend and channel columns.
  await expect(mapper.getByTestId('spend-offer')).toHaveCount(0);
  // Customers described by a few 0/1 and category columns repeat each other: warned while the
  // rows could be events, not once each row is a customer.
  const repeated = mapper.getByTestId('import-issues').locator('[data-code="duplicate_rows"]');
  await expect(repeated).toBeVisible();

  await mapper.getByLabel("Each row's user").selectOption('__row');
  await expect(repeated).toHaveCount(0);
  await mapper.getByLabel("Each row's time").selectOption('__constant');
  await mapper.getByTestId('time-constant').fill('2008-03-01');
  await mapper.getByLabel("Each row's event").selectOption('__constant');
  await mapper.getByTestId('event-constant').fill('campaign');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('kpi-users')).toContainText('64,000');
  await expect(page.getByTestId('kpi-date-span')).toContainText('2008-03-01');

  await page.getByRole('button', { name: '+ Experiment' }).click();
  const panel = page.getByTestId('panel-1');
  await panel.getByLabel('group').selectOption('segment');
  await panel.getByLabel('control').fill('No E-Mail');
  await panel.getByLabel('control').press('Enter');
  await panel.getByLabel('Outcome 1').selectOption('column:visit');
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const table = panel.getByTestId('experiment-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  const spec = await page.evaluate(() => (globalThis as unknown as { __journeyscope: { panels: unknown[] } }).__journeyscope.panels[0]);
  expect(spec).toEqual({ kind: 'experiment', group: 'segment', control: 'No E-Mail', outcomes: [{ column: 'visit' }] });

  // Each row: group, outcome, users, mean, difference, lift, interval, p.
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
  const control = SEGMENTS['No E-Mail'].visits / SEGMENTS['No E-Mail'].users;
  expect(rows.map((r) => r[0])).toEqual(['No E-Mail (control)', 'Mens E-Mail', 'Womens E-Mail']);
  const result = await page.evaluate(() => (globalThis as unknown as { __journeyscope: { results: { value: unknown }[] } }).__journeyscope.results[0].value) as {
    groups: { value: keyof typeof SEGMENTS; users: number; outcomes: { label: string; mean: number; lift: number | null }[] }[];
  };
  for (const [i, g] of result.groups.entries()) {
    const s = SEGMENTS[g.value];
    const mean = s.visits / s.users;
    expect(g.users, g.value).toBe(s.users);
    expect(g.outcomes[0].label).toBe('visit');
    expect(g.outcomes[0].mean, g.value).toBeCloseTo(mean, 9);
    expect(rows[i][1]).toBe('visit');
    expect(rows[i][2]).toBe(s.users.toLocaleString('en'));
    // The mean on screen, as rounded for display.
    expect(Number(rows[i][3]), g.value).toBeCloseTo(mean, 3);
    if (i > 0) expect(g.outcomes[0].lift, g.value).toBeCloseTo((mean - control) / control, 9);
  }
  // The lifts as shown: men +72.1%, women +42.6% (docs/JOURNEY.md, "Checked on real data").
  expect(rows[1][5]).toBe(`+${(((3894 / 21307 - control) / control) * 100).toFixed(1)}%`);
  expect(rows[2][5]).toBe(`+${(((3238 / 21387 - control) / control) * 100).toFixed(1)}%`);
  expect(rows[1][5]).toBe('+72.1%');
  expect(rows[2][5]).toBe('+42.6%');
});
