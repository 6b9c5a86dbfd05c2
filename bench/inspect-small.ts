/**
 * `journeyscope inspect` on small files (issue 14: "each inspect of a small file finishes in well
 * under a second of work once the engine is up").
 *
 *   npm run build:cli && npx tsx bench/inspect-small.ts [--cold 5]
 *
 * - cold: the built command line in a process of its own on a 5-row CSV, `--cold` times: wall
 *   time and the CPU time of the process (user + system, from /usr/bin/time when present), which
 *   load on the machine changes less than the wall time.
 * - warm: in this process, one engine started once, then `main(['inspect', file])` on every file
 *   of the bad-CSV corpus and the fuzz finds, one after the other on that engine (what a test or a
 *   script inspecting many files pays): the engine's start, the first file (DuckDB's first-run
 *   costs), and the median, 90th percentile and maximum of the others.
 * Prints the figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main';
import type { Engine } from '../src/lib/engine/engine';
import { NodeEngine } from '../src/lib/engine/node';
import { fixturePath } from '../tests/support/data';

const root = path.resolve(import.meta.dirname, '..');
const coldRuns = Number(process.argv[process.argv.indexOf('--cold') + 1] || 5);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const ms = (x: number) => `${Math.round(x)} ms`;

const dir = mkdtempSync(path.join(tmpdir(), 'inspect-small-'));
const five = path.join(dir, 'five.csv');
writeFileSync(five, 'user,event,time\nu1,visit,2024-01-01\nu1,buy,2024-01-02\nu2,visit,2024-01-03\nu3,visit,2024-01-04\nu3,buy,2024-01-05\n');

console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// Cold: a process per call, as a person runs it.
const timer = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%U %S'] : [];
const walls: number[] = [];
const cpus: number[] = [];
for (let i = 0; i < coldRuns; i++) {
  const started = performance.now();
  const cmd = [...timer, process.execPath, path.join(root, 'bin', 'journeyscope.js'), 'inspect', '--data', five];
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  walls.push(performance.now() - started);
  if (r.status !== 0) throw new Error(`inspect failed: ${r.stderr}`);
  const times = r.stderr.trim().split('\n').at(-1)?.split(' ').map(Number);
  if (timer.length && times?.length === 2) cpus.push((times[0] + times[1]) * 1000);
}
console.log(`cold, a process per call on a 5-row CSV (${coldRuns} runs): wall median ${ms(quantile(walls, 0.5))}, CPU median ${cpus.length ? ms(quantile(cpus, 0.5)) : 'n/a'}`);

// Warm: one engine, many files.
const files = ['bad-csv', 'found']
  .map((d) => fixturePath(d))
  .filter((d): d is string => d !== undefined)
  .flatMap((d) => readdirSync(d).filter((f) => /\.(csv|tsv|txt|gz)$/i.test(f)).sort().map((f) => path.join(d, f)));
const t0 = performance.now();
const engine = await NodeEngine.create();
const started = performance.now() - t0;
// The command closes its engine when done: this one is lent, so closing it is a no-op.
const lent: Engine = Object.assign(Object.create(engine), { close: async () => {} });
// Wall time, and the CPU time of this process (the engine runs on its thread): load on the
// machine stretches the first, hardly the second.
const each: { file: string; ms: number; cpu: number }[] = [];
for (const file of [five, ...files]) {
  const s = performance.now();
  const c = process.cpuUsage();
  await main(['inspect', '--data', file], { stdout: () => {}, stderr: () => {}, engine: async () => lent });
  const used = process.cpuUsage(c);
  each.push({ file: path.basename(file), ms: performance.now() - s, cpu: (used.user + used.system) / 1000 });
}
const rest = each.slice(1);
const summary = (xs: number[]) => `median ${ms(quantile(xs, 0.5))}, p90 ${ms(quantile(xs, 0.9))}, max ${ms(Math.max(...xs))}`;
console.log(`warm, one engine: engine start ${ms(started)}; first file ${ms(each[0].ms)}, CPU ${ms(each[0].cpu)} (DuckDB's first-run costs)`);
console.log(`  then ${rest.length} corpus files: wall ${summary(rest.map((e) => e.ms))}; CPU ${summary(rest.map((e) => e.cpu))}`);
console.log(`  ${rest.filter((e) => e.cpu >= 1000).length} at 1 s of CPU or more; the slowest:`);
for (const e of [...rest].sort((a, b) => b.cpu - a.cpu).slice(0, 5)) console.log(`  ${ms(e.cpu).padStart(8)} CPU ${ms(e.ms).padStart(8)} wall  ${e.file}`);
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
await engine.close();
