import { expect, guardContext, expectClean, test, type Page } from './fixtures';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dataPath, needData } from '../support/data';
import { decodeState } from '../../src/lib/state/url-codec';

/**
 * A dashboard link opened without its data (docs/STATE-LINK.md, "Files for a link"): the outline
 * and the files it needs are shown; files that do not fit are refused in words before anything
 * runs (one Olist file of two used to give "won = 0"); an export of the same shape under another
 * name is accepted and gives the numbers.
 */

const LEADS = 'olist_marketing_qualified_leads_dataset.csv';
const DEALS = 'olist_closed_deals_dataset.csv';

type Hook = { __journeyscope: { addPanel(a: unknown): void; results: ({ ok: boolean } | null)[] } };

async function stepUsers(page: Page, panel: string): Promise<number[]> {
  const scope = page.getByTestId(panel).getByTestId('funnel-chart').first();
  const out: number[] = [];
  for (const i of [1, 2]) out.push(Number(await scope.getByTestId(`funnel-step-users-${i}`).getAttribute('data-value')));
  return out;
}

test('an Olist link without data shows its outline, refuses one file of two, and computes with both', async ({ page, browser, baseURL }) => {
  const leads = dataPath('olist-marketing-funnel', LEADS);
  const deals = dataPath('olist-marketing-funnel', DEALS);
  test.skip(!needData(leads, 'Olist data') || !needData(deals, 'Olist data'));

  // 1. The dashboard made from both files: a funnel lead → won (no window, as the stage funnel:
  // 841 won) broken down by origin.
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles([leads!, deals!]);
  for (const [file, name] of [[LEADS, 'lead'], [DEALS, 'won']] as const) {
    const f = page.getByTestId(`file-${file}`);
    await expect(f).toBeVisible({ timeout: 60_000 });
    await f.getByLabel("Each row's event").selectOption('__constant');
    await f.getByTestId('event-constant').fill(name);
  }
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Stage of lead').selectOption('awareness');
  await page.getByLabel('Stage of won').selectOption('purchase');
  await page.evaluate(() => (globalThis as unknown as Hook).__journeyscope.addPanel({ kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won' }], window: null, breakdown: 'origin' }));
  await expect(page.getByTestId('panel-1').getByTestId('funnel-chart').first()).toBeVisible({ timeout: 60_000 });
  expect(await stepUsers(page, 'panel-1')).toEqual([8000, 841]);
  await expect.poll(async () => (await decodeState(page.url())).panels.length).toBe(1);
  const link = page.url();
  // The page wrote the files and the columns it reads, with their kinds of values.
  const files = (await decodeState(link)).files!;
  expect(files.map((f) => f.file)).toEqual([LEADS, DEALS]);
  expect(files[0].columns.map((c) => c.name).sort()).toEqual(['first_contact_date', 'mql_id', 'origin']);

  // 2. The link in a fresh browser: the outline and the two files named.
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  const fresh = await context.newPage();
  await fresh.goto(link);
  const outline = fresh.getByTestId('link-outline');
  await expect(outline).toBeVisible();
  await expect(outline.getByTestId('outline-panel')).toHaveCount(1);
  await expect(outline.getByTestId('outline-panel')).toContainText('Funnel');
  await expect(outline.getByTestId('outline-panel')).toContainText('lead → won, by origin');
  const named = outline.getByTestId('link-file');
  await expect(named).toHaveCount(2);
  await expect(named.nth(0)).toContainText(LEADS);
  await expect(named.nth(0)).toContainText('origin');
  await expect(named.nth(1)).toContainText(DEALS);
  await expect(named.nth(1)).toContainText('won_date');
  await expect(fresh.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await fresh.screenshot({ path: 'test-results/link-outline.png', fullPage: true });

  // 3. Only the leads: refused, naming the deals file; nothing computed.
  await fresh.getByTestId('file-input').setInputFiles(leads!);
  const error = fresh.getByTestId('error');
  await expect(error).toContainText(`Missing: the file "${DEALS}"`, { timeout: 60_000 });
  await expect(error).toContainText('won_date');
  await expect(fresh.getByTestId('overview')).toHaveCount(0);
  await expect(fresh.getByTestId('panel-1')).toHaveCount(0);
  await fresh.screenshot({ path: 'test-results/link-refused.png', fullPage: true });

  // 4. The deals added, as an export under another name: accepted by its shape, the numbers follow.
  const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-link-'));
  const renamed = path.join(dir, 'closed-deals-export.csv');
  copyFileSync(deals!, renamed);
  await fresh.locator('label.add input[type="file"]').setInputFiles(renamed);
  await expect(fresh.getByTestId('panel-1').getByTestId('funnel-chart').first()).toBeVisible({ timeout: 60_000 });
  expect(await stepUsers(fresh, 'panel-1')).toEqual([8000, 841]);
  await expect(fresh.getByTestId('error')).toHaveCount(0);
  await context.close();
  expectClean(guard);
});
