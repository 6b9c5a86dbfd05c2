import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ANALYSES, FILTER_OPS, KINDS } from '../../src/lib/schema/schema';
import { encodeState, type DashboardState } from '../../src/lib/state/url-codec';
import { inProcessCli } from '../cli/in-process';
import { EngineLender } from '../cli/lent-engine';
import { cliPanel } from './cli-panels';
import { openPage, type Outcome } from './page-session';
import { randomDashboard } from './random-dashboard';
import { schemaOptions, usedOptions } from './schema-coverage';
import { SAMPLE_FILE, sampleValues } from './sample-values';

/**
 * "One spec, one session": a link opened on the page and the same link given to
 * `journeyscope run --state LINK --panel N` show the same numbers, for every panel of 200 seeded
 * random dashboards over the sample data (every kind, filters, range, stages, exclusions,
 * breakdowns). The page side is the page's own AppState; both sides run on ONE warm engine, lent
 * to one side at a time and handed back clean (tests/cli/lent-engine.ts).
 */
const DASHBOARDS = 200;
/**
 * Whole journeys of every fourth user of the sample (about 12k rows): every kind and option still
 * has data to work on, and each of the ~480 command-line runs imports a quarter of the rows (the
 * full 50k rows took 9 minutes on a loaded 2-core machine). The browser suite uses the full file.
 */
function quarterOfUsers(text: string): string {
  const [head, ...lines] = text.trimEnd().split('\n');
  const kept = lines.filter((l) => {
    const id = l.slice(0, l.indexOf(','));
    let h = 0;
    for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return h % 4 === 0;
  });
  return [head, ...kept].join('\n') + '\n';
}
const SLICE = path.join(mkdtempSync(path.join(tmpdir(), 'js-page-cli-')), 'journeys.csv');
writeFileSync(SLICE, quarterOfUsers(readFileSync(SAMPLE_FILE, 'utf8')));
const bytes = readFileSync(SLICE);
const sample = sampleValues(bytes.toString('utf8'));
const dashboards: DashboardState[] = Array.from({ length: DASHBOARDS }, (_, seed) => randomDashboard(seed + 1, sample));

// One lender for both sides: the CLI's engine() and the page's engine factory borrow the same engine.
const lender = new EngineLender();
const { cli } = inProcessCli(lender);
afterAll(() => lender.close());

/** Every panel's outcome on the command line, to check that most compare numbers, not errors. */
const tally: Outcome[] = [];

/** Both sides' error lines compared by their first line (DuckDB messages go on over lines). */
const firstLine = (o: Outcome): Outcome => (o.ok ? o : { ok: false, error: o.error.trim().split('\n')[0] });

describe('the generated dashboards', () => {
  test('cover every kind, every field and every option of the schema, and every filter operator', () => {
    const used = usedOptions(dashboards);
    const missing = [...schemaOptions()].filter((o) => !used.has(o));
    expect(missing).toEqual([]);
    for (const op of FILTER_OPS) expect(used.has(`filter.op=${op}`), op).toBe(true);
    for (const kind of KINDS) expect(used.has(`${kind}`), kind).toBe(true);
    expect(Object.keys(ANALYSES).sort()).toEqual([...KINDS].sort());
  });

  test('carry top-level filters, ranges, stages, per-file sources, time formats and offsets, present and absent', () => {
    const count = (f: (d: DashboardState) => boolean) => dashboards.filter(f).length;
    expect(count((d) => (d.mapping.filters?.length ?? 0) > 0)).toBeGreaterThan(DASHBOARDS / 4);
    expect(count((d) => d.mapping.range?.from !== undefined && d.mapping.range?.to !== undefined)).toBeGreaterThan(DASHBOARDS / 8);
    expect(count((d) => d.mapping.range !== undefined && (d.mapping.range.from === undefined || d.mapping.range.to === undefined))).toBeGreaterThan(0);
    expect(count((d) => d.mapping.stages === undefined)).toBeGreaterThan(0);
    expect(count((d) => d.mapping.stages !== undefined)).toBeGreaterThan(DASHBOARDS / 2);
    expect(count((d) => d.mapping.sources !== undefined)).toBeGreaterThan(0);
    expect(count((d) => d.mapping.time_format !== undefined || d.mapping.sources?.[0].time_format !== undefined)).toBeGreaterThan(0);
    expect(count((d) => d.mapping.utc_offset !== undefined || d.mapping.sources?.[0].utc_offset !== undefined)).toBeGreaterThan(0);
  });
});

describe('a link shows the same numbers on the page and on the command line', () => {
  test('a link without stages: the page keeps the stage null, as the command line does, rather than guessing stages', async () => {
    // Found by this file: the page guessed stages for such a link (1,348 users in June by the
    // default engagement levels, filtered to stage "purchase") where the command line had none (0).
    const dashboard: DashboardState = { v: 1, mapping: { filters: [{ column: 'stage', op: '=', values: ['purchase'] }] }, panels: [{ kind: 'engagement' }, { kind: 'kpis' }] };
    const link = await encodeState(dashboard);
    const page = await openPage(link, [{ name: 'journeys.csv', data: bytes }], () => lender.borrow());
    const fromCli = [await cliPanel(cli, SLICE, link, 1), await cliPanel(cli, SLICE, link, 2)];
    expect(page.outcomes).toEqual(fromCli);
    expect((fromCli[1] as { value: { total: { users: number } } }).value.total.users).toBe(0);
  });

  test.for(dashboards.map((d, i) => [i + 1, d] as const))('dashboard %i', async ([, dashboard]) => {
    const link = await encodeState(dashboard);
    const page = await openPage(link, [{ name: 'journeys.csv', data: bytes }], () => lender.borrow());
    const n = dashboard.panels.length;
    const fromCli: Outcome[] = [];
    for (let i = 1; i <= n; i++) fromCli.push(firstLine(await cliPanel(cli, SLICE, link, i)));
    // The page opened the link (or said why not, which the command line must then say too).
    const fromPage = page.error !== null && page.panels === 0 ? fromCli.map(() => ({ ok: false, error: page.error! })) : page.outcomes.map(firstLine);
    for (const o of fromCli) tally.push(o);
    expect({ link, panels: fromPage }).toEqual({ link, panels: fromCli });
    expect(page.panels === 0 ? null : page.error).toBeNull();
  });
});

describe('the comparison is about numbers', () => {
  test('most panels have a result, and the errors are the ones a valid dashboard can meet', () => {
    expect(tally.length).toBeGreaterThan(DASHBOARDS);
    const errors = tally.filter((o) => !o.ok).map((o) => (o as { error: string }).error);
    console.log(`page-cli: ${tally.length} panels, ${errors.length} errors on both sides:\n${[...new Set(errors)].join('\n')}`);
    expect(errors.length).toBeLessThan(tally.length / 10);
  });
});
