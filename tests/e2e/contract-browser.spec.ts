import { expect, expectClean, guardContext, test, type Guard, type Page } from './fixtures';
import { closeTo } from '../analysis/support/close-to';
import { eventsTable, loadFixtures, type EventsTable } from '../support/fixture-events';

/**
 * The hand-worked contract fixtures, run in the built app (STYLE.md 5: one suite, two
 * environments). The fixtures and the `events` SQL are the ones the Node suites use
 * (tests/analysis/*-fixtures.test.ts); here the statement runs on the page's BrowserEngine (DuckDB
 * in its Web Worker) and each spec goes through `Session.run`, the page's own entry point.
 */
const suites = [
  { folder: 'funnel' as const, fixtures: loadFixtures('funnel') },
  { folder: 'retention' as const, fixtures: loadFixtures('retention', ['retention', 'cohorts']) }
];

interface Handle {
  session: { engine: { query(sql: unknown): Promise<unknown[]> }; warmedUp(): Promise<void>; schema: Record<string, string> | null; run(spec: unknown): Promise<unknown> } | null;
}

async function runInPage(page: Page, table: EventsTable, specs: unknown[]): Promise<({ ok: true; value: unknown } | { ok: false; error: string })[]> {
  return page.evaluate(
    async ({ table, specs }) => {
      const ws = (globalThis as unknown as { __journeyscope: Handle }).__journeyscope.session!;
      // The page's warm-up builds and drops its own `events`: the fixture's table comes after it.
      await ws.warmedUp();
      await ws.engine.query((globalThis as unknown as { __journeyscopeRaw: (t: string) => unknown }).__journeyscopeRaw(table.sql));
      ws.schema = table.schema;
      const out = [];
      for (const spec of specs) {
        try {
          out.push({ ok: true as const, value: await ws.run(spec) });
        } catch (e) {
          out.push({ ok: false as const, error: String((e as Error).message) });
        }
      }
      return out;
    },
    { table, specs }
  );
}

test.describe.configure({ mode: 'serial' });

let page: Page;
// The page is shared by the tests below, in a context of its own: it gets the same guards as the
// fixtures' pages (no request to another origin, no CSP violation), checked after every test.
let guard: Guard;
test.beforeAll(async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  guard = await guardContext(context, new URL(baseURL!).origin);
  page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
});
test.afterEach(() => expectClean(guard));
test.afterAll(async () => page.context().close());

test('the fixtures are there (an empty folder would pass every suite below)', () => {
  expect(suites[0].fixtures.length).toBeGreaterThanOrEqual(10);
  expect(suites[1].fixtures.flatMap((f) => f.runs).some((r) => r.spec.analysis.kind === 'cohorts')).toBe(true);
});

for (const { folder, fixtures } of suites) {
  for (const fx of fixtures) {
    test(`${folder}/${fx.file}: ${fx.name}`, async () => {
      const got = await runInPage(page, eventsTable(folder, fx), fx.runs.map((r) => r.spec));
      fx.runs.forEach((run, i) => {
        const g = got[i];
        expect(g.ok ? '' : g.error, run.why).toBe('');
        // Ratios and means may differ in the last bits (summation order); everything else exactly.
        if (g.ok && !closeTo(g.value, run.expected)) expect(g.value, run.why).toEqual(run.expected);
      });
    });
  }
}
