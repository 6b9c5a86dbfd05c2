import { expect, test, type Locator, type Page } from './fixtures';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { csvRecords as parseCsv } from '../support/csv-rows';

/**
 * A spend file dropped beside the sample events: the page recognises it, and once confirmed the
 * KPI panel's spend and ROAS are what the test computes from the two CSVs by the contract's words
 * (docs/KPIS.md): roas = revenue / spend, a group's spend is the spend rows of its channel value,
 * a user's group is the channel of their first row. Declined, the file is mapped as events.
 */

const SAMPLE = path.resolve('sample-data/journeys.csv');

// Inside the sample's range (2025-01-01 … 2025-06-30), on four of its channels, plus a channel no
// user has ("tv"): that row counts in the total only.
const SPEND_ROWS: [string, string, number][] = [
  ['2025-01-15', 'email', 1200.5],
  ['2025-02-15', 'email', 800],
  ['2025-03-10', 'paid_search', 4100.25],
  ['2025-05-02', 'paid_search', 2999.75],
  ['2025-04-01', 'social', 3500],
  ['2025-06-20', 'display', 1750.4],
  ['2025-03-01', 'tv', 5000]
];

function writeSpend(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-spend-'));
  const file = path.join(dir, 'ad-spend.csv');
  writeFileSync(file, 'date,channel,cost\n' + SPEND_ROWS.map((r) => r.join(',')).join('\n') + '\n');
  return file;
}

interface Expected { revenue: number; spend: number }

/** Revenue of `purchase` rows per group (the channel of each user's first row) and spend per channel. */
function expected(): { total: Expected; groups: Map<string, Expected> } {
  const rows = parseCsv(readFileSync(SAMPLE, 'utf8'));
  const first = new Map<string, { t: number; channel: string }>();
  rows.forEach((r) => {
    const t = Date.parse(r.event_time);
    const f = first.get(r.user_id);
    if (f === undefined || t < f.t) first.set(r.user_id, { t, channel: r.channel });
  });
  const groups = new Map<string, Expected>();
  const total: Expected = { revenue: 0, spend: 0 };
  const group = (v: string) => groups.get(v) ?? (groups.set(v, { revenue: 0, spend: 0 }), groups.get(v)!);
  for (const r of rows) {
    if (r.event !== 'purchase' || r.revenue === '') continue;
    group(first.get(r.user_id)!.channel).revenue += Number(r.revenue);
    total.revenue += Number(r.revenue);
  }
  for (const [, channel, cost] of SPEND_ROWS) {
    total.spend += cost;
    if (groups.has(channel)) group(channel).spend += cost;
  }
  return { total, groups };
}

const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const multiple = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** The KPI table as shown: group label → figure key → the figure's text (without the counts under it). */
async function kpiScreen(panel: Locator): Promise<Record<string, Record<string, string>>> {
  return panel.getByTestId('kpi-table').evaluate((t) => {
    const keys = [...t.querySelectorAll('thead th[data-testid^="kpi-col-"]')].map((th) => th.getAttribute('data-testid')!.slice('kpi-col-'.length));
    const out: Record<string, Record<string, string>> = {};
    for (const tr of t.querySelectorAll('tbody tr')) {
      const cells = [...tr.querySelectorAll('td')].map((td) => {
        const c = td.cloneNode(true) as HTMLElement;
        c.querySelector('.of')?.remove();
        return c.textContent!.trim();
      });
      out[tr.querySelector('th')!.textContent!.trim()] = Object.fromEntries(keys.map((k, i) => [k, cells[i]]));
    }
    return out;
  });
}

async function drop(page: Page, files: string[], hash = '') {
  // A fresh page: going to the same address with its hash would not load it again.
  await page.goto('about:blank');
  await page.goto('/' + hash);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles(files);
}

async function kpiPanel(page: Page): Promise<Locator> {
  const panel = page.getByTestId('panel-1');
  await expect(panel.getByTestId('kpi-table')).toBeVisible({ timeout: 60_000 });
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  return panel;
}

test('a spend file dropped with the events: confirmed, the KPIs by channel show spend and ROAS from both CSVs; the link brings it back', async ({ page }) => {
  const spendFile = writeSpend();
  const want = expected();
  await drop(page, [SAMPLE, spendFile]);
  const mapper = page.getByTestId('file-ad-spend.csv');
  await expect(mapper.getByTestId('spend-question')).toHaveText('This looks like ad spend: date, channel, cost. Use it as spend for the KPIs?');
  await expect(page.getByTestId('file-journeys.csv').getByTestId('spend-offer')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/spend-offer.png', fullPage: true });
  await mapper.getByTestId('spend-confirm').click();
  // Confirmed: no roles to map on the spend file.
  await expect(mapper.getByLabel('Role of column cost')).toHaveCount(0);
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('spend-file')).toBeVisible();
  // The spend rows are not events: the events are the sample's rows.
  await expect(page.getByTestId('kpi-events')).toContainText('50,000');

  await page.getByRole('button', { name: '+ KPIs' }).click();
  const panel = await kpiPanel(page);
  const analysis = await page.evaluate(() => (globalThis as unknown as { __journeyscope: { panels: unknown[] } }).__journeyscope.panels[0]);
  expect(analysis).toMatchObject({ kind: 'kpis', purchase: { event: 'purchase' }, breakdown: 'channel' });

  await page.screenshot({ path: 'test-results/spend-kpis.png', fullPage: true });
  const screen = await kpiScreen(panel);
  const checkRow = (label: string, e: Expected) => {
    expect(screen[label], label).toBeDefined();
    expect(screen[label].spend, `${label} spend`).toBe(money.format(e.spend));
    expect(screen[label].roas, `${label} ROAS`).toBe(`${multiple.format(e.revenue / e.spend)}×`);
    expect(screen[label].revenue, `${label} revenue`).toBe(money.format(e.revenue));
  };
  checkRow('All users', want.total);
  for (const channel of ['email', 'paid_search', 'social', 'display']) checkRow(channel, want.groups.get(channel)!);
  // A channel without spend rows has spend 0, so no ROAS.
  expect(screen.organic.spend).toBe(money.format(0));
  expect(screen.organic.roas).toBe('—');

  // The exact figures behind the text, to the contract's 1e-9.
  const result = await page.evaluate(() => (globalThis as unknown as { __journeyscope: { results: { value: unknown }[] } }).__journeyscope.results[0].value) as {
    total: { spend: number; roas: number };
    breakdown: { value: string; spend: number; roas: number | null }[];
  };
  expect(result.total.spend).toBeCloseTo(want.total.spend, 9);
  expect(result.total.roas).toBeCloseTo(want.total.revenue / want.total.spend, 9);
  for (const g of result.breakdown) {
    const e = want.groups.get(g.value)!;
    expect(g.spend, g.value).toBeCloseTo(e.spend, 9);
    if (e.spend > 0) expect(g.roas, g.value).toBeCloseTo(e.revenue / e.spend, 9);
  }

  // The link keeps the spend: the same two files dropped on it rebuild the same dashboard.
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(10);
  const hash = await page.evaluate(() => location.hash);
  await drop(page, [SAMPLE, spendFile], hash);
  const again = await kpiPanel(page);
  await expect(page.getByTestId('spend-file')).toBeVisible();
  expect((await kpiScreen(again))['All users'].roas).toBe(`${multiple.format(want.total.revenue / want.total.spend)}×`);
});

test('a spend file declined is mapped as events: the KPIs have no spend figures', async ({ page }) => {
  const spendFile = writeSpend();
  await drop(page, [SAMPLE, spendFile]);
  const mapper = page.getByTestId('file-ad-spend.csv');
  await mapper.getByTestId('spend-decline').click();
  await expect(mapper.getByTestId('spend-offer')).toHaveCount(0);
  // As events it needs a user: each row is one (an advertiser's row), at its date, event "ad".
  await mapper.getByLabel("Each row's user").selectOption('__row');
  await mapper.getByLabel("Each row's time").selectOption('date');
  await mapper.getByLabel("Each row's event").selectOption('__constant');
  await mapper.getByTestId('event-constant').fill('ad');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('spend-file')).toHaveCount(0);
  await expect(page.getByTestId('kpi-events')).toContainText((50_000 + SPEND_ROWS.length).toLocaleString('en'));

  await page.getByRole('button', { name: '+ KPIs' }).click();
  const panel = await kpiPanel(page);
  await expect(panel.getByTestId('kpi-col-revenue')).toBeVisible();
  await expect(panel.getByTestId('kpi-col-spend')).toHaveCount(0);
  await expect(panel.getByTestId('kpi-col-roas')).toHaveCount(0);
  await expect(panel.getByTestId('kpi-col-cpa')).toHaveCount(0);
});
