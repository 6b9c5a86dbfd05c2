/**
 * One native pass, in a process of its own (so that its peak memory is its own):
 *   tsx bench/native-run.ts FILE [THREADS]
 * prints one JSON line: plain read_csv time, the app's session on native DuckDB, peak RSS.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appSession, plainReadCsv } from './app-session';
import { fileBlob, NativeEngine } from './native-engine';
import { raw } from '../src/lib/sql/quote';

export interface NativeRun {
  read_csv_ms: number;
  session: Awaited<ReturnType<typeof appSession>>;
  peak_rss_bytes: number;
  threads: number;
}

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  const [file, threads] = process.argv.slice(2);
  const engine = await NativeEngine.create({ threads: threads ? Number(threads) : undefined, readable: [file] });
  const [{ t }] = await engine.query<{ t: number }>(raw("SELECT current_setting('threads')::INTEGER AS t"));
  const blob = await fileBlob(file);
  await engine.registerFile('/import/plain.csv', blob);
  const read_csv_ms = await plainReadCsv(engine, '/import/plain.csv');
  await engine.dropFile('/import/plain.csv');
  const session = await appSession(engine, { name: path.basename(file), data: blob });
  await engine.close();
  const out: NativeRun = { read_csv_ms, session, peak_rss_bytes: peakRss(), threads: Number(t) };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
