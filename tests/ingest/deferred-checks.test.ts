import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile, type ImportedFile } from '../../src/lib/ingest/import';
import { followedChecks, runReportChecks } from '../../src/lib/ingest/report-checks';
import { Session } from '../../src/lib/session/session';
import { raw, type Fragment } from '../../src/lib/sql/quote';
import { fixturePath, needData } from '../support/data';

/**
 * The page leaves the import report's row checks (time problems, repeated lines) until after its
 * first chart (Session.deferChecks). Whenever they run, the report must read the same: every file
 * of the bad-CSV corpus, imported with the checks deferred and then run, gives the same file
 * (rows, columns, rejected lines, warnings in the same order) as an import that ran them at once.
 */
const dir = fixturePath('bad-csv');
const enc = (s: string) => new TextEncoder().encode(s);

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => {
  await engine.close();
});

/** A fresh import slot per read (raw_<slot>): the corpus shares one engine. */
let slot = 100;

async function both(name: string, data: Uint8Array): Promise<{ now: ImportedFile | string; later: ImportedFile | string }> {
  const read = async (defer: boolean, index: number) => {
    try {
      const f = await importFile(engine, { name, data }, index, { deferChecks: defer });
      if (defer) expect(f.checks).toEqual({ running: true });
      return defer ? await runReportChecks(engine, f) : f;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const now = await read(false, slot++);
  const later = await read(true, slot++);
  return { now, later };
}

/** The file without what differs by design: its slot's table name and the `checks` mark. */
function comparable(f: ImportedFile | string): unknown {
  if (typeof f === 'string') return f;
  const { table: _t, checks: _c, ...rest } = f;
  return rest;
}

describe.runIf(needData(dir, 'the bad-CSV corpus'))('deferred report checks: the same report as checks run within the import', () => {
  const names = dir ? readdirSync(dir).filter((n) => /\.(csv|tsv)$/.test(n)) : [];
  it.each(names)('%s', async (name) => {
    const { now, later } = await both(name, new Uint8Array(readFileSync(path.join(dir!, name))));
    expect(comparable(later)).toEqual(comparable(now));
    if (typeof later !== 'string') expect(later.checks).toEqual({ running: false, found: (later.warnings.length - (typeof now === 'string' ? 0 : now.warnings.filter((w) => !CHECK_CODES.has(w.code)).length)) });
  }, 60_000);
});

/** The codes only the row checks give. */
const CHECK_CODES = new Set(['ambiguous_date', 'invalid_dates', 'future_dates', 'sentinel_dates', 'naive_timestamps_assumed_zone', 'epoch_units_mixed', 'mixed_date_formats', 'duplicate_rows']);

describe('deferred report checks', () => {
  // Hand-made: line 3 repeats line 2, one date lies in the future, one is the 1970 placeholder.
  const csv = enc('user,time,event\nu1,2024-01-01 10:00:00,view\nu1,2024-01-01 10:00:00,view\nu2,2999-01-01 10:00:00,buy\nu3,1970-01-01 00:00:00,view\n');

  it('adds the repeated lines and time problems after the import, counted as found', async () => {
    const f = await importFile(engine, { name: 'hand.csv', data: csv }, 2, { deferChecks: true });
    expect(f.warnings.map((w) => w.code)).toEqual([]);
    const done = await runReportChecks(engine, f);
    expect(done.warnings.map((w) => w.code)).toEqual(['future_dates', 'sentinel_dates', 'duplicate_rows']);
    expect(done.warnings.at(-1)?.message).toBe('1 line repeats an earlier line exactly: 3');
    expect(done.checks).toEqual({ running: false, found: 3 });
  });

  it('a Parquet or JSON file defers its checks the same way', async () => {
    const json = enc('[{"user":"a","time":"2024-01-01T10:00:00Z"},{"user":"a","time":"2024-01-01T10:00:00Z"}]');
    const now = await importFile(engine, { name: 'j.json', data: json }, 3);
    const later = await runReportChecks(engine, await importFile(engine, { name: 'j.json', data: json }, 4, { deferChecks: true }));
    expect(comparable(later)).toEqual(comparable(now));
    expect(later.warnings.map((w) => w.code)).toEqual(['duplicate_rows']);
  });

  it('a check that fails becomes a warning of its file, with what was found before it', async () => {
    const failing = Object.create(engine) as Engine;
    failing.query = (stmt: Fragment, signal?: AbortSignal) =>
      /count\(DISTINCT hash\(/.test(stmt.text) ? Promise.reject(new Error('Binder Error: something broke')) : engine.query(stmt, signal);
    const f = await importFile(engine, { name: 'hand.csv', data: csv }, 5, { deferChecks: true });
    const done = await runReportChecks(failing, f);
    expect(done.warnings.map((w) => w.code)).toEqual(['future_dates', 'sentinel_dates', 'checks_failed']);
    expect(done.warnings.at(-1)?.message).toBe('the checks for repeated lines and time problems could not finish (Binder Error: something broke): this report may miss some of them');
    expect(done.checks).toEqual({ running: false, found: 3 });
  });

  it('a session with deferChecks leaves them to finishChecks; without, its files are complete', async () => {
    const e = await NodeEngine.create();
    try {
      const s = new Session(e);
      s.deferChecks = true;
      const [f] = await s.add([{ name: 'hand.csv', data: csv }]);
      expect(f.checks).toEqual({ running: true });
      const done = await s.finishChecks();
      expect(done).toHaveLength(1);
      expect(s.files[0].warnings.map((w) => w.code)).toEqual(['future_dates', 'sentinel_dates', 'duplicate_rows']);
      expect(s.files[0].checks).toEqual({ running: false, found: 3 });
      // Nothing left to check: a second call finds nothing, and no temporary table stays behind.
      expect(await s.finishChecks()).toEqual([]);
      const left = await e.query<{ n: number }>(raw("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE '%__times'"));
      expect(Number(left[0].n)).toBe(0);
      // The page's files follow: the shown file takes the session's completed one.
      const shown = followedChecks([f], s.files);
      expect(shown[0]).toBe(s.files[0]);
      expect(followedChecks(shown, s.files)).toBe(shown);
    } finally {
      await e.close();
    }
    const e2 = await NodeEngine.create();
    try {
      const [g] = await new Session(e2).add([{ name: 'hand.csv', data: csv }]);
      expect(g.checks).toBeUndefined();
      expect(g.warnings.map((w) => w.code)).toEqual(['future_dates', 'sentinel_dates', 'duplicate_rows']);
    } finally {
      await e2.close();
    }
  });

  it('the checks wait while a build runs: a confirm at once is not slowed by them', async () => {
    const base = await NodeEngine.create();
    const seen: string[] = [];
    const counting = Object.create(base) as Engine;
    counting.query = (stmt: Fragment, signal?: AbortSignal) => {
      seen.push(stmt.text.trim());
      return base.query(stmt, signal);
    };
    try {
      const s = new Session(counting);
      s.deferChecks = true;
      const [f] = await s.add([{ name: 'hand.csv', data: csv }]);
      const g = await s.guessMapping(f);
      const from = seen.length;
      // As the page does: the checks start as the mapping screen shows, and the confirm follows at once.
      const checks = s.finishChecks();
      await s.build({ columns: g.columns, time_format: 'auto' });
      await s.overview();
      const chart = seen.length;
      await checks;
      const isCheck = (q: string) => /__times|count\(DISTINCT hash\(/.test(q);
      expect(seen.slice(from, chart).filter(isCheck)).toEqual([]);
      expect(seen.slice(chart).some(isCheck)).toBe(true);
      expect(s.files[0].checks).toEqual({ running: false, found: 3 });
    } finally {
      await base.close();
    }
  });

  it('checks that stopped with the engine say so rather than running for ever', () => {
    const f = { file: 'a.csv', table: 'raw_0', warnings: [], checks: { running: true } } as unknown as ImportedFile;
    const [out] = followedChecks([f], [f], new Error('Cancelled: checking the files was stopped. Your files are still loaded.'));
    expect(out.checks).toEqual({ running: false, found: 1 });
    expect(out.warnings[0].code).toBe('checks_failed');
    // Read again after a crash (checked within its import): taken as it is, its extra warnings counted.
    const again = { ...f, warnings: [{ code: 'duplicate_rows', message: 'x' }], checks: undefined } as unknown as ImportedFile;
    expect(followedChecks([f], [again])[0]).toEqual({ ...again, checks: { running: false, found: 1 } });
  });
});
