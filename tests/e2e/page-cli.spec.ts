import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { encodeState, type DashboardState } from '../../src/lib/state/url-codec';
import type { AnalysisResult } from '../../src/lib/analysis/run';
import { inProcessCli } from '../cli/in-process';
import { cliPanel } from '../state/cli-panels';
import type { Outcome } from '../state/page-session';
import { randomDashboard } from '../state/random-dashboard';
import { SAMPLE_FILE, sampleValues } from '../state/sample-values';

/**
 * A few of the seeded random dashboards of tests/state/page-cli.test.ts opened in Chromium: the
 * built app at `/#<link>`, the sample file dropped, every panel's result (read through the test
 * hook, src/lib/test-hook.ts) equal to `journeyscope run --state LINK --panel N`, and a funnel's
 * first-step users read off the visible chart equal to the command line's too. The Node test
 * runs the page's AppState; this one adds what only the browser has: the route, the panels'
 * components (a builder that rewrote its panel on mount would show here), the worker engine.
 */

const sample = sampleValues(readFileSync(SAMPLE_FILE, 'utf8'));
const DASHBOARDS = 4;

/**
 * The dashboards: the first with a funnel panel, top-level filters and a range (its chart is read),
 * then the ones adding the most kinds not yet seen, so that a handful covers most kinds, then one
 * without stages.
 */
function pick(): { seed: number; dashboard: DashboardState }[] {
  const all = Array.from({ length: 200 }, (_, i) => ({ seed: i + 1, dashboard: randomDashboard(i + 1, sample) }));
  const first = all.find(({ dashboard: d }) => d.panels.some((p) => p.kind === 'funnel') && d.mapping.filters?.length && d.mapping.range?.from && d.mapping.range?.to)!;
  const chosen = [first];
  const seen = new Set(first.dashboard.panels.map((p) => p.kind));
  while (chosen.length < DASHBOARDS) {
    const fresh = (d: DashboardState) => new Set(d.panels.map((p) => p.kind).filter((k) => !seen.has(k))).size;
    const next = all.filter((x) => !chosen.includes(x)).reduce((a, b) => (fresh(b.dashboard) > fresh(a.dashboard) ? b : a));
    chosen.push(next);
    for (const p of next.dashboard.panels) seen.add(p.kind);
  }
  // And a link without stages whose numbers depend on the stage (the page once guessed stages).
  chosen.push(all.find(({ dashboard: d }) => d.mapping.stages === undefined && !chosen.some((c) => c.dashboard === d) && (JSON.stringify(d.mapping.filters ?? []).includes('"stage"') || d.panels.some((p) => p.kind === 'engagement')))!);
  return chosen;
}

const { cli, close } = inProcessCli();
test.afterAll(() => close());

const picked = pick();
for (const { seed, dashboard } of picked) {
  const readChart = seed === picked[0].seed;
  test(`dashboard ${seed} (${dashboard.panels.map((p) => p.kind).join(', ')}): the page's numbers are the command line's`, async ({ page }) => {
    const link = await encodeState(dashboard);
    await page.goto(`/#${link}`);
    await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await page.getByTestId('file-input').setInputFiles(SAMPLE_FILE);
    const n = dashboard.panels.length;
    await expect(page.getByTestId(`panel-${n}`)).toBeVisible({ timeout: 90_000 });
    for (let i = 1; i <= n; i++) await expect(page.getByTestId(`panel-${i}`)).toHaveAttribute('aria-busy', 'false', { timeout: 90_000 });

    const fromPage = await page.evaluate(() => {
      const app = (globalThis as unknown as { __journeyscope: { results: ({ ok: true; value: unknown } | { ok: false; error: string } | null)[]; error: string | null } }).__journeyscope;
      return { error: app.error, results: JSON.parse(JSON.stringify(app.results)) as typeof app.results };
    });
    expect(fromPage.error).toBeNull();
    const fromCli: Outcome[] = [];
    for (let i = 1; i <= n; i++) fromCli.push(await cliPanel(cli, SAMPLE_FILE, link, i));
    const firstLine = (o: Outcome | null): Outcome | null => (o === null || o.ok ? o : { ok: false, error: o.error.trim().split('\n')[0] });
    expect({ link, panels: fromPage.results.map((r) => firstLine(r && (r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error }))) }).toEqual({ link, panels: fromCli.map(firstLine) });

    // One number off the visible chart: the first dashboard's funnel's first step, as drawn.
    if (readChart) {
      const f = dashboard.panels.findIndex((p) => p.kind === 'funnel');
      expect(fromCli[f].ok).toBe(true);
      const users = ((fromCli[f] as { value: AnalysisResult }).value as { steps: { users: number }[] }).steps[0].users;
      const bar = page.getByTestId(`panel-${f + 1}`).getByTestId('funnel-step-users-1').first();
      await expect(bar).toHaveAttribute('data-value', String(users));
      await expect(bar).toHaveText(users.toLocaleString('en'));
    }
  });
}
