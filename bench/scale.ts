/**
 * The app's own Session on native DuckDB at scale, one phase at a time, in a process of its own:
 *
 *   tsx bench/scale.ts FILE [--memory-limit 4GB] [--threads N] [--temp-dir DIR] [--skip overview,funnel,retention]
 *
 * FILE is a journeys CSV of the sample-data generator (`tsx sample-data/generate.ts --events
 * 100000000 --out /work/bigdata/journeys-100m.csv`; keep it out of the repository). Phases: import
 * (Session.add: the line scan, sniffing, read_csv, numbering the lines, checks), build (events with
 * the benchmark's mapping and stages), the stage overview, the 5-step 7-day funnel and 12-week
 * retention of bench/specs.ts. Prints one JSON line: wall time per phase, peak RSS of the process
 * (VmHWM, DuckDB's memory included) after each phase, the most the spill folder held, and the
 * funnel's and retention's headline numbers (a run under a low memory limit must give the same),
 * the process's CPU time (all of DuckDB's threads) and the machine's 1-minute load average per
 * phase: other jobs share its 2 cores, so CPU seconds say more than wall seconds under load.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileBlob, NativeEngine } from '../src/lib/engine/native';
import { Session } from '../src/lib/session/session';
import { FUNNEL, RETENTION, spec, STAGES } from './specs';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

function folderBytes(dir: string): number {
  let n = 0;
  try {
    for (const f of readdirSync(dir)) n += statSync(path.join(dir, f)).size;
  } catch {
    /* gone between listing and stat */
  }
  return n;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  const memoryLimit = flag('--memory-limit');
  const threads = flag('--threads');
  const engine = await NativeEngine.create({ memoryLimit, threads: threads ? Number(threads) : undefined, tempDir: flag('--temp-dir'), readable: [file] });
  const [settings] = await engine.query<{ limit: string; threads: number }>(
    (await import('../src/lib/sql/quote')).raw("SELECT current_setting('memory_limit') AS limit, current_setting('threads')::INTEGER AS threads")
  );
  const spill = path.join(engine.folder, 'spill');
  let spillPeak = 0;
  const sampler = setInterval(() => (spillPeak = Math.max(spillPeak, folderBytes(spill))), 250);
  // An engine that spills has no call deadline (session.ts): one statement over 100M events takes minutes.
  const session = new Session(engine, 'command line');
  const phases: { phase: string; ms: number; peak_rss_bytes: number; spill_peak_bytes: number; load: number; cpu_ms: number }[] = [];
  const results: Record<string, unknown> = {};
  const phase = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const out = await f();
    const used = process.cpuUsage(cpu);
    spillPeak = Math.max(spillPeak, folderBytes(spill));
    phases.push({ phase: name, ms: Math.round(performance.now() - t), peak_rss_bytes: peakRss(), spill_peak_bytes: spillPeak, load: loadavg()[0], cpu_ms: Math.round((used.user + used.system) / 1000) });
    process.stderr.write(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, peak RSS ${(peakRss() / 2 ** 30).toFixed(2)} GiB, spill ${(spillPeak / 2 ** 30).toFixed(2)} GiB\n`);
    return out;
  };
  const blob = await fileBlob(file);
  const [imported] = await phase('import', () => session.add([{ name: path.basename(file), data: blob }]));
  await phase('build', () => session.build(spec(STAGES)));
  // An analysis that fails (out of memory under a low limit) is recorded and the next one runs.
  const analysis = async <T>(name: string, f: () => Promise<T>): Promise<T | null> => {
    try {
      return await phase(name, f);
    } catch (e) {
      process.stderr.write(`${name}: failed: ${(e as Error).message}\n`);
      phases.push({ phase: name, ms: -1, peak_rss_bytes: peakRss(), spill_peak_bytes: spillPeak, load: loadavg()[0], cpu_ms: -1 });
      results[`${name} error`] = (e as Error).message;
      return null;
    }
  };
  // `--skip overview,funnel,retention`: analyses left out of this run (one measured already).
  const skip = new Set((flag('--skip') ?? '').split(',').filter(Boolean));
  const unless = <T>(key: string, name: string, f: () => Promise<T>) => (skip.has(key) ? Promise.resolve(null) : analysis(name, f));
  const stages = (await unless('overview', 'stage overview', () => session.run(spec(STAGES)))) as unknown as { steps: { users: number }[] } | null;
  const funnel = (await unless('funnel', '5-step funnel', () => session.run(spec(FUNNEL)))) as unknown as { steps: { users: number }[] } | null;
  const retention = (await unless('retention', 'weekly retention', () => session.run(spec(RETENTION)))) as unknown as { total: { retained: (number | null)[]; size: number } } | null;
  clearInterval(sampler);
  results.rows = imported.rows;
  results.stage_users = stages?.steps.map((s) => s.users);
  results.funnel_users = funnel?.steps.map((s) => s.users);
  results.retention = retention && { size: retention.total?.size, retained: retention.total?.retained?.slice(0, 4) };
  await engine.close();
  const bytes = statSync(file).size;
  process.stdout.write(JSON.stringify({ file: path.basename(file), bytes, memory_limit: settings.limit, threads: settings.threads, phases, results }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
