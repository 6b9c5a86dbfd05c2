import { expect, test, type Download, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { dataPath, needData } from '../support/data';
import { csvRecords } from '../support/csv-rows';
import { encodeState } from '../../src/lib/state/url-codec';

/**
 * Exports that keep their meaning (docs/EXPORTS.md), on the Olist funnel lead → won broken down by
 * origin (11 groups; the chart shows 6 on screen): the SVG carries its title, filters, range and a
 * legend entry and bars for every group; the PNG is the SVG at twice its size; the CSV is the
 * on-screen table; the whole dashboard exports as one PNG and as one HTML report without script.
 */

const LEADS = 'olist_marketing_qualified_leads_dataset.csv';
const DEALS = 'olist_closed_deals_dataset.csv';
const RANGE = { from: '2017-01-01', to: '2019-01-01' };

type Hook = { __journeyscope: { results: ({ ok: boolean; value: { breakdown?: { value: string | null }[] } } | null)[] } };

async function olistDashboard(page: Page): Promise<void> {
  const leads = dataPath('olist-marketing-funnel', LEADS);
  const deals = dataPath('olist-marketing-funnel', DEALS);
  test.skip(!needData(leads, 'Olist data') || !needData(deals, 'Olist data'));
  const link = await encodeState({
    v: 1,
    mapping: {
      sources: [
        { file: LEADS, columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } } },
        { file: DEALS, columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' } } }
      ],
      stages: [{ name: 'awareness', events: ['lead'] }, { name: 'purchase', events: ['won'] }],
      filters: [{ column: 'mql_id', op: 'not_null' }],
      range: RANGE
    },
    panels: [{ kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won' }], window: null, breakdown: 'origin' }]
  });
  await page.goto('/#' + link);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles([leads!, deals!]);
  await expect(page.getByTestId('panel-1').getByTestId('funnel-chart').first()).toBeVisible({ timeout: 60_000 });
}

async function exportFrom(page: Page, menu: string): Promise<Download> {
  await page.getByTestId('panel-1').getByRole('button', { name: 'Export ▾' }).first().click();
  const wait = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: menu }).click();
  return wait;
}

const bytes = async (d: Download) => readFileSync((await d.path())!);
/** A PNG's size from its IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

test('a chart exports as SVG, PNG and CSV that keep their meaning', async ({ page }) => {
  await olistDashboard(page);
  const groups = await page.evaluate(() => (globalThis as unknown as Hook).__journeyscope.results[0]!.value.breakdown!.map((g) => g.value ?? '(none)'));
  expect(groups).toHaveLength(11);
  const panel = page.getByTestId('panel-1');
  // On screen six groups, the rest in the table.
  await expect(panel.getByTestId('funnel-chart').first().locator('.legend li:not(.more)')).toHaveCount(6);

  // SVG: parsed by the browser; title, filters and range, every group in the legend and drawn.
  const svgDl = await exportFrom(page, 'SVG image');
  expect(svgDl.suggestedFilename()).toBe(`funnel-by-origin_olist_${today()}.svg`);
  const svgText = (await bytes(svgDl)).toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    const nested = root.querySelector('svg');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      title: root.querySelector(':scope > title')?.textContent,
      texts: Array.from(root.querySelectorAll(':scope > text')).map((t) => t.textContent),
      legend: Array.from(root.querySelectorAll('[data-part="legend"] text')).map((t) => t.textContent),
      groupBars: nested ? nested.querySelectorAll('rect[rx="2"]').length : 0,
      height: Number(root.getAttribute('height')),
      width: Number(root.getAttribute('width'))
    };
  }, svgText);
  expect(parsed.error).toBeNull();
  // The chart's header says the funnel's window; the export adds what the panel computes.
  expect(parsed.title).toBe('Funnel · no time limit · steps in order — lead → won, by origin');
  // A long title wraps onto several lines of the picture.
  expect(parsed.texts.join(' ')).toContain('Funnel · no time limit · steps in order — lead → won, by origin');
  expect(parsed.texts).toContain('Filters: mql_id is not empty');
  expect(parsed.texts).toContain(`Range: ${RANGE.from} to ${RANGE.to} (UTC, end excluded)`);
  expect(parsed.texts.join(" ")).toContain(`Data: ${LEADS}, ${DEALS}`);
  expect([...parsed.legend].sort()).toEqual([...groups].sort());
  expect(parsed.groupBars).toBe(11 * 2);
  expect(svgText).not.toMatch(/<script|on\w+=|javascript:/i);
  // The page is back to six groups once exported.
  await expect(panel.getByTestId('funnel-chart').first().locator('.legend li:not(.more)')).toHaveCount(6);

  // PNG: the same picture at twice its size; the chart as wide as on screen.
  const onScreen = await panel.getByTestId('funnel-chart').first().locator('svg[role="img"]').boundingBox();
  const pngDl = await exportFrom(page, 'PNG image');
  expect(pngDl.suggestedFilename()).toBe(`funnel-by-origin_olist_${today()}.png`);
  const png = pngSize(await bytes(pngDl));
  await pngDl.saveAs('test-results/export-funnel-by-origin.png');
  expect(Math.abs(png.width - 2 * onScreen!.width)).toBeLessThanOrEqual(2);
  expect(png.width).toBe(2 * parsed.width);
  expect(png.height).toBe(2 * parsed.height);

  // CSV: the on-screen tables, row for row.
  const csvDl = await exportFrom(page, 'CSV data');
  expect(csvDl.suggestedFilename()).toBe(`funnel-by-origin_olist_${today()}.csv`);
  const csv = csvRecords((await bytes(csvDl)).toString('utf8'));
  await panel.getByRole('button', { name: 'Show table' }).first().click();
  const cells = (testid: string) => panel.getByTestId(testid).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent!.trim())));
  const num = (s: string) => Number(s.replace(/[,%]/g, ''));
  const all = await cells('funnel-table');
  const byGroup = await cells('funnel-breakdown-table');
  const csvAll = csv.filter((r) => r.group === 'all');
  const csvGroups = csv.filter((r) => r.group === 'breakdown');
  expect(csvAll.map((r) => [r.label, Number(r.users)])).toEqual(all.map((r) => [r[0], num(r[1])]));
  expect(csvGroups.map((r) => [r.breakdown_value || '(none)', r.label, Number(r.users)])).toEqual(byGroup.map((r) => [r[0], r[1], num(r[2])]));
  all.forEach((r, i) => expect(Math.abs(num(r[2]) - 100 * Number(csvAll[i].conversion))).toBeLessThan(0.51));
});

test('the whole dashboard exports as one PNG and as one HTML report with every panel, no script', async ({ page }) => {
  await olistDashboard(page);
  const pngWait = page.waitForEvent('download');
  await page.getByTestId('export-dashboard-png').click();
  const pngDl = await pngWait;
  expect(pngDl.suggestedFilename()).toBe(`dashboard_olist_${today()}.png`);
  const png = pngSize(await bytes(pngDl));
  await pngDl.saveAs('test-results/export-dashboard.png');
  const chartBox = await page.getByTestId('panel-1').getByTestId('funnel-chart').first().locator('svg[role="img"]').boundingBox();
  expect(png.width).toBeGreaterThanOrEqual(2 * Math.floor(chartBox!.width));
  // The stage funnel, the funnel and its two extra charts, stacked: far taller than one chart.
  expect(png.height).toBeGreaterThan(2 * 3 * chartBox!.height);

  const htmlWait = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const htmlDl = await htmlWait;
  expect(htmlDl.suggestedFilename()).toBe(`report_olist_${today()}.html`);
  const html = (await bytes(htmlDl)).toString('utf8');
  await htmlDl.saveAs('test-results/export-report.html');
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\s(src|href)=|url\(|@import/i);
  // A panel's title is its title box: what was typed, else the kind's name (its placeholder).
  const panelTitles = await page.locator('[data-testid^="panel-"] [data-testid="panel-title"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value || (e as HTMLInputElement).placeholder));
  expect(panelTitles.length).toBeGreaterThan(0);
  const report = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'text/html');
    return {
      h2: Array.from(doc.querySelectorAll('h2')).map((h) => h.textContent ?? ''),
      h3: Array.from(doc.querySelectorAll('h3')).map((h) => h.textContent ?? ''),
      svgs: doc.querySelectorAll('figure > svg').length,
      tables: doc.querySelectorAll('table').length,
      scripts: doc.querySelectorAll('script').length
    };
  }, html);
  for (const t of panelTitles) expect(report.h2.some((h) => h.startsWith(t))).toBe(true);
  expect(report.h2).toContain('Users reaching each stage · no time limit · steps in order');
  expect(report.h2).toContain('Funnel — lead → won, by origin');
  const frameTitles = await page.locator('section.frame h3').allTextContents();
  for (const t of frameTitles) expect(report.h3.some((h) => h.startsWith(t.trim()))).toBe(true);
  expect(report.svgs).toBeGreaterThanOrEqual(2);
  expect(report.tables).toBeGreaterThanOrEqual(2);
  expect(report.scripts).toBe(0);
});

test('a dashboard with every kind exports as one HTML report naming every panel and frame, and as one PNG', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  const group = page.getByRole('group', { name: 'Add an analysis' });
  const labels = (await group.getByRole('button').allTextContents()).map((l) => l.trim());
  for (const [i, label] of labels.entries()) {
    await group.getByRole('button', { name: label, exact: true }).click();
    const panel = page.getByTestId(`panel-${i + 1}`);
    await expect(panel).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    await expect(panel.locator('svg[role="img"], table').first()).toBeAttached({ timeout: 60_000 });
  }
  await expect(page.getByTestId('panel-error')).toHaveCount(0);

  const htmlWait = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const htmlDl = await htmlWait;
  expect(htmlDl.suggestedFilename()).toBe(`report_journeys_${today()}.html`);
  const html = (await bytes(htmlDl)).toString('utf8');
  expect(html).not.toMatch(/<script|\son\w+=|javascript:|\s(src|href)=/i);
  const report = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'text/html');
    return { h2: Array.from(doc.querySelectorAll('h2')).map((h) => h.textContent ?? ''), h3: Array.from(doc.querySelectorAll('h3')).map((h) => h.textContent ?? '') };
  }, html);
  // A panel's title is its title box: what was typed, else the kind's name (its placeholder).
  const panelTitles = await page.locator('[data-testid^="panel-"] [data-testid="panel-title"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value || (e as HTMLInputElement).placeholder));
  expect(panelTitles).toHaveLength(labels.length);
  // One section per panel, in page order, after the stage funnel's.
  expect(report.h2.slice(1).map((h) => h.split(' — ')[0])).toEqual(panelTitles);
  const frameTitles = (await page.locator('section.frame h3').allTextContents()).map((t) => t.trim());
  expect(report.h3).toHaveLength(frameTitles.length);
  frameTitles.forEach((t, i) => expect(report.h3[i].startsWith(t)).toBe(true));

  const pngWait = page.waitForEvent('download');
  await page.getByTestId('export-dashboard-png').click();
  const png = pngSize(await bytes(await pngWait));
  expect(png.width).toBeGreaterThan(1000);
  expect(png.height).toBeGreaterThan(2 * 300 * labels.length);
  await expect(page.locator('.dash-export [role="alert"]')).toHaveCount(0);
});
