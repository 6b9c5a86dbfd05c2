import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main';
import { openEngine } from '../../src/cli/engine-choice';
import type { Spec } from '../../src/lib/schema/types';
import { inProcessCli } from '../cli/in-process';
import { dataPath, needData } from '../support/data';
import { rng } from '../support/rng';
import { addOrders, makeEvents as funnelEvents, makeSpec as funnelSpec } from '../analysis/support/funnel-cases';
import { CASES as RETENTION_CASES, iso, makeEvents as retentionEvents } from '../analysis/support/retention-cases';
import { CASES as COHORT_CASES, makeEvents as cohortEvents } from '../analysis/support/cohorts-cases';

/**
 * `journeyscope run` on the browser's engine (DuckDB-WASM's Node build, the default) and on native
 * DuckDB (`--engine native`, src/lib/engine/native.ts) must print the same JSON: the same import,
 * mapping and analysis SQL run on two builds of DuckDB (1.4 in the wasm, 1.5 natively), with
 * native DuckDB on two threads, so parallel plans meet the analyses' tie-breaking. The cases are
 * the random funnel, retention and cohort cases of the analysis differential tests
 * (tests/analysis/support/*-cases.ts), written as CSV files, and specs on the real data sets.
 *
 * Same JSON means: the same exit code and warnings, the same keys, strings, nulls and whole
 * numbers, and fractions equal to 12 significant digits. Not byte for byte: a sum of DOUBLEs
 * depends on the order it adds in, and on two threads that order changes from run to run (CDNOW's
 * first monthly cohort revenue: 299060.169999989 on the wasm and on one native thread,
 * 299060.1699999915 and 299060.1699999991 on two). With `--threads 1` the output was identical.
 */

const browser = inProcessCli();
let dir: string;

async function native(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    engine: (choice) => {
      if (choice.kind !== 'native') throw new Error('the native side must ask for the native engine');
      return openEngine({ ...choice, threads: 2 });
    }
  });
  return { code, stdout, stderr };
}

/** Runs `run` on both engines and expects the same exit code, stdout and stderr. */
async function expectSame(label: string, data: string[], spec: unknown): Promise<string> {
  const specFile = path.join(dir, `${label}.spec.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const args = ['run', ...data.flatMap((d) => ['--data', d]), '--spec', specFile];
  const b = await browser.cli(...args);
  const n = await native(...args, '--engine', 'native');
  expect(b.code, `${label}: ${b.stderr}`).toBe(0);
  expect({ code: n.code, stderr: n.stderr }, label).toEqual({ code: b.code, stderr: b.stderr });
  const diff = difference(JSON.parse(n.stdout), JSON.parse(b.stdout), '$');
  expect(diff, `${label}: native and browser differ`).toBeNull();
  return b.stdout;
}

/** Where `a` and `b` differ beyond float summation order (see above), or null. */
function difference(a: unknown, b: unknown, at: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b ? null : `${at}: ${a} vs ${b}`;
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? null : `${at}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join() !== kb.join()) return `${at}: keys ${ka.join()} vs ${kb.join()}`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

test('the comparison tells whole numbers, strings and structure exactly, fractions to 12 digits', () => {
  expect(difference({ a: [1, 'x', null, 0.1 + 0.2] }, { a: [1, 'x', null, 0.3] }, '$')).toBeNull();
  expect(difference({ a: [1] }, { a: [2] }, '$')).toBe('$.a[0]: 1 vs 2');
  expect(difference({ a: 0.3 }, { a: 0.3000001 }, '$')).toBe('$.a: 0.3 vs 0.3000001');
  expect(difference({ a: null }, { a: 0 }, '$')).toBe('$.a: null vs 0');
  expect(difference({ a: 1, b: 2 }, { b: 2, a: 1 }, '$')).toBe('$: keys a,b vs b,a');
});

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function writeCsv(name: string, header: string[], rows: unknown[][]): string {
  const p = path.join(dir, name);
  writeFileSync(p, [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n');
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-native-diff-'));
});
afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('run: browser engine vs native engine, identical JSON', () => {
  test('funnels on random event sets (ties, duplicates, null breakdowns, shuffled input)', { timeout: 120_000 }, async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = rng(seed);
      const events = funnelEvents(r);
      const { funnel, filters, range } = funnelSpec(r);
      const orders = addOrders(seed, events);
      // The file's input order is the events' row_id order.
      const rows = [...events].sort((a, b) => a.row_id - b.row_id).map((e) => [e.user_id, iso(e.us / 1000), e.event, e.props.channel, e.props.n, e.props.revenue, e.props.order_id]);
      const file = writeCsv(`funnel-${seed}.csv`, ['user_id', 'ts', 'event', 'channel', 'n', 'revenue', 'order_id'], rows);
      const columns = { user: 'user_id', time: 'ts', event: 'event', channel: 'channel', revenue: 'revenue', ...(orders ? { order: 'order_id' } : {}) };
      const out = await expectSame(`funnel-${seed}`, [file], { version: 1, columns, filters, range, analysis: { kind: 'funnel', ...funnel } });
      expect(JSON.parse(out).kind).toBe('funnel');
    }
  });

  test('retention on random event sets (several starts per user, data shorter than the periods)', { timeout: 120_000 }, async () => {
    for (const c of RETENTION_CASES.filter((_, i) => i % 8 === 0)) {
      const events = retentionEvents(c.seed);
      const file = writeCsv(`retention-${c.seed}.csv`, ['user_id', 'ts', 'event', 'channel', 'revenue', 'order_id'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue, e.order_id]));
      const columns = { user: 'user_id', time: 'ts', event: 'event', channel: 'channel', revenue: 'revenue', ...(c.orders ? { order: 'order_id' } : {}) };
      const analysis = { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' }, ...c.analysis };
      const out = await expectSame(`retention-${c.seed}`, [file], { version: 1, columns, filters: c.filters, range: c.range, analysis } as Spec);
      expect(JSON.parse(out).cohorts.length).toBeGreaterThan(0);
    }
  });

  test('cohort tables on random purchase logs (multi-row orders, null revenue)', { timeout: 120_000 }, async () => {
    for (const c of COHORT_CASES.filter((_, i) => i % 6 === 0)) {
      const events = cohortEvents(c.seed);
      const file = writeCsv(`cohorts-${c.seed}.csv`, ['user_id', 'ts', 'event', 'channel', 'revenue', 'order_id'], events.map((e) => [e.user_id, iso(e.ts), e.event, e.channel, e.revenue, e.order_id]));
      const columns = { user: 'user_id', time: 'ts', event: 'event', channel: 'channel', revenue: 'revenue', ...(c.orders ? { order: 'order_id' } : {}) };
      const range = c.withRange ? { from: '2023-12-01', to: '2024-02-15' } : undefined;
      const out = await expectSame(`cohorts-${c.seed}`, [file], { version: 1, columns, range, analysis: { kind: 'cohorts', ...c.analysis } });
      expect(JSON.parse(out).cohorts.length).toBeGreaterThan(0);
    }
  });

  const cdnow = dataPath('cdnow', 'cdnow_master.csv');
  test.runIf(needData(cdnow, 'CDNOW'))('CDNOW: monthly cohorts (revenue sums over 23,570 customers)', { timeout: 120_000 }, async () => {
    const columns = { user: 'customer_id', time: 'date', revenue: 'dollar_value', event: { value: 'purchase' } };
    await expectSame('cdnow-cohorts', [cdnow!], { version: 1, columns, analysis: { kind: 'cohorts', period: 'month', periods: 17 } });
  });

  const retail = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
  test.runIf(needData(retail, 'Online Retail II'))('Online Retail II (Parquet): weekly retention by country, orders from invoices', { timeout: 120_000 }, async () => {
    const columns = { user: 'Customer ID', time: 'InvoiceDate', order: 'Invoice', event: { value: 'purchase' } };
    const filters = [{ column: 'order_id', op: 'not_starts_with', values: ['C'] }];
    await expectSame('retail-retention', [retail!], { version: 1, columns, filters, analysis: { kind: 'retention', start: { event: 'purchase' }, return: { event: 'purchase' }, period: 'week', periods: 12, breakdown: 'Country' } });
  });

  const leads = dataPath('olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv');
  const deals = dataPath('olist-marketing-funnel', 'olist_closed_deals_dataset.csv');
  test.runIf(needData(leads, 'Olist marketing funnel'))('Olist: leads and deals from two files, a funnel by origin', { timeout: 120_000 }, async () => {
    await expectSame('olist-funnel', [leads!, deals!], {
      version: 1,
      sources: [
        { file: 'olist_marketing_qualified_leads_dataset.csv', columns: { user: 'mql_id', time: 'first_contact_date', event: { value: 'lead' } }, time_format: '%d-%m-%Y' },
        { file: 'olist_closed_deals_dataset.csv', columns: { user: 'mql_id', time: 'won_date', event: { value: 'won' }, revenue: 'declared_monthly_revenue' }, time_format: '%d-%m-%Y %H:%M' }
      ],
      analysis: { kind: 'funnel', steps: [{ event: 'lead' }, { event: 'won' }], window: { value: 52, unit: 'week' }, breakdown: 'origin' }
    });
  });

  const hillstrom = dataPath('hillstrom-email', 'hillstrom.csv');
  test.runIf(needData(hillstrom, 'Hillstrom e-mail data'))('inspect agrees too (Hillstrom: one row per customer)', { timeout: 120_000 }, async () => {
    const b = await browser.cli('inspect', '--data', hillstrom!);
    const n = await native('inspect', '--data', hillstrom!, '--engine', 'native');
    expect(b.code, b.stderr).toBe(0);
    expect(n).toEqual(b);
  });
});

test('--engine native without @duckdb/node-api installed says so in one line (exit 2)', async () => {
  const { NATIVE_MISSING, NativeEngineMissing } = await import('../../src/lib/engine/native');
  const spec = path.join(dir, 'missing.spec.json');
  writeFileSync(spec, JSON.stringify({ version: 1, analysis: { kind: 'funnel', steps: [{ event: 'a' }] } }));
  let stderr = '';
  const code = await main(['run', '--engine', 'native', '--data', path.join(dir, 'none.csv'), '--spec', spec], {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    engine: async () => {
      throw new NativeEngineMissing();
    }
  });
  expect(code).toBe(2);
  expect(stderr).toBe(`journeyscope: ${NATIVE_MISSING}\n`);
});
