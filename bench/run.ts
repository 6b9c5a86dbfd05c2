/**
 * `npm run bench`: the app in headless Chromium beside native DuckDB, same files, same SQL.
 *
 *   tsx bench/run.ts [--sizes 1m,10m] [--runs 3] [--no-build] [--no-browser] [--port 4180]
 *                    [--native-threads N] [--out bench/results.json]
 *   tsx bench/run.ts --smoke        # 100k events, one run: a quick check that it all works
 *
 * Per size and run: one native pass in a process of its own (bench/native-run.ts), then one
 * fresh browser page (bench/browser-harness.ts). Prints medians and ratios app / native and
 * writes every raw sample to bench/results.json.
 */
import { execFileSync, execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserFailure, browserRun, cancelRun, launch, startPreview, type BrowserRun } from './browser-harness';
import { BENCH_DIR, journeysFile, parseSize, sizeLabel } from './data-files';
import type { NativeRun } from './native-run';
import { evaluate, printTable, type SizeResult } from './report';

interface Args {
  sizes: number[];
  runs: number;
  build: boolean;
  browser: boolean;
  port: number;
  threads?: number;
  out: string;
  cancel: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [1e6, 1e7], runs: 3, build: true, browser: true, port: 4180, out: path.join(BENCH_DIR, 'results.json'), cancel: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--sizes') a.sizes = v().split(',').map(parseSize);
    else if (k === '--runs') a.runs = Number(v());
    else if (k === '--no-build') a.build = false;
    else if (k === '--no-browser') a.browser = false;
    else if (k === '--no-cancel') a.cancel = false;
    else if (k === '--port') a.port = Number(v());
    else if (k === '--native-threads') a.threads = Number(v());
    else if (k === '--out') a.out = path.resolve(v());
    else if (k === '--smoke') {
      a.sizes = [1e5];
      a.runs = 1;
    } else throw new Error(`unknown argument ${k} (see the comment at the top of bench/run.ts)`);
  }
  return a;
}

function nativePass(file: string, threads?: number): NativeRun {
  const args = ['tsx', path.join(BENCH_DIR, 'native-run.ts'), file, ...(threads ? [String(threads)] : [])];
  const out = execFileSync('npx', args, { cwd: path.resolve(BENCH_DIR, '..'), encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as NativeRun;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date().toISOString();
  if (args.browser && args.build) {
    console.error('building the app (vite build --mode test: with the page handle the harness drives) …');
    execSync('npx vite build --mode test', { cwd: path.resolve(BENCH_DIR, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const preview = args.browser ? await startPreview(args.port) : null;
  const browser = args.browser ? await launch() : null;
  const sizes: SizeResult[] = [];
  try {
    for (const events of args.sizes) {
      const label = sizeLabel(events);
      console.error(`${label}: preparing the file …`);
      const file = journeysFile(events);
      const native: NativeRun[] = [];
      const app: BrowserRun[] = [];
      const loads: number[] = [];
      const failures: SizeResult['failures'] = [];
      for (let r = 0; r < args.runs; r++) {
        loads.push(os.loadavg()[0]);
        console.error(`${label} run ${r + 1}/${args.runs}: native …`);
        native.push(nativePass(file.path, args.threads));
        if (browser && preview) {
          console.error(`${label} run ${r + 1}/${args.runs}: browser …`);
          try {
            app.push(await browserRun(browser, preview.url, file.path, Math.max(600_000, events / 10)));
          } catch (e) {
            // Reported in the table and results.json; the other runs and sizes go on.
            failures.push({ run: r + 1, error: (e as Error).message.split('\n')[0], calls: e instanceof BrowserFailure ? e.calls : [] });
            console.error(`${label} run ${r + 1}: the browser run failed: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
      const cancel = browser && preview && args.cancel ? await cancelRun(browser, preview.url, file.path) : null;
      const size: SizeResult = { events, label, file: path.relative(process.cwd(), file.path), bytes: file.bytes, native, app, failures, cancel, loadavg: loads };
      size.summary = evaluate(size);
      sizes.push(size);
      printTable([size]);
    }
  } finally {
    await browser?.close();
    preview?.stop();
  }
  const meta = {
    started,
    finished: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_bytes: os.totalmem(),
    engines: { browser: '@duckdb/duckdb-wasm 1.32.0 (DuckDB 1.4.3, eh bundle, 1 thread)', native: '@duckdb/node-api 1.5.5-r.5 (DuckDB 1.5.x)' },
    native_threads: sizes[0]?.native[0]?.threads,
    note: 'medians of the runs; ratios are app (browser) / native; loadavg is the 1-minute load when each run started (other processes share the machine)'
  };
  writeFileSync(args.out, JSON.stringify({ meta, sizes }, null, 1));
  console.log('');
  printTable(sizes);
  console.log(`\nraw samples: ${path.relative(process.cwd(), args.out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
