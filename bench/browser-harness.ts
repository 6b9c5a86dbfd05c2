import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REFERENCE_FUNNEL_SQL, DUCKDB_MEMORY_SQL } from './app-session';
import { BENCH_DIR } from './data-files';
import { ANALYSES, FUNNEL, FUNNEL_CHANGED, MAPPING, spec } from './specs';

/**
 * Drives the built app (vite build + vite preview) in headless Chromium, through the page's own
 * code: the file goes in through the drop zone's file input (a File read where it lies, as a
 * drop gives), the confirm button is clicked the moment it appears, and the first chart is the
 * stage funnel of the overview. Analyses then run through the page's Workspace
 * (`globalThis.__journeyscope`), the same runAnalysis as the UI; the step-change latency goes
 * through AppState.updatePanel and waits for the panel's chart to show the new numbers.
 * All times are taken inside the page (performance.now()), not across the DevTools protocol.
 */

const ROOT = path.resolve(BENCH_DIR, '..');

export interface Preview {
  url: string;
  stop(): void;
}

export async function startPreview(port: number): Promise<Preview> {
  const child: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://localhost:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`vite preview did not answer on ${url}: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () => {
      // Its own process group: npx and the vite it started both end.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--enable-precise-memory-info'
    ]
  });
}

/** Installed before the app's scripts: long tasks, paint, the drop's time, auto-confirm, first chart. */
const INIT = `
(() => {
  // tsx keeps function names with a helper the page does not have.
  globalThis.__name = (f) => f;
  const b = (globalThis.__bench = { longtasks: [], t0: null, confirmAt: null, chartAt: null, readyAt: null,
    progressSeen: false, maxProgress: 0, autoConfirm: true });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('change', (e) => {
    if (e.target && e.target.matches && e.target.matches('[data-testid=file-input]')) b.t0 = performance.now();
  }, true);
  const painted = (f) => requestAnimationFrame(() => requestAnimationFrame(() => f(performance.now())));
  const check = () => {
    if (b.readyAt === null) {
      const s = document.querySelector('[data-testid=engine-status]');
      if (s && s.getAttribute('data-ready') === 'true') b.readyAt = performance.now();
    }
    if (b.t0 === null) return;
    const p = document.querySelector('[data-testid=importing] progress');
    if (p) { b.progressSeen = true; b.maxProgress = Math.max(b.maxProgress, Number(p.value) || 0); }
    const c = document.querySelector('[data-testid=confirm]');
    if (b.autoConfirm && b.confirmAt === null && c && !c.disabled) { b.confirmAt = performance.now(); c.click(); }
    if (b.chartAt === null && b.confirmAt !== null && document.querySelector('[data-testid=overview] [data-testid^=funnel-step-users-]')) {
      b.chartAt = -1;
      painted((t) => (b.chartAt = t));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();
`;

export interface BrowserRun {
  first_load: { fcp_ms: number | null; engine_ready_ms: number | null; js_before_render_gzip_bytes: number; js_files: string[] };
  drop_to_first_chart_ms: number;
  ms: Record<string, number>;
  results: Record<string, unknown>;
  mapping_matches: boolean;
  change_step: { query_ms: number[]; redraw_ms: number[]; panel_query_ms: number[]; quick_redraw_ms?: number[]; quick_query_ms?: number[] };
  long_tasks: { ingest: number[]; queries: number[] };
  long_task_phases: { at_ms: number; ms: number; during: string }[];
  memory: { duckdb_bytes: number; js_heap_bytes: number | null; renderer_peak_rss_bytes: number | null };
  progress_seen: boolean;
  errors: string[];
}

type Call = { name: string; kind?: string; start: number; end: number };

/** The page showed an error instead of the first chart (e.g. out of memory): what had finished. */
export class BrowserFailure extends Error {
  constructor(message: string, readonly calls: (Call & { ms: number })[]) {
    super(message);
  }
}

/** One fresh page: first load, drop to first chart, then every analysis on the loaded data. */
export async function browserRun(browser: Browser, url: string, file: string, timeoutMs: number): Promise<BrowserRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.addInitScript(INIT);
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as any).__bench.readyAt !== null && (globalThis as any).__journeyscope?.session, null, { timeout: 120_000 });
    const first_load = await firstLoad(page);
    // The page's warm-up (src/lib/session/warm-up.ts) runs while a person picks a file: the file
    // goes in after it, so that ingest times the file's own work.
    await page.evaluate(() => (globalThis as any).__journeyscope.session.warmedUp?.());

    // Every Workspace call timed in the page (the app's own objects, wrapped, not replaced).
    await page.evaluate(() => {
      const ws = (globalThis as any).__journeyscope.session;
      const calls: Call[] = ((globalThis as any).__bench.calls = []);
      for (const name of ['add', 'build', 'overview', 'eventNames', 'run']) {
        const f = ws[name].bind(ws);
        ws[name] = async (...args: any[]) => {
          const c: Call = { name, kind: name === 'run' ? args[0]?.analysis?.kind : undefined, start: performance.now(), end: 0 };
          try {
            return await f(...args);
          } finally {
            c.end = performance.now();
            calls.push(c);
          }
        };
      }
    });

    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForFunction(() => {
      const b = (globalThis as any).__bench;
      return (b.chartAt !== null && b.chartAt > 0) || document.querySelector('[data-testid=error]');
    }, null, { timeout: timeoutMs, polling: 100 });
    const drop = await page.evaluate(() => {
      const b = (globalThis as any).__bench;
      const app = (globalThis as any).__journeyscope;
      return { t0: b.t0, chartAt: b.chartAt, calls: b.calls as Call[], error: document.querySelector('[data-testid=error]')?.textContent ?? null,
        mapping: JSON.parse(JSON.stringify(app.mapping)), progressSeen: b.progressSeen };
    });
    if (drop.error) {
      throw new BrowserFailure(drop.error.replace(/\s*Dismiss\s*$/, '').trim(), drop.calls.map((c) => ({ ...c, ms: Math.round(c.end - c.start) })));
    }
    const builds = drop.calls.filter((c) => c.name === 'build');
    const add = drop.calls.find((c) => c.name === 'add')!;
    const ms: Record<string, number> = {
      import: add.end - add.start,
      build: builds[0].end - builds[0].start,
      rebuild_with_guessed_stages: builds.slice(1).reduce((s, c) => s + c.end - c.start, 0),
      overview: dur(drop.calls, 'overview'),
      stages_overview: dur(drop.calls, 'run', 'stages')
    };
    ms.ingest = ms.import + ms.build;
    const mapping_matches = sameMapping(drop.mapping);

    // The analyses, on the data the drop loaded, through the page's Workspace.
    const results: Record<string, unknown> = {};
    const qStart = await page.evaluate(() => performance.now());
    for (const [name, analysis] of Object.entries(ANALYSES)) {
      try {
        const r = await page.evaluate(async (s) => {
          const ws = (globalThis as any).__journeyscope.session;
          const t = performance.now();
          const value = await ws.run(s);
          return { value, ms: performance.now() - t };
        }, spec(analysis));
        results[name] = r.value;
        ms[name] = r.ms;
      } catch (e) {
        // One failing analysis is reported, the others still run.
        errors.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
        ms[name] = NaN;
      }
    }
    const ref = await page.evaluate(async (q) => {
      const ws = (globalThis as any).__journeyscope.session;
      const t = performance.now();
      const rows = await ws.engine.query((globalThis as any).__journeyscopeRaw(q));
      return { rows, ms: performance.now() - t };
    }, REFERENCE_FUNNEL_SQL);
    results.reference_funnel = [1, 2, 3, 4, 5].map((k) => Number(ref.rows[0][`c${k}`]));
    ms.reference_funnel = ref.ms;
    results.overview = await page.evaluate(() => (globalThis as any).__journeyscope.session.overview());

    const change_step = await changeStep(page, timeoutMs);
    const qEnd = await page.evaluate(() => performance.now());
    const memory = await page.evaluate(async (q) => {
      const ws = (globalThis as any).__journeyscope.session;
      const [m] = await ws.engine.query((globalThis as any).__journeyscopeRaw(q));
      const heap = (performance as any).memory?.usedJSHeapSize ?? null;
      return { duckdb_bytes: Number(m.bytes), js_heap_bytes: heap };
    }, DUCKDB_MEMORY_SQL);
    const tasks = await page.evaluate(() => (globalThis as any).__bench.longtasks as [number, number][]);
    const within = (a: number, b: number) => tasks.filter(([s]) => s >= a && s <= b).map(([, d]) => Math.round(d));
    return {
      first_load,
      drop_to_first_chart_ms: drop.chartAt - drop.t0,
      ms,
      results,
      mapping_matches,
      change_step,
      long_tasks: { ingest: within(drop.t0, drop.chartAt), queries: within(qStart, qEnd) },
      // Which Workspace call (if any) each long task of drop → chart fell in.
      long_task_phases: tasks
        .filter(([t]) => t >= drop.t0 && t <= drop.chartAt)
        .map(([t, d]) => ({ at_ms: Math.round(t - drop.t0), ms: Math.round(d), during: drop.calls.find((c) => t >= c.start && t <= c.end)?.name ?? 'between calls (UI)' })),
      memory: { ...memory, renderer_peak_rss_bytes: rendererPeak() },
      progress_seen: drop.progressSeen,
      errors
    };
  } finally {
    await context.close();
  }
}

function dur(calls: Call[], name: string, kind?: string): number {
  return calls.filter((c) => c.name === name && (kind === undefined || c.kind === kind)).reduce((s, c) => s + c.end - c.start, 0);
}

/** The page guessed the mapping the native side is given (else the SQL would differ). */
function sameMapping(m: { columns?: Record<string, unknown>; time_format?: string; stages?: { name: string; events: string[] }[] }): boolean {
  const norm = (x: typeof m) => JSON.stringify({
    columns: Object.fromEntries(Object.entries(x.columns ?? {}).sort()),
    time_format: x.time_format ?? 'auto',
    stages: (x.stages ?? []).map((s) => ({ name: s.name, events: [...s.events].sort() }))
  });
  return norm(m) === norm(MAPPING as typeof m);
}

async function firstLoad(page: Page): Promise<BrowserRun['first_load']> {
  const info = await page.evaluate(() => {
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? null;
    const js = performance
      .getEntriesByType('resource')
      .filter((e) => /\.m?js(\?|$)/.test(e.name) && !/worker/i.test(e.name) && (fcp === null || e.startTime < fcp))
      .map((e) => new URL(e.name).pathname);
    return { fcp, ready: (globalThis as any).__bench.readyAt as number | null, js };
  });
  const build = path.join(ROOT, 'build');
  let gz = 0;
  for (const p of info.js) {
    const f = path.join(build, decodeURIComponent(p));
    if (existsSync(f)) gz += gzipSync(readFileSync(f)).length;
  }
  // The inline bootstrap script of index.html runs before the first render too.
  const html = path.join(build, 'index.html');
  if (existsSync(html)) {
    for (const m of readFileSync(html, 'utf8').matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) gz += gzipSync(m[1]).length;
  }
  return { fcp_ms: info.fcp, engine_ready_ms: info.ready, js_before_render_gzip_bytes: gz, js_files: info.js };
}

/**
 * A funnel panel is added, then its third step is changed (and changed back) through
 * AppState.updatePanel, as the funnel builder does; the time runs until the panel's chart shows
 * the new step-3 count, two frames later. Each is paired with the same query run alone. The change
 * back is made as soon as the chart shows: a quick second edit, while the views below the chart
 * still run (they must give way, not delay the chart).
 */
async function changeStep(page: Page, timeoutMs: number): Promise<BrowserRun['change_step']> {
  const out: Required<BrowserRun['change_step']> = { query_ms: [], redraw_ms: [], panel_query_ms: [], quick_redraw_ms: [], quick_query_ms: [] };
  const index = await page.evaluate((a) => {
    const app = (globalThis as any).__journeyscope;
    app.addPanel(a);
    return app.panels.length - 1;
  }, FUNNEL);
  const sel = `[data-testid=panel-${index + 1}] [data-testid=funnel-step-users-3]`;
  await page.waitForSelector(sel, { timeout: timeoutMs });
  // Each round: the panel shows FUNNEL; its third step is changed (a quiet engine), then changed
  // back at once, while the changed funnel's extra views (time to convert, trend, drop-off) run.
  for (let round = 0; round < 5; round++) {
    const r = await page.evaluate(
      async ({ s, a, ps, pa, i, sel }) => {
        const app = (globalThis as any).__journeyscope;
        const ws = app.session;
        /** Changes the panel to `analysis` and waits until its chart shows `want`, two frames later. */
        const redraw = async (analysis: unknown, want: string) => {
          const start = performance.now();
          app.updatePanel(i, analysis);
          await new Promise<void>((resolve) => {
            const done = () => {
              const el = document.querySelector(sel);
              const panel = document.querySelector(`[data-testid=panel-${i + 1}]`);
              if (el && el.getAttribute('data-value') === want && panel?.getAttribute('aria-busy') !== 'true') {
                obs.disconnect();
                resolve();
              }
            };
            const obs = new MutationObserver(done);
            obs.observe(document, { subtree: true, childList: true, attributes: true });
            done();
          });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          // The panel's own query (the Workspace call it made), so that machine noise between two
          // separate runs of the same query does not enter the ratio.
          const own = ((globalThis as any).__bench.calls as Call[]).filter((c) => c.name === 'run' && c.start >= start).at(-1);
          return { ms: performance.now() - start, own: own ? own.end - own.start : NaN };
        };
        const alone = async (spec: unknown) => {
          // The panel's extra views (time to convert, trend, drop-off) finish first: a quiet engine.
          await ws.engine.query((globalThis as any).__journeyscopeRaw('SELECT 1'));
          const t = performance.now();
          const res = await ws.run(spec);
          return { ms: performance.now() - t, want: String(res.steps[2].users) };
        };
        const a0 = await alone(ps);
        const a1 = await alone(s);
        const quiet = await redraw(a, a1.want);
        const quick = await redraw(pa, a0.want);
        return { query: a1.ms, redraw: quiet.ms, own: quiet.own, quickRedraw: quick.ms, quickQuery: a0.ms };
      },
      { s: spec(FUNNEL_CHANGED), a: FUNNEL_CHANGED, ps: spec(FUNNEL), pa: FUNNEL, i: index, sel }
    );
    out.query_ms.push(r.query);
    out.redraw_ms.push(r.redraw);
    out.panel_query_ms.push(r.own);
    out.quick_redraw_ms.push(r.quickRedraw);
    out.quick_query_ms.push(r.quickQuery);
  }
  return out;
}

/**
 * Cancel during an import, through the page: the file goes in through the file input and, one
 * second into the import, the Cancel button of its progress bar is clicked: the importing view's,
 * or the mapping screen's while the file is still read behind it (docs/PROGRESSIVE.md). The time
 * runs until no progress bar is left. Null when the page offers no such button (the file was
 * read within the second).
 */
export async function cancelRun(browser: Browser, url: string, file: string): Promise<{ button: boolean; ms: number | null; engine_free_ms?: number; left_to: string | null }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript(INIT);
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as any).__bench.readyAt !== null && (globalThis as any).__journeyscope?.session, null, { timeout: 120_000 });
    // After the warm-up: the cancel must stop the file's import, not the warm-up's.
    await page.evaluate(() => (globalThis as any).__journeyscope.session.warmedUp?.());
    await page.evaluate(() => ((globalThis as any).__bench.autoConfirm = false));
    await page.setInputFiles('[data-testid=file-input]', file);
    const bars = '[data-testid=importing], [data-testid=reading]';
    const cancels = '[data-testid=cancel-import], [data-testid=cancel-reading]';
    await page.waitForSelector(bars, { timeout: 60_000 });
    await page.waitForTimeout(1000);
    if ((await page.locator(cancels).count()) === 0) return { button: false, ms: null, left_to: null };
    const r = await page.evaluate(async ({ bars, cancels }) => {
      const app = (globalThis as any).__journeyscope;
      const b = document.querySelector(cancels) as HTMLButtonElement;
      const t = performance.now();
      b.click();
      while (document.querySelector(bars) && performance.now() - t < 30_000) await new Promise((r) => setTimeout(r, 10));
      const left = performance.now() - t;
      // The import has stopped when the engine answers again (a query still running would queue this).
      await app.session.engine.query((globalThis as any).__journeyscopeRaw('SELECT 1'));
      return { ms: left, free_ms: performance.now() - t, phase: app.phase as string };
    }, { bars, cancels });
    return { button: true, ms: r.ms, engine_free_ms: r.free_ms, left_to: r.phase };
  } finally {
    await context.close();
  }
}

/** Peak resident memory (VmHWM) of the browser's renderer processes: the page and its DuckDB worker. */
function rendererPeak(): number | null {
  // playwright-core starts Chromium as a child of this process: its renderers descend from it.
  const root = process.pid;
  if (!existsSync('/proc')) return null;
  const parent = new Map<number, number>();
  const status = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/status`, 'utf8');
      parent.set(Number(d), Number(/PPid:\s+(\d+)/.exec(s)?.[1] ?? 0));
      status.set(Number(d), s);
    } catch {
      /* gone */
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let peak: number | null = null;
  for (const [pid, s] of status) {
    if (!descends(pid)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('--type=renderer')) continue;
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(s)?.[1] ?? 0);
    peak = Math.max(peak ?? 0, kb * 1024);
  }
  return peak;
}
