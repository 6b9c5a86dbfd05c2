import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import type { ImportedFile } from '../../src/lib/ingest/import';
import { WARNING_CODES } from '../../src/lib/ingest/report';
import { ImportError } from '../../src/lib/schema/errors';
import { Session } from '../../src/lib/session/session';
import { ident, raw, sql } from '../../src/lib/sql/quote';
import { EngineLender } from '../cli/lent-engine';
import { fixturePath, needData } from '../support/data';
import { rng } from '../support/rng';
import { loadCorpus, makeCase, type Case, type Corpus } from './fuzz-corpus';

/**
 * The import fuzzed: seeded mutations (tests/support/mutate.ts) of the bad-CSV corpus, the files
 * fuzzing found before, slices of the real exports and small Parquet files, each imported through
 * the page's and the command line's own path (Session.add) on one Node engine. Every case must end
 * in one of two ways:
 *   - a table with every line accounted for: the rows in the table are the rows reported, rows +
 *     rejected lines = the file's data lines, no loaded row and no rejected line share a line
 *     number, every line number lies within the file, and the importer did not have to say that
 *     its line numbers may be off;
 *   - a refusal (ImportError) in one line naming the file, without DuckDB's "Possible fixes" text
 *     or a stack;
 * never another error, and the engine answers a query after every case.
 *
 * FUZZ_CASES sets the number of cases (default 2,000, about 3 minutes of the unit suite on a 2-core
 * machine; `FUZZ_CASES=10000` for the long run), FUZZ_SEED the first seed (a failure names its
 * seed: `FUZZ_SEED=<seed> FUZZ_CASES=1` replays it).
 */
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);
/**
 * The Node engine runs each query to completion on this thread, so a hang cannot be interrupted:
 * a case over this long counts as a hang (the ones fixed took minutes; the slowest of 10,000, cells
 * of 200 KB–1 MB and 2,000 columns, take 1–3 s).
 */
const CASE_DEADLINE_MS = 60_000;
const CHUNK = 250;

interface Tally {
  loaded: number;
  refused: number;
  withRejected: number;
  failures: string[];
  slowest: { ms: number; c: string };
  reasons: Map<string, number>;
}

/**
 * Physical lines of the text, an upper bound for every line number: each CRLF, lone CR and lone
 * LF is a break (a file of mixed endings is read that way), plus one for the last line.
 */
function physicalLines(b: Uint8Array): number {
  let breaks = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) breaks++;
    else if (b[i] === 0x0d && b[i + 1] !== 0x0a) breaks++;
  }
  return breaks + 1;
}

function textOf(c: Case): Uint8Array | null {
  if (c.data[0] === 0x1f && c.data[1] === 0x8b) {
    try {
      return gunzipSync(c.data);
    } catch {
      return null;
    }
  }
  return c.data;
}

/** What is wrong with a loaded file, or null. */
async function checkLoaded(engine: Engine, f: ImportedFile, c: Case): Promise<string | null> {
  const [{ n }] = await engine.query<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(f.table)}`);
  if (Number(n) !== f.rows) return `table holds ${n} rows, report says ${f.rows}`;
  if (f.rows + f.rejected.length !== f.dataRows) return `rows ${f.rows} + rejected ${f.rejected.length} ≠ data rows ${f.dataRows}`;
  const inexact = f.warnings.find((w) => w.code === 'line_numbers_inexact');
  if (inexact) return `lines not accounted for: ${inexact.message}`;
  const unknown = f.warnings.find((w) => !(WARNING_CODES as readonly string[]).includes(w.code));
  if (unknown) return `unknown warning code ${unknown.code}`;
  const raw = f.warnings.find((w) => /possible fixes|\n\s+at /i.test(w.message));
  if (raw) return `engine text in a warning: ${raw.message.slice(0, 200)}`;
  const lines = (await engine.query<{ l: number }>(sql`SELECT "__line"::BIGINT AS l FROM ${ident(f.table)}`)).map((x) => Number(x.l));
  const rejected = f.rejected.map((x) => x.line);
  const all = [...lines, ...rejected];
  if (new Set(all).size !== all.length) return `a line number is used twice (loaded ${lines.length}, rejected ${rejected.join(',')})`;
  const text = f.format === 'parquet' ? null : textOf(c);
  const max = text ? physicalLines(text) : f.dataRows;
  const out = all.find((l) => !(l >= 1 && l <= max));
  if (out !== undefined) return `line ${out} outside 1…${max}`;
  return null;
}

/** What is wrong with a refusal, or null. */
function checkRefusal(e: unknown, c: Case): string | null {
  if (!(e instanceof ImportError)) return `not a refusal: ${(e as Error)?.name}: ${String((e as Error)?.stack ?? e).slice(0, 600)}`;
  const m = e.message;
  if (m.includes('\n')) return `refusal of more than one line: ${m.slice(0, 300)}`;
  if (/possible fixes|\bat .*\.(ts|js):\d+/i.test(m)) return `engine text or a stack in the refusal: ${m.slice(0, 300)}`;
  const base = c.name;
  if (!m.includes(base)) return `refusal does not name the file: ${m.slice(0, 300)}`;
  if (m.length > 600) return `refusal of ${m.length} characters`;
  return null;
}

/** The refusal's reason without the file name and the case's numbers, to see which kinds occur. */
const reasonKind = (m: string) => m.replace(/^[^:]*: /, '').replace(/\d+/g, 'N').replace(/\(.*$/, '').slice(0, 70);

async function runCase(lender: EngineLender, c: Case, t: Tally): Promise<void> {
  const engine = await lender.borrow();
  const started = performance.now();
  let problem: string | null;
  try {
    const session = new Session(engine);
    const [f] = await session.add([{ name: c.name, data: c.data }]);
    problem = await checkLoaded(engine, f, c);
    t.loaded++;
    if (f.rejected.length) t.withRejected++;
  } catch (e) {
    problem = checkRefusal(e, c);
    t.refused++;
    if (e instanceof ImportError) t.reasons.set(reasonKind(e.message), (t.reasons.get(reasonKind(e.message)) ?? 0) + 1);
  }
  const ms = performance.now() - started;
  if (ms > t.slowest.ms) t.slowest = { ms, c: `seed ${c.seed} (${c.how})` };
  if (!problem && ms > CASE_DEADLINE_MS) problem = `took ${Math.round(ms / 1000)} s (a hang)`;
  // The engine is never left dead: a query after the case works.
  const alive = await engine.query<{ x: number }>(raw('SELECT 42 AS x')).then(
    (r) => r[0]?.x === 42,
    () => false
  );
  if (!alive) problem = (problem ? problem + '; ' : '') + 'the engine no longer answers';
  await engine.close();
  if (problem) t.failures.push(`seed ${c.seed} [${c.how.slice(0, 200)}]: ${problem}`);
}

describe.runIf(needData(fixturePath('bad-csv', 'expected.json'), 'bad-CSV fixtures'))(`import fuzz: ${CASES} seeded cases from seed ${FIRST_SEED}`, () => {
  const lender = new EngineLender();
  const tally: Tally = { loaded: 0, refused: 0, withRejected: 0, failures: [], slowest: { ms: 0, c: '' }, reasons: new Map() };
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus();
  });
  afterAll(() => lender.close());

  for (let from = 0; from < CASES; from += CHUNK) {
    const to = Math.min(CASES, from + CHUNK);
    // Generous: a chunk is 250 cases of ~40 ms; the per-case deadline is what catches a hang.
    it(`cases ${from + 1}–${to}: a table with every line accounted for, or a refusal in one line; the engine alive`, { timeout: 600_000 }, async () => {
      const before = tally.failures.length;
      for (let i = from; i < to; i++) {
        const seed = FIRST_SEED + i;
        const c = makeCase(corpus, seed, rng(seed));
        const t0 = performance.now();
        await runCase(lender, c, tally);
        // FUZZ_LOG=1: a line per case, to find a slow one while the suite runs.
        if (process.env.FUZZ_LOG) console.error(`fuzz seed ${seed}: ${Math.round(performance.now() - t0)} ms ${c.how.slice(0, 120)}`);
      }
      expect(tally.failures.slice(before)).toEqual([]);
    });
  }

  it('the cases reach both outcomes, rejected lines and refusals of several kinds (a fuzzer that never fails a file finds nothing)', () => {
    console.info(
      `fuzz: ${tally.loaded} loaded (${tally.withRejected} with rejected lines), ${tally.refused} refused; slowest ${Math.round(tally.slowest.ms)} ms: ${tally.slowest.c}\n` +
        [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, n]) => `  ${n} × ${k}`).join('\n')
    );
    expect(tally.loaded + tally.refused).toBe(CASES);
    if (CASES >= 500) {
      expect(tally.loaded).toBeGreaterThan(CASES / 2);
      expect(tally.withRejected).toBeGreaterThan(CASES / 50);
      expect(tally.refused).toBeGreaterThan(CASES / 100);
      expect(tally.reasons.size).toBeGreaterThan(3);
    }
  });
});
