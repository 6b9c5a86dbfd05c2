/**
 * Engine ready after first paint for a returning visitor: one Chromium profile kept on disk per
 * build (HTTP cache, the service worker's Cache Storage and V8's code cache survive, as for a real
 * user), one first visit that installs the service worker and lets the warm-up finish, then
 * `--runs` reloads and one new tab, each timed inside the page: first-contentful-paint, the
 * engine's start-up marks (docs/STARTUP.md), the drop zone's file input in the DOM, the
 * engine-ready flag. Several builds (`--dirs a,b`) are measured round by round, interleaved, so a
 * comparison sees the same machine load. `--trace` also counts V8's compiled-wasm cache events.
 *
 *   npx vite build --mode test && npx tsx bench/warm-start.ts [--dirs build,/tmp/other-build] [--runs 7] [--port 4190] [--trace]
 *     [--variants "|--js-flags=--wasm-caching-timeout-ms=0"]   (each build also under other Chromium flags)
 *
 * A build is served by a small static server here (not `vite preview`, which serves only the
 * current build), with the headers vite preview sends: application/wasm for .wasm, immutable
 * caching for /_app/immutable/, index.html for every other path.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const dirs = arg('dirs', 'build').split(',').map((d) => path.resolve(d));
const runs = Number(arg('runs', '7'));
const port0 = Number(arg('port', '4190'));
const trace = process.argv.includes('--trace');
/** Extra Chromium flags, one set per variant, `|` between variants ('' = none): each build runs under each. */
const variants = arg('variants', '').split('|').map((v) => v.split(' ').filter(Boolean));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png'
};

function serve(dir: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size
    };
    if (pathname.startsWith('/_app/immutable/')) headers['Cache-Control'] = 'public,max-age=31536000,immutable';
    else headers['Cache-Control'] = 'no-cache';
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const INIT = `
(() => {
  globalThis.__name = (f) => f;
  const b = (globalThis.__ws = { readyAt: null, dropZoneAt: null });
  const check = () => {
    if (b.dropZoneAt === null && document.querySelector('[data-testid=file-input]')) b.dropZoneAt = performance.now();
    if (b.readyAt === null) {
      const s = document.querySelector('[data-testid=engine-status]');
      if (s && s.getAttribute('data-ready') === 'true') b.readyAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();
`;

interface Load {
  fcp: number;
  dropZone: number;
  ready: number;
  instantiate: number;
  open: number;
  settings: number;
  start: number;
  cacheHits: number;
  cacheWrites: number;
  /** CPU time (ms) between engine:start and engine:settings of DuckDB's worker thread, and of all the renderer's threads (--trace). */
  workerCpu: number;
  rendererCpu: number;
}

interface TraceEvent {
  name: string;
  ph?: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
}

/** The wasm worker's thread (where the streaming compile started) and its busy CPU time between two marks. */
function workerCpuMs(events: TraceEvent[]): { worker: number; renderer: number } {
  const cb = events.find((e) => e.name === 'v8.wasm.streamFromResponseCallback');
  const mark = (n: string) => events.find((e) => e.name === n && (e.cat ?? '').includes('user_timing'))?.ts;
  const from = mark('engine:start');
  const to = mark('engine:settings');
  if (!cb || from === undefined || to === undefined) return { worker: NaN, renderer: NaN };
  const tasks = events.filter((e) => e.pid === cb.pid && e.ph === 'X' && e.name === 'RunTask' && e.ts >= from && e.ts <= to);
  const cpu = (es: TraceEvent[]) => es.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
  // The renderer's every thread: the page, DuckDB's worker, V8's compile threads, the IO thread.
  return { worker: cpu(tasks.filter((e) => e.tid === cb.tid)), renderer: cpu(tasks) };
}

/** One navigation of `page` to the app, timed until the engine is ready and the warm-up is done. */
async function load(page: Page, url: string): Promise<Load> {
  const cdp = trace ? await page.context().newCDPSession(page) : null;
  const events: TraceEvent[] = [];
  if (cdp) {
    cdp.on('Tracing.dataCollected' as never, (d: { value: TraceEvent[] }) => void events.push(...d.value));
    await cdp.send('Tracing.start' as never, { traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'] } } as never);
  }
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as any).__ws?.readyAt !== null, null, { timeout: 180_000, polling: 50 });
  const l = await page.evaluate(() => {
    const m = Object.fromEntries(performance.getEntriesByType('mark').filter((e) => e.name.startsWith('engine:')).map((e) => [e.name, e.startTime]));
    const ws = (globalThis as any).__ws;
    return {
      fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN,
      dropZone: ws.dropZoneAt as number,
      ready: ws.readyAt as number,
      start: m['engine:start'],
      instantiate: m['engine:instantiated'] - m['engine:start'],
      open: m['engine:open'] - m['engine:instantiated'],
      settings: m['engine:settings'] - m['engine:open']
    };
  });
  // The warm-up runs after ready: let it finish (and V8 cache what it may) before the next load.
  await page.waitForFunction(() => (globalThis as any).__journeyscope?.session, null, { timeout: 60_000 });
  await page.evaluate(() => (globalThis as any).__journeyscope.session.warmedUp());
  await page.waitForTimeout(3000);
  let cacheHits = 0;
  let cacheWrites = 0;
  let workerCpu = NaN;
  let rendererCpu = NaN;
  if (cdp) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete' as never, r));
    await cdp.send('Tracing.end' as never);
    await done;
    cacheHits = events.filter((e) => e.name === 'v8.wasm.moduleCacheHit').length;
    cacheWrites = events.filter((e) => e.name === 'v8.wasm.cachedModule').length;
    ({ worker: workerCpu, renderer: rendererCpu } = workerCpuMs(events));
    await cdp.detach();
  }
  return { ...l, cacheHits, cacheWrites, workerCpu, rendererCpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r = (x: number) => Math.round(x);

interface Target {
  name: string;
  dir: string;
  url: string;
  server: Server;
  profile: string;
  context: BrowserContext;
  page: Page;
  warm: Load[];
  tab?: Load;
}

const loadBefore = os.loadavg();
const targets: Target[] = [];
try {
  for (const [i, dir] of dirs.entries()) {
    if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} holds no build (npx vite build --mode test)`);
    const port = port0 + i;
    const server = await serve(dir, port);
    for (const flags of variants) {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'warm-start-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...flags]
    });
    await context.addInitScript(INIT);
    const page = context.pages()[0] ?? (await context.newPage());
    const name = [path.basename(dir), ...flags].join(' ');
    targets.push({ name, dir, url: `http://127.0.0.1:${port}`, server, profile, context, page, warm: [] });
    }
  }
  // First visit: the service worker installs (it caches every built file) while the page runs.
  for (const t of targets) {
    const first = await load(t.page, `${t.url}/`);
    await t.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    console.log(`${t.name}: first visit: fcp ${r(first.fcp)} ms, ready − fcp ${r(first.ready - first.fcp)} ms`);
  }
  for (let i = 0; i < runs; i++) {
    for (const t of targets) {
      const l = await load(t.page, `${t.url}/?run=${i}`);
      t.warm.push(l);
      console.log(
        `${t.name} reload ${i}: fcp ${r(l.fcp)}, drop zone ${r(l.dropZone)}, engine start ${r(l.start)}, ready ${r(l.ready)} → ready − fcp ${r(l.ready - l.fcp)} ms (instantiate ${r(l.instantiate)}, open ${r(l.open)}, settings ${r(l.settings)})${trace ? `, code cache hits ${l.cacheHits}, writes ${l.cacheWrites}, CPU: worker ${r(l.workerCpu)} ms, renderer ${r(l.rendererCpu)} ms` : ''}`
      );
    }
  }
  for (const t of targets) {
    const tab = await t.context.newPage();
    t.tab = await load(tab, `${t.url}/?tab`);
    console.log(`${t.name} new tab: ready − fcp ${r(t.tab.ready - t.tab.fcp)} ms (instantiate ${r(t.tab.instantiate)})`);
    await tab.close();
  }
  const loadAfter = os.loadavg();
  console.log(`\nload average (1, 5, 15 min): before ${loadBefore.map((x) => x.toFixed(1)).join(', ')}; after ${loadAfter.map((x) => x.toFixed(1)).join(', ')}`);
  for (const t of targets) {
    const w = t.warm;
    const m = (f: (l: Load) => number) => r(median(w.map(f)));
    console.log(
      `${t.name}: medians of ${w.length} reloads: first paint ${m((l) => l.fcp)} ms, drop zone in the DOM ${m((l) => l.dropZone)} ms, ready ${m((l) => l.ready)} ms, ready − first paint ${m((l) => l.ready - l.fcp)} ms (range ${r(Math.min(...w.map((l) => l.ready - l.fcp)))}–${r(Math.max(...w.map((l) => l.ready - l.fcp)))}); instantiate ${m((l) => l.instantiate)}, open ${m((l) => l.open)}, settings ${m((l) => l.settings)}; drop zone before ready in ${w.filter((l) => l.dropZone < l.ready).length}/${w.length}${trace ? `; reloads that used compiled wasm from the cache: ${w.filter((l) => l.cacheHits > 0).length}/${w.length}, CPU time from engine start to ready: DuckDB's worker ${m((l) => l.workerCpu)} ms, the renderer's threads ${m((l) => l.rendererCpu)} ms` : ''}`
    );
  }
} finally {
  for (const t of targets) {
    await t.context.close().catch(() => undefined);
    t.server.close();
    t.server.closeAllConnections();
    rmSync(t.profile, { recursive: true, force: true });
  }
}
