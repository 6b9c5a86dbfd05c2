import { expect, test, type Locator, type Page } from './fixtures';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { NodeEngine } from '../../src/lib/engine/node';

/**
 * The engagement levels' rules edited on the page (src/lib/ui/EngagementBuilder.svelte): on the
 * sample data, the distribution on screen is the one the command line gives for the page's own
 * link, before and after a rule is edited, and the edited rule survives in the link (reopened,
 * the file dropped again, same numbers).
 */
const SAMPLE = path.resolve('sample-data/journeys.csv');

/** The rows of the distribution table: period, users, then users per level (lowest first). */
type Row = [string, ...number[]];

/** `journeyscope run --state LINK --panel N` in-process, its result's distribution as table rows. */
async function cliRows(link: string, panel: number): Promise<{ levels: string[]; rows: Row[] }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', '--data', SAMPLE, '--state', link, '--panel', String(panel)], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    engine: () => NodeEngine.create()
  });
  expect(code, stderr).toBe(0);
  const r = JSON.parse(stdout) as { kind: string; levels: string[]; periods: { start: string; users: number; levels: number[] }[] };
  expect(r.kind).toBe('engagement');
  return { levels: r.levels, rows: r.periods.map((p) => [p.start, p.users, ...p.levels] as Row) };
}

async function screenRows(panel: Locator): Promise<Row[]> {
  const cells = await panel.getByTestId('engagement-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
  // A period still running is starred on screen (its numbers can change); the command line's rows
  // carry the period alone.
  return cells.map(([start, ...n]) => [start.replace(/ \*$/, ''), ...n.map((x) => Number(x.replace(/,/g, '')))] as Row);
}

async function settled(panel: Locator) {
  await expect(panel).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(panel.getByTestId('engagement-chart')).toBeAttached({ timeout: 60_000 });
  await expect(panel.getByTestId('panel-error')).toHaveCount(0);
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);

test('an edited engagement rule: the distribution on screen is the command line\'s for the link, and the link keeps the rule', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });

  const before = await page.locator('section[data-testid^="panel-"]').count();
  await page.getByRole('group', { name: 'Add an analysis' }).getByRole('button', { name: '+ Engagement levels', exact: true }).click();
  const n = before + 1;
  const panel = page.getByTestId(`panel-${n}`);
  await settled(panel);

  // The default rules, as the builder shows them: the lowest level takes everyone else.
  const rules = panel.getByTestId('engagement-builder');
  await expect(rules.getByRole('textbox', { name: 'Level 4 name' })).toHaveValue('committed');
  await expect(rules.getByRole('group', { name: 'Level 1' })).toContainText('everyone else');
  await expect(rules.getByRole('combobox', { name: 'Level 4 condition 1 measure' })).toHaveValue('purchases');
  await expect(rules.getByRole('spinbutton', { name: 'Level 4 condition 1 value' })).toHaveValue('2');
  await expect(rules.getByRole('button', { name: 'Reset to the default rules' })).toBeDisabled();

  // Before any edit the page and the command line agree on the page's link.
  await expect.poll(() => hashOf(page)).toContain('#');
  const defaults = await cliRows(await page.evaluate(() => location.href), n);
  expect(defaults.levels).toEqual(['exploring', 'understanding', 'anticipating', 'committed', 'advocating']);
  await expect.poll(() => screenRows(panel)).toEqual(defaults.rows);

  // "committed" from two purchases to one.
  const hashBefore = await hashOf(page);
  const value = rules.getByRole('spinbutton', { name: 'Level 4 condition 1 value' });
  await value.fill('1');
  await value.press('Enter');
  await value.blur();
  await expect.poll(() => hashOf(page)).not.toBe(hashBefore);
  await settled(panel);
  const edited = await cliRows(await page.evaluate(() => location.href), n);
  // The edit matters on this data: more users are committed in some period, none fewer.
  const committed = (rows: Row[]) => rows.map((r) => r[2 + defaults.levels.indexOf('committed')] as number);
  expect(committed(edited.rows).some((c, i) => c > committed(defaults.rows)[i])).toBe(true);
  expect(committed(edited.rows).every((c, i) => c >= committed(defaults.rows)[i])).toBe(true);
  await expect.poll(() => screenRows(panel)).toEqual(edited.rows);
  await expect(rules.getByRole('button', { name: 'Reset to the default rules' })).toBeEnabled();

  // The link keeps the rule: reopened, the same file dropped, the same numbers and the same rule.
  const hash = await hashOf(page);
  await page.goto('about:blank');
  await page.goto('/' + hash);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('file-input').setInputFiles([SAMPLE]);
  const again = page.getByTestId(`panel-${n}`);
  await settled(again);
  await expect(again.getByRole('spinbutton', { name: 'Level 4 condition 1 value' })).toHaveValue('1');
  await expect.poll(() => screenRows(again)).toEqual(edited.rows);

  // Reset brings the default rules and their numbers back.
  await again.getByRole('button', { name: 'Reset to the default rules' }).click();
  await expect(again.getByRole('spinbutton', { name: 'Level 4 condition 1 value' })).toHaveValue('2');
  await settled(again);
  await expect.poll(() => screenRows(again)).toEqual(defaults.rows);
});

test('the rule editor offers only what the runner accepts: a scope on counted measures, a step on occurrences, a stage select', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  const before = await page.locator('section[data-testid^="panel-"]').count();
  await page.getByRole('group', { name: 'Add an analysis' }).getByRole('button', { name: '+ Engagement levels', exact: true }).click();
  const panel = page.getByTestId(`panel-${before + 1}`);
  await settled(panel);
  const rules = panel.getByTestId('engagement-builder');

  // A stage condition: its value a select of the dashboard's stages, no scope.
  const stage = rules.getByRole('combobox', { name: 'Level 2 condition 1 stage' });
  await expect(stage).toHaveValue('2');
  await expect(rules.getByRole('combobox', { name: 'Level 2 condition 1 scope' })).toHaveCount(0);
  // Every measure in turn on one condition: never a panel error.
  const measure = rules.getByRole('combobox', { name: 'Level 5 condition 1 measure' });
  const measures = await measure.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(measures).toEqual(['stage', 'active_days', 'active_periods', 'days_since_active', 'purchases', 'occurrences']);
  for (const m of measures) {
    await measure.selectOption(m);
    await settled(panel);
    await expect(rules.getByRole('combobox', { name: 'Level 5 condition 1 scope' })).toHaveCount(m === 'purchases' || m === 'occurrences' ? 1 : 0);
    await expect(rules.getByRole('combobox', { name: 'Level 5 condition 1 event' })).toHaveCount(m === 'occurrences' ? 1 : 0);
  }
  // A condition added, then removed; the lowest level has no "+ condition".
  await expect(rules.getByRole('button', { name: 'Add a condition to level 1' })).toHaveCount(0);
  await rules.getByRole('button', { name: 'Add a condition to level 2' }).click();
  await expect(rules.getByRole('combobox', { name: 'Level 2 condition 2 measure' })).toHaveValue('purchases');
  await settled(panel);
  await rules.getByRole('button', { name: 'Remove Level 2 condition 2' }).click();
  await expect(rules.getByRole('combobox', { name: 'Level 2 condition 2 measure' })).toHaveCount(0);
  await settled(panel);
});
