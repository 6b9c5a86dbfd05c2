import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { furthestStep } from '../sample-data/stage-funnel';

/*
 * The sample export is checked by re-reading the CSV with plain TypeScript written here (nothing
 * from src/lib, nothing from the generator's tally), so a generator whose record drifts from what
 * it writes fails.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'sample-data', 'generate.ts');
const HEADER = 'user_id,event_time,event,channel,campaign,revenue,order_id,score,device';
const STAGE_NAMES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];
const STAGE: Record<string, number> = {
  ad_impression: 0, site_visit: 0,
  product_view: 1, search: 1, signup: 1, add_to_cart: 1,
  purchase: 2,
  repeat_purchase: 3, login: 3, support_chat: 3,
  review: 4, referral: 4, nps_survey: 4
};
const ORDERS = new Set(['purchase', 'repeat_purchase']);

interface Row { user: string; time: string; event: string; fields: string[] }

function readRows(file: string): Row[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines[0]).toBe(HEADER);
  expect(lines.at(-1)).toBe(''); // ends with one newline
  return lines.slice(1, -1).map((line, i) => {
    const fields = line.split(',');
    if (fields.length !== 9 || line.includes('"')) throw new Error(`line ${i + 2}: not a clean 9-field row: ${line}`);
    return { user: fields[0], time: fields[1], event: fields[2], fields };
  });
}

/** Per user, the furthest stage of the ordered stage funnel, by the no-window shortcut. */
function stageReach(rows: Row[]): { users: number[]; medians: number[] } {
  const byUser = new Map<string, { t: number; stage: number }[]>();
  for (const r of rows) {
    const list = byUser.get(r.user) ?? [];
    list.push({ t: Date.parse(r.time) / 1000, stage: STAGE[r.event] });
    byUser.set(r.user, list);
  }
  const users = [0, 0, 0, 0, 0];
  const gaps: number[][] = [[], [], [], [], []];
  for (const events of byUser.values()) {
    // Stages share no event and there is no window, so the attempt from the earliest awareness
    // event reaches furthest with the earliest times: each stage is the earliest event of that
    // stage at or after the previous stage's time.
    let t = -Infinity;
    for (let k = 0; k < 5; k++) {
      const next = Math.min(...events.filter((e) => e.stage === k && e.t >= t).map((e) => e.t));
      if (next === Infinity) break;
      users[k]++;
      if (k > 0) gaps[k].push(next - t);
      t = next;
    }
  }
  const medians = gaps.map((g) => {
    const s = [...g].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  });
  return { users, medians };
}

function checkAgainstExpected(csv: string, expectedFile: string): Row[] {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  const rows = readRows(csv);
  expect(rows.length).toBe(expected.rows);
  expect(new Set(rows.map((r) => r.user)).size).toBe(expected.users);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.event] = (counts[r.event] ?? 0) + 1;
  for (const name of Object.keys(expected.events)) expect(counts[name] ?? 0, name).toBe(expected.events[name]);
  expect(Object.keys(counts).sort()).toEqual(Object.keys(expected.events).sort());
  let cents = 0;
  for (const r of rows) if (r.fields[5] !== '') cents += Number(r.fields[5].replace('.', ''));
  expect(cents).toBe(expected.revenue_sum_cents);
  expect(cents / 100).toBe(expected.revenue_sum);
  expect(new Set(rows.filter((r) => ORDERS.has(r.event)).map((r) => r.user)).size).toBe(expected.purchasers);
  const times = rows.map((r) => r.time).sort();
  expect({ first: times[0], last: times.at(-1) }).toEqual(expected.time_span);
  const reach = stageReach(rows);
  const steps = expected.stages.steps;
  expect(steps.map((s: { label: string }) => s.label)).toEqual(STAGE_NAMES);
  expect(steps.map((s: { users: number }) => s.users)).toEqual(reach.users);
  for (let k = 1; k < 5; k++) expect(steps[k].median_seconds, STAGE_NAMES[k]).toBe(reach.medians[k]);
  return rows;
}

function generate(dir: string, name: string, seed: string, events: number): { csv: string; json: string } {
  const csv = path.join(dir, `${name}.csv`);
  const json = path.join(dir, `${name}.json`);
  execFileSync(process.execPath, ['--import', 'tsx', script, '--events', String(events), '--seed', seed, '--out', csv, '--expected', json], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  return { csv, json };
}

describe('sample-data generator', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-sample-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives byte-identical output for the same seed, and other bytes for another seed', () => {
    const a = generate(dir, 'a', '7', 3000);
    const b = generate(dir, 'b', '7', 3000);
    const c = generate(dir, 'c', '8', 3000);
    expect(readFileSync(a.csv).equals(readFileSync(b.csv))).toBe(true);
    expect(readFileSync(a.json, 'utf8')).toBe(readFileSync(b.json, 'utf8'));
    expect(readFileSync(a.csv).equals(readFileSync(c.csv))).toBe(false);
    checkAgainstExpected(a.csv, a.json);
    checkAgainstExpected(c.csv, c.json);
  });

  it('writes exactly the number of events asked for', () => {
    const d = generate(dir, 'd', '1', 777);
    expect(readRows(d.csv).length).toBe(777);
  });
});

describe('committed sample-data/journeys.csv', () => {
  const csv = path.join(root, 'sample-data', 'journeys.csv');
  let committed: Row[] | undefined;
  const rows = (): Row[] => (committed ??= readRows(csv));

  it('matches expected.json (rows, users, events, revenue, span, purchasers, stages)', () => {
    committed = checkAgainstExpected(csv, path.join(root, 'sample-data', 'expected.json'));
  });

  it('is the default run: about 50k rows, a few MB', () => {
    expect(rows().length).toBe(50_000);
    expect(statSync(csv).size).toBeLessThan(5_000_000);
  });

  it('has clean typed fields: ISO UTC times, revenue and order only on orders, scores only on surveys', () => {
    const bad: string[] = [];
    for (const r of rows()) {
      const [, time, event, channel, , revenue, order, score, device] = r.fields;
      const ok =
        /^2025-0[1-6]-\d\dT\d\d:\d\d:\d\dZ$/.test(time) &&
        STAGE[event] !== undefined &&
        /^[a-z_]+$/.test(channel) &&
        ['mobile', 'desktop', 'tablet'].includes(device) &&
        (ORDERS.has(event) ? /^\d+\.\d\d$/.test(revenue) && /^O\d{8}$/.test(order) : revenue + order === '') &&
        (event === 'nps_survey' ? /^(\d|10)$/.test(score) : score === '');
      if (!ok) bad.push(r.fields.join(','));
    }
    expect(bad.slice(0, 5)).toEqual([]);
    const orderIds = rows().filter((r) => r.fields[6] !== '').map((r) => r.fields[6]);
    expect(new Set(orderIds).size).toBe(orderIds.length);
  });

  it('is not sorted by time, has same-instant events and users who skip stages', () => {
    const all = rows();
    expect(all.some((r, i) => i > 0 && r.time < all[i - 1].time)).toBe(true);
    const seen = new Map<string, Set<string>>();
    let sameInstant = 0;
    for (const r of all) {
      const key = r.user + ' ' + r.time;
      const events = seen.get(key) ?? new Set();
      if (events.size > 0) sameInstant++;
      events.add(r.event);
      seen.set(key, events);
    }
    expect(sameInstant).toBeGreaterThan(100);
    const aware = new Set(all.filter((r) => STAGE[r.event] === 0).map((r) => r.user));
    const buyersUnaware = all.filter((r) => ORDERS.has(r.event) && !aware.has(r.user));
    expect(buyersUnaware.length).toBeGreaterThan(0);
  });

  it('lists the expected stage counts in the README table', () => {
    const readme = readFileSync(path.join(root, 'sample-data', 'README.md'), 'utf8');
    const expected = JSON.parse(readFileSync(path.join(root, 'sample-data', 'expected.json'), 'utf8'));
    for (const s of expected.stages.steps) {
      expect(readme).toMatch(new RegExp(`\\|\\s*${s.step}\\s*\\|\\s*${s.label}\\s*\\|\\s*${s.users}\\s*\\|`));
    }
  });

  it('ships the spec of that stage mapping', () => {
    const spec = JSON.parse(readFileSync(path.join(root, 'sample-data', 'stages.spec.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(path.join(root, 'sample-data', 'expected.json'), 'utf8'));
    expect(spec.stages).toEqual(expected.stage_mapping);
    expect(spec.analysis).toEqual({ kind: 'stages', window: null });
  });
});

describe('stage funnel rule used for expected.json (hand-worked)', () => {
  it('counts a later stage at the same instant even when its row comes first', () => {
    // rows in (time, input order): consideration at t=10 (row 0), awareness at t=10 (row 1)
    expect(furthestStep([{ t: 10, step: 1 }, { t: 10, step: 0 }, { t: 20, step: 2 }], 3)).toEqual({ reached: 3, times: [10, 10, 20] });
  });

  it('ignores earlier later-stage events and unmapped events', () => {
    expect(furthestStep([{ t: 1, step: 2 }, { t: 5, step: 0 }, { t: 6, step: -1 }, { t: 7, step: 1 }], 3)).toEqual({ reached: 2, times: [5, 7] });
  });

  it('takes the earliest attempt among those reaching furthest, and 0 without a first-stage event', () => {
    expect(furthestStep([{ t: 1, step: 0 }, { t: 3, step: 0 }, { t: 4, step: 1 }], 2)).toEqual({ reached: 2, times: [1, 4] });
    expect(furthestStep([{ t: 1, step: 1 }, { t: 2, step: 2 }], 3)).toEqual({ reached: 0, times: [] });
  });
});
