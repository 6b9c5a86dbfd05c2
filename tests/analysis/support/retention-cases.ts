import type { RetentionAnalysis, Spec } from '../../../src/lib/schema/types';
import type { RefEvent } from '../reference/retention';
import { rng } from '../../support/rng';

/**
 * The retention differential test's seeded random event sets and cases, shared with the engine
 * differential test (tests/engine/native-differential.test.ts).
 */

const HOUR = 3_600_000;
const BASE = Date.UTC(2023, 11, 25); // a Monday, a week before a year boundary
const EVENTS = ['signup', 'buy', 'view', null];
const CHANNELS = ['email', 'ads', 'Zeta', 'émail', null];

export function makeEvents(seed: number): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 40 + Math.floor(r() * 60);
  const spanDays = pick([20, 75, 140]);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(r() * 12);
    const first = Math.floor(r() * spanDays);
    for (let i = 0; i < n; i++) {
      const day = Math.min(spanDays, first + Math.floor(r() * r() * spanDays));
      rows.push({ row_id: 0, user_id: `u${u}`, ts: BASE + day * 24 * HOUR + pick([0, 6, 12, 23]) * HOUR, event: pick(EVENTS), channel: pick(CHANNELS), revenue: pick([null, 0, 5, 20]) });
    }
  }
  // Shuffle so input order is not time order (ties then depend on row_id).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  // Order ids from a generator of their own (the rows above stay what they were): a third of the
  // rows none, the rest one of two ids, so rows of one user and event often make one order, within
  // a period or across two.
  const o = rng(seed * 7919 + 13);
  return rows.map((e, i) => {
    const x = o();
    return { ...e, row_id: i + 1, order_id: x < 0.33 ? null : x < 0.66 ? 'o1' : 'o2' };
  });
}

export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export interface Case {
  seed: number;
  analysis: Omit<RetentionAnalysis, 'kind' | 'start' | 'return'> & Partial<RetentionAnalysis>;
  range?: { from?: string; to?: string };
  filters?: Spec['filters'];
  /** The spec maps the order column (the ids are in the data either way). */
  orders?: boolean;
}

export const CASES: Case[] = [];
export const OPTIONS: Case['analysis'][] = [
  { period: 'week', periods: 12 },
  { period: 'week', periods: 6, week_start: 'sunday', mode: 'first_time' },
  { period: 'day', periods: 30, cumulative: true },
  { period: 'month', periods: 5, min_occurrences: 2 },
  { period: 'week', periods: 8, cumulative: true, min_occurrences: 2, breakdown: 'channel' },
  { period: 'month', periods: 3, mode: 'first_time', breakdown: 'channel', cumulative: true },
  { period: 'day', periods: 10, breakdown: 'channel', start: { event: '*' }, return: { events: ['buy', 'view'], where: [{ column: 'revenue', op: '>', values: [0] }] } }
];
for (let s = 1; s <= 6; s++) {
  OPTIONS.forEach((o, i) => {
    const c: Case = { seed: s * 100 + i, analysis: o };
    if (s % 3 === 1) c.range = { from: '2024-01-03', to: '2024-02-10 12:00:00' };
    if (s % 3 === 2) c.filters = [{ column: 'event', op: '!=', values: ['view'] }];
    if ((s + i) % 2 === 0) c.orders = true;
    CASES.push(c);
  });
}
