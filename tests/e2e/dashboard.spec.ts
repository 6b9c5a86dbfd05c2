import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, expectClean, guardContext, test, type Locator, type Page } from './fixtures';

/**
 * The dashboard as a person builds it: panels added, renamed, reordered, made wide, a cohort panel
 * switched to LTV, a table shown; the link copied and opened in a fresh browser, the same file
 * dropped, and everything on screen the same. Then remove and undo, Back and Forward through the
 * edits, stages renamed and added, and a file dropped over the dashboard.
 */
const SAMPLE = path.resolve('sample-data/journeys.csv');
const SAMPLE_TEXT = readFileSync(SAMPLE, 'utf8');

async function openSample(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
}

/** Drops `journeys.csv` on the page as a person would (a drop event carrying the file). */
async function dropSample(page: Page, type: 'drop' | 'dragenter' = 'drop') {
  await page.evaluate(
    ([text, type]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'journeys.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [SAMPLE_TEXT, type] as const
  );
}

/** Drags panel `from`'s handle onto panel `to` with the mouse (1-based), as a person would. */
async function dragPanel(page: Page, from: number, to: number) {
  // The handle in view, and the target's edge nearest it (a tall panel may not fit the window).
  await page.getByTestId(`panel-${from}`).locator('[data-handle]').scrollIntoViewIfNeeded();
  const h = (await page.getByTestId(`panel-${from}`).locator('[data-handle]').boundingBox())!;
  const box = (await page.getByTestId(`panel-${to}`).boundingBox())!;
  const t = { x: box.x, width: box.width, y: to < from ? box.y + box.height - 60 : box.y };
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + 20, h.y + 20, { steps: 5 });
  await page.mouse.move(t.x + t.width / 2, t.y + 40, { steps: 10 });
  await page.mouse.up();
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);
const panels = (page: Page) => page.locator('[data-testid^="panel-"][data-kind]');

/** What a panel shows: title, kind, width, every number the charts carry and all its text. */
async function panelSignature(panel: Locator) {
  return panel.evaluate((el) => {
    const title = el.querySelector<HTMLInputElement>('[data-testid="panel-title"]');
    const numbers = Array.from(el.querySelectorAll('[data-value], [data-count], [data-rate]')).map(
      (e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-value')}/${e.getAttribute('data-count')}/${e.getAttribute('data-rate')}`
    );
    const selects = Array.from(el.querySelectorAll('select')).map((s) => s.value);
    const pressed = Array.from(el.querySelectorAll('button[aria-pressed]')).map((b) => `${b.textContent?.trim()}:${b.getAttribute('aria-pressed')}`);
    return {
      title: title?.value || title?.placeholder,
      kind: el.getAttribute('data-kind'),
      wide: el.getAttribute('data-wide'),
      numbers,
      selects,
      pressed,
      tables: el.querySelectorAll('table').length,
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim()
    };
  });
}

async function dashboardSignature(page: Page) {
  const list = await panels(page).all();
  return {
    title: await page.getByTestId('dashboard-title').inputValue(),
    panels: await Promise.all(list.map(panelSignature))
  };
}

/** The dashboard once nothing is computing and two reads half a second apart agree. */
async function settledSignature(page: Page) {
  for (;;) {
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByText('calculating…')).toHaveCount(0);
    const a = await dashboardSignature(page);
    await page.waitForTimeout(500);
    const b = await dashboardSignature(page);
    if (JSON.stringify(a) === JSON.stringify(b)) return a;
  }
}

test('a four-panel dashboard reopens from its link exactly: titles, order, widths, views, numbers', async ({ page, browser, baseURL }) => {
  await openSample(page);
  for (const add of ['+ Funnel', '+ Retention', '+ Cohort table', '+ KPIs']) await page.getByRole('button', { name: add, exact: true }).click();
  await expect(panels(page)).toHaveCount(4);

  // Renamed: the retention panel.
  await page.getByTestId('panel-2').getByTestId('panel-title').fill('Weekly return');
  // The cohort panel shows LTV.
  await page.getByTestId('panel-3').getByTestId('cohort-metric').selectOption('cumulative_revenue_per_user');
  // The funnel is wide.
  await page.getByTestId('panel-1').getByTestId('panel-wide').click();
  // A table shown under the retention curves.
  await page.getByTestId('panel-2').getByRole('region', { name: 'Retention curves' }).getByRole('button', { name: 'Show table' }).click();
  // The KPIs move to the front with the keyboard.
  await page.getByTestId('panel-4').locator('[data-handle]').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('panel-1')).toHaveAttribute('data-kind', 'kpis');
  await expect(page.locator('[data-handle]').first()).toBeFocused();
  // The dashboard's own title.
  await page.getByTestId('dashboard-title').fill('Spring review');

  const before = await settledSignature(page);
  expect(before.title).toBe('Spring review');
  expect(before.panels.map((p) => [p.kind, p.title, p.wide])).toEqual([
    ['kpis', 'Marketing KPIs', 'false'],
    ['funnel', 'Funnel', 'true'],
    // Period grids start wide (dashboard-edits.ts startView).
    ['retention', 'Weekly return', 'true'],
    ['cohorts', 'Cohorts', 'true']
  ]);
  expect(before.panels[3].selects).toContain('cumulative_revenue_per_user');
  expect(before.panels[2].pressed).toContain('Hide table:true');
  expect(before.panels.every((p) => p.numbers.length > 0 || p.kind === 'kpis')).toBe(true);
  const link = page.url();
  expect(link).toContain('#v1.');

  // A fresh browser (nothing shared with the first), the same file dropped.
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  const fresh = await context.newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await dropSample(fresh);
  await expect(fresh.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(panels(fresh)).toHaveCount(4);
  const after = await settledSignature(fresh);
  expect(after).toEqual(before);
  expect(fresh.url()).toBe(link);
  await context.close();
  expectClean(guard);
});

test('remove and undo; Back and Forward walk through the edits, one entry per edit', async ({ page }) => {
  await openSample(page);
  const start = await hashOf(page);
  await page.getByRole('button', { name: '+ Cohort table', exact: true }).click();
  await expect.poll(() => hashOf(page)).not.toBe(start);
  const oneCohort = await hashOf(page);
  await page.getByRole('button', { name: '+ Lifecycle', exact: true }).click();
  await expect.poll(() => hashOf(page)).not.toBe(oneCohort);
  const two = await hashOf(page);
  // Typing a title is one entry, not one per letter.
  await page.getByTestId('panel-1').getByTestId('panel-title').pressSequentially('Monthly cohorts', { delay: 20 });
  await expect.poll(() => hashOf(page)).not.toBe(two);
  const titled = await hashOf(page);
  await page.getByTestId('panel-2').getByTestId('panel-wide').click();
  await expect.poll(() => hashOf(page)).not.toBe(titled);
  const wide = await hashOf(page);
  const shown = await settledSignature(page);

  // Remove the first panel, then undo: it is back at its place with the same numbers.
  await page.getByTestId('panel-1').getByTestId('panel-remove').click();
  await expect(panels(page)).toHaveCount(1);
  await expect(page.getByTestId('panel-1')).toHaveAttribute('data-kind', 'lifecycle');
  await page.getByTestId('undo-remove').getByRole('button', { name: 'Undo' }).click();
  await expect(panels(page)).toHaveCount(2);
  expect(await settledSignature(page)).toEqual(shown);
  await expect(page.getByTestId('undo-remove')).toHaveCount(0);
  const undone = await hashOf(page);
  expect(undone).toBe(wide);

  // Back: before the undo (one panel), before the remove (wide), before wide, before the title, …
  await page.goBack();
  await expect(panels(page)).toHaveCount(1);
  await page.goBack();
  await expect(panels(page)).toHaveCount(2);
  expect(await hashOf(page)).toBe(wide);
  await page.goBack();
  expect(await hashOf(page)).toBe(titled);
  await expect(page.getByTestId('panel-2')).toHaveAttribute('data-wide', 'false');
  await expect(page.getByTestId('panel-1').getByTestId('panel-title')).toHaveValue('Monthly cohorts');
  await page.goBack();
  expect(await hashOf(page)).toBe(two);
  await expect(page.getByTestId('panel-1').getByTestId('panel-title')).toHaveValue('');
  await page.goBack();
  expect(await hashOf(page)).toBe(oneCohort);
  await expect(panels(page)).toHaveCount(1);
  await page.goBack();
  expect(await hashOf(page)).toBe(start);
  await expect(panels(page)).toHaveCount(0);
  // Forward again, to the titled dashboard, with its numbers.
  await page.goForward();
  await page.goForward();
  await page.goForward();
  expect(await hashOf(page)).toBe(titled);
  await expect(panels(page)).toHaveCount(2);
  await expect(page.getByTestId('panel-1').getByTestId('panel-title')).toHaveValue('Monthly cohorts');
  const again = await settledSignature(page);
  expect(again.panels[0].numbers).toEqual(shown.panels[0].numbers);
  expect(again.panels[1].numbers).toEqual(shown.panels[1].numbers);

  // Dragged by its handle onto the first panel, the second panel takes its place: one more entry.
  await dragPanel(page, 2, 1);
  await expect(page.getByTestId('panel-1')).toHaveAttribute('data-kind', 'lifecycle');
  await expect(page.getByTestId('panel-2').getByTestId('panel-title')).toHaveValue('Monthly cohorts');
  await expect.poll(() => hashOf(page)).not.toBe(titled);
  await page.goBack();
  await expect(page.getByTestId('panel-1')).toHaveAttribute('data-kind', 'cohorts');
  expect(await hashOf(page)).toBe(titled);
});

test('stages are renamed, added, moved and removed; purchasers follow the purchase stage; a file dropped on the dashboard replaces its namesake', async ({ page }) => {
  await openSample(page);
  const tile = page.getByTestId('overview').getByTestId('kpi-purchasers');
  await expect(tile).not.toContainText('—');
  const purchasers = (await tile.textContent())!.match(/[\d,]+/)![0];
  expect(Number(purchasers.replace(/,/g, ''))).toBeGreaterThan(0);

  // Renamed: the third stage still counts the purchasers, and says which stage it is.
  const list = page.getByTestId('stage-list');
  await expect(page.getByTestId('stage-name-3')).toHaveValue('purchase');
  await page.getByTestId('stage-name-3').fill('Bought');
  await page.getByTestId('stage-name-3').press('Enter');
  await expect(tile).toContainText('stage "Bought"');
  await expect(tile).toContainText(purchasers);
  await expect(page.getByRole('combobox', { name: 'Stage of purchase' })).toHaveValue('Bought');

  // A name taken is refused in plain words.
  await page.getByTestId('stage-name-2').fill('Bought');
  await page.getByTestId('stage-name-2').press('Enter');
  await expect(page.getByRole('alert')).toContainText('There is already a stage called "Bought".');

  // Added, then offered for events; moved up; removed.
  await page.getByTestId('stage-new').fill('Loyal');
  await page.getByRole('button', { name: 'Add stage' }).click();
  await expect(list.locator('li')).toHaveCount(6);
  await expect(page.getByTestId('stage-name-6')).toHaveValue('Loyal');
  await page.getByRole('combobox', { name: 'Stage of review' }).selectOption('Loyal');
  // The stage funnel above the panels has a sixth step, named in its summary.
  await expect(page.getByTestId('overview').getByTestId('funnel-step-users-6')).toHaveCount(1);
  await expect(page.getByTestId('overview').getByRole('img', { name: /Loyal/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Move stage Loyal up' }).click();
  await expect(page.getByTestId('stage-name-5')).toHaveValue('Loyal');
  await page.getByRole('button', { name: 'Remove stage Loyal' }).click();
  await expect(list.locator('li')).toHaveCount(5);
  await expect(page.getByRole('combobox', { name: 'Stage of review' })).toHaveValue('');

  // Files dragged over the dashboard show the overlay; the same file dropped is read again in place.
  await dropSample(page, 'dragenter');
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await dropSample(page);
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  await expect(tile).toContainText(purchasers);
  await expect(page.getByText('journeys.csv').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __journeyscope: { files: unknown[] } }).__journeyscope.files.length)).toBe(1);
});
