import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../src/lib/engine/engine';
import { Session, type Overview } from '../src/lib/session/session';
import { lit, raw } from '../src/lib/sql/quote';
import { ANALYSES, FUNNEL_CHANGED, MAPPING, spec } from './specs';
import { BENCH_DIR } from './data-files';

export const REFERENCE_FUNNEL_SQL = readFileSync(path.join(BENCH_DIR, 'reference-funnel.sql'), 'utf8');

export type AnalysisName = keyof typeof ANALYSES;

/** What one load-and-analyse pass measured (milliseconds) and what it computed. */
export interface SessionRun {
  ms: {
    import: number;
    build: number;
    ingest: number;
    overview: number;
    stages: number;
    funnel: number;
    retention: number;
    breakdown: number;
    funnel_changed: number;
    reference_funnel: number;
  };
  results: {
    overview: Overview;
    stages: unknown;
    funnel: unknown;
    retention: unknown;
    breakdown: unknown;
    funnel_changed: unknown;
    reference_funnel: number[];
  };
  /** DuckDB's own figure: duckdb_memory(), bytes in use after the analyses. */
  duckdb_memory_bytes: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
}

/** DuckDB's memory in use, summed over its tags (same query in the page). */
export const DUCKDB_MEMORY_SQL = 'SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()';

/**
 * The app's own path on any Engine: the Session imports the file (importFile) and builds
 * `events` (buildEvents) with the benchmark's mapping, then the overview and each analysis run
 * through runAnalysis: the same SQL text as the page. Also runs bench/reference-funnel.sql.
 */
export async function appSession(engine: Engine, file: { name: string; data: Uint8Array | Blob }): Promise<SessionRun> {
  const ws = new Session(engine);
  const [, imp] = await timed(() => ws.add([file]));
  const [, build] = await timed(() => ws.build(MAPPING));
  const [overview, ov] = await timed(() => ws.overview());
  const ms = { import: imp, build, ingest: imp + build, overview: ov } as SessionRun['ms'];
  const results = { overview } as SessionRun['results'];
  for (const name of Object.keys(ANALYSES) as AnalysisName[]) {
    const [r, t] = await timed(() => ws.run(spec(ANALYSES[name])));
    results[name] = r;
    ms[name] = t;
  }
  [results.funnel_changed, ms.funnel_changed] = await timed(() => ws.run(spec(FUNNEL_CHANGED)));
  const [ref, tr] = await timed(() => engine.query(raw(REFERENCE_FUNNEL_SQL)));
  results.reference_funnel = [1, 2, 3, 4, 5].map((k) => Number(ref[0][`c${k}`]));
  ms.reference_funnel = tr;
  const [mem] = await engine.query<{ bytes: number }>(raw(DUCKDB_MEMORY_SQL));
  return { ms, results, duckdb_memory_bytes: Number(mem.bytes) };
}

/** Native read_csv of the whole file into a table, DuckDB guessing everything: the ingest ceiling. */
export async function plainReadCsv(engine: Engine, virtualPath: string): Promise<number> {
  const t = performance.now();
  await engine.query(raw(`CREATE OR REPLACE TABLE bench_plain_csv AS SELECT * FROM read_csv(${lit(virtualPath).text})`));
  const ms = performance.now() - t;
  await engine.query(raw('DROP TABLE bench_plain_csv'));
  return ms;
}
