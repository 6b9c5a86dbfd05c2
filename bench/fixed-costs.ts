/**
 * The fixed costs a person feels on a small file, in the built app (test build: it needs the page's
 * test hook): navigation → first paint → engine ready, cold then warm (one Chromium profile kept on
 * disk, so the HTTP cache and V8's compiled-wasm cache survive between loads, as for a returning
 * visitor), then a ~1 MB CSV dropped: → mapping screen → (confirm clicked at once) → first chart,
 * with every statement the page sent to the engine counted and timed.
 *
 *   npx vite build --mode test && npx tsx bench/fixed-costs.ts [--port 4208] [--loads 4] [--events 15000] [--file PATH] [--pick-ms 0]
 *
 * Wall times are noisy on a shared machine: compare runs made one after the other, and read the
 * statement counts, which are not.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startPreview } from './browser-harness';
import { journeysFile } from './data-files';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const port = Number(arg('port', '4208'));
const loads = Number(arg('loads', '4'));
const events = Number(arg('events', '15000'));
/** How long a person takes to pick a file once the page is ready (0: dropped at once). */
const pickMs = Number(arg('pick-ms', '0'));

const INIT = `
(() => {
  const b = (globalThis.__fc = { t0: null, mappingAt: null, chartAt: null, readyAt: null });
  document.addEventListener('change', (e) => {
    if (e.target && e.target.matches && e.target.matches('[data-testid=file-input]')) b.t0 = performance.now();
  }, true);
  const check = () => {
    if (b.readyAt === null) {
      const s = document.querySelector('[data-testid=engine-status]');
      if (s && s.getAttribute('data-ready') === 'true') b.readyAt = performance.now();
    }
    if (b.t0 === null) return;
    const c = document.querySelector('[data-testid=confirm]');
    if (b.mappingAt === null && c && !c.disabled) { b.mappingAt = performance.now(); c.click(); }
    if (b.chartAt === null && b.mappingAt !== null && document.querySelector('[data-testid=overview] [data-testid^=funnel-step-users-]')) {
      b.chartAt = -1;
      requestAnimationFrame(() => requestAnimationFrame(() => (b.chartAt = performance.now())));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'fixed-costs-'));
/** `--file PATH`: drop that file instead of a generated one (e.g. bench/data/journeys-1m.csv). */
const given = arg('file', '');
const file = given ? { path: path.resolve(given), bytes: statSync(given).size } : journeysFile(events, dir);
const preview = await startPreview(port);
const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...(process.env.FC_ARGS ? process.env.FC_ARGS.split(' ') : [])]
});
try {
  await context.addInitScript(INIT);
  const page = context.pages()[0] ?? (await context.newPage());
  for (let i = 0; i < loads; i++) {
    await page.goto(`${preview.url}/?load=${i}`);
    await page.waitForFunction(() => (globalThis as any).__fc.readyAt !== null, null, { timeout: 120_000 });
    const l = await page.evaluate(() => ({
      fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN,
      ready: (globalThis as any).__fc.readyAt as number,
      marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('engine:')).map((m) => [m.name, Math.round(m.startTime)]))
    }));
    console.log(`load ${i} (${i === 0 ? 'cold' : 'warm'}): fcp ${Math.round(l.fcp)} ms, ready ${Math.round(l.ready)} ms, ready − fcp ${Math.round(l.ready - l.fcp)} ms`, JSON.stringify(l.marks));
    // The first visit works on a file (the browser keeps compiled wasm only once enough of it ran
    // optimised), and so does the last one, on a warm engine.
    if (i === 0 || i === loads - 1) {
      if (pickMs > 0) await page.waitForTimeout(pickMs);
      await dropOne(page);
      await page.waitForTimeout(3000);
    }
  }
} finally {
  await context.close();
  preview.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The 1 MB file dropped, the mapping confirmed at once, until the stage funnel is painted. */
async function dropOne(page: Page): Promise<void> {
  // Every statement the page sends from here on, with its time (the engine object is wrapped, not replaced).
  await page.waitForFunction(() => (globalThis as any).__journeyscope?.session, null, { timeout: 60_000 });
  await page.evaluate(() => {
    const e = (globalThis as any).__journeyscope.session.engine;
    const log: { sql: string; start: number; ms: number }[] = ((globalThis as any).__fc.queries = []);
    const q = e.query.bind(e);
    e.query = async (stmt: { text: string }, signal?: AbortSignal) => {
      const start = performance.now();
      try {
        return await q(stmt, signal);
      } finally {
        log.push({ sql: stmt.text.replace(/\s+/g, ' ').slice(0, 110), start, ms: performance.now() - start });
      }
    };
  });
  await page.setInputFiles('[data-testid=file-input]', file.path);
  await page.waitForFunction(() => ((globalThis as any).__fc.chartAt ?? 0) > 0 || document.querySelector('[data-testid=error]'), null, { timeout: 300_000, polling: 100 });
  const drop = await page.evaluate(() => {
    const b = (globalThis as any).__fc;
    return { t0: b.t0, mappingAt: b.mappingAt, chartAt: b.chartAt, queries: b.queries as { sql: string; start: number; ms: number }[], error: document.querySelector('[data-testid=error]')?.textContent ?? null };
  });
  if (drop.error) throw new Error(drop.error);
  // The report's row checks, when they follow the chart (docs/STARTUP.md): until the summary says they are done.
  const checksAt = await page
    .waitForFunction(() => {
      const c = document.querySelector('[data-testid^=report-checks]');
      return c ? (c.getAttribute('data-running') === 'false' ? performance.now() : false) : -1;
    }, null, { timeout: 300_000, polling: 50 })
    .then((h) => h.jsonValue() as Promise<number>);
  const late = checksAt > 0 ? await page.evaluate(() => ((globalThis as any).__fc.queries as { start: number; ms: number }[]).slice()) : [];
  const before = drop.queries.filter((q) => q.start < drop.mappingAt);
  const after = drop.queries.filter((q) => q.start >= drop.mappingAt);
  const sum = (qs: typeof before) => Math.round(qs.reduce((s, q) => s + q.ms, 0));
  console.log(`  ${(file.bytes / 1e6).toFixed(2)} MB CSV (${given ? path.basename(given) : `${events} events`}): drop → mapping ${Math.round(drop.mappingAt - drop.t0)} ms, mapping → first chart ${Math.round(drop.chartAt - drop.mappingAt)} ms, drop → first chart ${Math.round(drop.chartAt - drop.t0)} ms`);
  console.log(`  statements: ${before.length} before the mapping screen (${sum(before)} ms in the engine), ${after.length} from confirm to chart (${sum(after)} ms)`);
  if (checksAt > 0) {
    const after = late.filter((q) => q.start >= drop.chartAt);
    console.log(`  report checks done ${Math.round(checksAt - drop.t0)} ms after the drop (${Math.round(checksAt - drop.chartAt)} ms after the chart): ${late.length - drop.queries.length} statements after the chart's, ${Math.round(after.reduce((s, q) => s + q.ms, 0))} ms in the engine`);
  }
  if (process.argv.includes('--verbose')) for (const q of drop.queries) console.log(`${Math.round(q.start - drop.t0).toString().padStart(6)} ${Math.round(q.ms).toString().padStart(5)} ms  ${q.sql}`);
}
