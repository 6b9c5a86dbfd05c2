import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { writeSample } from '../../sample-data/write-sample';
import { seedFrom } from '../../sample-data/prng';

/**
 * A big file is mapped from its first lines while it is read in full (docs/PROGRESSIVE.md): the
 * mapping screen shows before the import ends, a confirm clicked meanwhile waits for it, and the
 * dashboard is the one a person who waited for the whole read gets.
 */
const DIR = path.join(os.tmpdir(), 'journeyscope-e2e');

/** About 200 MB of generated journeys (seeded: the same bytes every run, reused when present). */
function bigFile(): string {
  const p = path.join(DIR, 'journeys-2900k.csv');
  if (!existsSync(p) || statSync(p).size < 190e6) {
    mkdirSync(DIR, { recursive: true });
    writeSample({ events: 2_900_000, seed: seedFrom('42'), out: p });
  }
  return p;
}

async function ready(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
}

/** Every KPI tile and the stage funnel's users per step, as the screen shows them. */
async function dashboardNumbers(page: Page): Promise<{ tiles: string[]; stages: (string | null)[] }> {
  const overview = page.getByTestId('overview');
  await expect(overview.locator('[data-testid^="funnel-step-users-"]').first()).toBeVisible({ timeout: 600_000 });
  await expect(overview).toHaveAttribute('aria-busy', 'false');
  const tiles = await overview.locator('[data-testid^="kpi-"]').allTextContents();
  const stages = await overview.locator('[data-testid^="funnel-step-users-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  return { tiles, stages };
}

test('a 200 MB file: the columns show before it is read, and the journey equals a run that waited', async ({ browser, page }) => {
  test.setTimeout(900_000);
  const file = bigFile();
  await ready(page);
  await page.setInputFiles('[data-testid=file-input]', file);
  // The mapping screen, from the file's first lines, while the whole file is still being read.
  await expect(page.getByTestId('confirm')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('reading')).toBeVisible();
  await expect(page.getByTestId('rows-partial')).toBeVisible();
  await page.screenshot({ path: 'test-results/progressive-reading.png' });
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('confirm')).toHaveText(/once the file is read/);
  const early = await dashboardNumbers(page);
  await expect(page.getByTestId('head-changes')).toHaveCount(0);

  const waited = await browser.newPage();
  await ready(waited);
  await waited.setInputFiles('[data-testid=file-input]', file);
  await expect(waited.getByTestId('confirm')).toBeVisible({ timeout: 120_000 });
  // This time the read ends before the confirm: the rows read are the whole file's.
  await expect(waited.getByTestId('reading')).toHaveCount(0, { timeout: 600_000 });
  await expect(waited.getByTestId('rows-loaded')).toBeVisible();
  await waited.getByTestId('confirm').click();
  expect(await dashboardNumbers(waited)).toEqual(early);
  expect(early.tiles.length).toBeGreaterThan(3);
  await waited.close();
});

test('what the whole file says differently from its first lines is said on the mapping screen', async ({ page }) => {
  // 5 MB: numeric user ids in the first megabyte, text ids further down.
  mkdirSync(DIR, { recursive: true });
  const p = path.join(DIR, 'ids-turn-to-text.csv');
  const lines = ['user_id,event_time,event'];
  for (let i = 0; i < 150_000; i++) {
    const user = i < 60_000 ? String(1000 + (i % 5000)) : `c-${i % 5000}`;
    lines.push(`${user},2024-0${1 + (i % 9)}-1${i % 10} 10:00:00,${i % 3 ? 'visit' : 'purchase'}`);
  }
  writeFileSync(p, lines.join('\n') + '\n');
  expect(statSync(p).size).toBeGreaterThan(4 << 20);
  await ready(page);
  await page.setInputFiles('[data-testid=file-input]', p);
  await expect(page.getByTestId('rows-partial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('head-changes')).toContainText('Column "user_id" holds text in the whole file (its first lines looked like whole numbers).', { timeout: 300_000 });
  await expect(page.getByTestId('rows-loaded')).toHaveText('150,000');
  await page.screenshot({ path: 'test-results/progressive-changes.png' });
});
