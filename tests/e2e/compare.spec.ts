import { expect, guardContext, expectClean, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvRecords } from '../support/csv-rows';
import { SAMPLE_STAGES } from './stage-counts';

/**
 * Date range presets and "compare to the previous period" on the sample data (docs/DATES.md),
 * checked against counts this test makes from the file itself (nothing imported from src/lib).
 */


const rows = csvRecords(readFileSync(path.resolve('sample-data/journeys.csv'), 'utf8')).map((r, i) => ({
  user: r.user_id, t: Date.parse(r.event_time), i, stage: SAMPLE_STAGES[r.event] ?? null, revenue: r.revenue === '' ? null : Number(r.revenue)
}));
const DAY = 86_400_000;
const lastT = Math.max(...rows.map((r) => r.t));
// "Last 30 days": the last event's UTC day and the 29 before it; `to` is the next midnight (excluded).
const to = Math.floor(lastT / DAY) * DAY + DAY;
const from = to - 30 * DAY;
const prevFrom = from - 30 * DAY;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The tiles' figures over rows with from ≤ t < to. */
function figures(a: number, b: number) {
  const inside = rows.filter((r) => r.t >= a && r.t < b);
  return {
    users: new Set(inside.map((r) => r.user)).size,
    events: inside.length,
    purchasers: new Set(inside.filter((r) => r.stage === 2).map((r) => r.user)).size,
    revenue: inside.reduce((s, r) => s + (r.revenue ?? 0), 0)
  };
}

/**
 * Users reaching each stage of the ordered stage funnel (no window) whose first stage starts inside
 * [a, b): the earliest such start reaches furthest; a later stage may come after b, or at the same
 * instant as the stage before it (even earlier in the file).
 */
function stageFunnel(a: number, b: number): number[] {
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) (byUser.get(r.user) ?? byUser.set(r.user, []).get(r.user)!).push(r);
  const counts = [0, 0, 0, 0, 0];
  for (const list of byUser.values()) {
    list.sort((x, y) => x.t - y.t || x.i - y.i);
    const start = list.findIndex((r) => r.stage === 0 && r.t >= a && r.t < b);
    if (start < 0) continue;
    let reached = 1;
    let pos = list.findIndex((x) => x.t >= list[start].t);
    for (let k = 1; k < 5; k++) {
      const found = list.findIndex((r, j) => j >= pos && r.stage === k);
      if (found < 0) break;
      reached = k + 1;
      pos = list.findIndex((x) => x.t >= list[found].t);
    }
    for (let k = 0; k < reached; k++) counts[k]++;
  }
  return counts;
}

const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');
/** The tile's change as the page words it: `+12 (+4.5%)`, `new (+3)`. */
function changeText(now: number, before: number, fmt: (n: number) => string): string {
  const abs = `${sign(now - before)}${fmt(Math.abs(now - before))}`;
  if (before === 0) return now === 0 ? abs : `new (${abs})`;
  const rel = (now - before) / before;
  return `${abs} (${rel === 0 ? '' : sign(rel)}${(Math.abs(rel) * 100).toFixed(1)}%)`;
}
const int = (n: number) => n.toLocaleString('en');
const money = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function loadSample(page: Page) {
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

async function expectCompared(page: Page) {
  const now = figures(from, to);
  const before = figures(prevFrom, from);
  // The sample has every figure in both periods (so no "new" here; the unit tests cover it).
  expect(Math.min(now.users, before.users, now.purchasers, before.purchasers)).toBeGreaterThan(0);
  const tile = (name: string) => page.getByTestId(`kpi-${name}`);
  await expect(tile('users').getByTestId('kpi-change')).toHaveText(changeText(now.users, before.users, int));
  await expect(tile('users')).toContainText(int(now.users));
  await expect(tile('users').getByTestId('kpi-previous')).toContainText(`${int(before.users)} in ${iso(prevFrom)} → ${iso(from - DAY)}`);
  await expect(tile('events').getByTestId('kpi-change')).toHaveText(changeText(now.events, before.events, int));
  await expect(tile('purchasers').getByTestId('kpi-change')).toHaveText(changeText(now.purchasers, before.purchasers, int));
  await expect(tile('revenue').getByTestId('kpi-change')).toHaveText(changeText(now.revenue, before.revenue, money));

  // The stage funnel's two periods, each labelled with its dates.
  const table = page.getByTestId('stage-compare');
  await expect(table).toContainText(`${iso(from)} → ${iso(to - DAY)}`);
  await expect(table).toContainText(`${iso(prevFrom)} → ${iso(from - DAY)}`);
  const expectedNow = stageFunnel(from, to);
  const expectedBefore = stageFunnel(prevFrom, from);
  for (let k = 0; k < 5; k++) {
    const row = table.getByTestId(`compare-row-${k + 1}`);
    await expect(row.getByTestId('compare-now')).toHaveAttribute('data-value', String(expectedNow[k]));
    await expect(row.getByTestId('compare-before')).toHaveAttribute('data-value', String(expectedBefore[k]));
  }
}

test('last 30 days against the 30 days before: tiles, the stage funnel and a funnel panel, kept by the link', async ({ page, browser, baseURL }) => {
  await page.goto('/');
  await loadSample(page);
  await expect(page.getByTestId('data-span')).toContainText(`→ ${iso(lastT)}`);
  await page.getByTestId('range-preset-last_30').click();
  await expect(page.getByTestId('range-preset-last_30')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('range-from')).toHaveValue(iso(from));
  await expect(page.getByTestId('range-to')).toHaveValue(iso(to - DAY));
  // The tiles follow the range.
  await expect(page.getByTestId('kpi-users')).toContainText(int(figures(from, to).users));
  await page.getByTestId('compare-toggle').check();
  await expectCompared(page);
  // A funnel panel shows its two periods too, each headed by its dates; the range's column is the
  // panel's own chart.
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panel = page.getByTestId('panel-1');
  const both = panel.getByTestId('panel-compare');
  await expect(both).toContainText(`${iso(from)} → ${iso(to - DAY)}`);
  await expect(both).toContainText(`${iso(prevFrom)} → ${iso(from - DAY)}`);
  const first = await panel.getByTestId('funnel-step-users-1').first().getAttribute('data-value');
  await expect(both.getByTestId('compare-row-1').getByTestId('compare-now')).toHaveAttribute('data-value', first!);
  await page.screenshot({ path: 'test-results/compare-sample.png', fullPage: true });

  // The link keeps the range and the comparison: a fresh context, the same file dropped again.
  await expect.poll(() => page.url()).toContain('#v1.');
  const link = page.url();
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  try {
    const again = await context.newPage();
    await again.goto(link);
    await loadSample(again);
    await expect(again.getByTestId('range-preset-last_30')).toHaveAttribute('aria-pressed', 'true');
    await expect(again.getByTestId('compare-toggle')).toBeChecked();
    await expectCompared(again);
    await expect(again.getByTestId('panel-1').getByTestId('panel-compare')).toBeVisible();
  } finally {
    await context.close();
  }
  expectClean(guard);
});
