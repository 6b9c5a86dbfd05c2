import type { CohortsAnalysis } from '../../../src/lib/schema/types';
import type { RefEvent } from '../reference/retention';
import { rng } from '../../support/rng';

/**
 * The cohorts differential test's seeded random purchase logs and cases, shared with the engine
 * differential test (tests/engine/native-differential.test.ts).
 */

const HOUR = 3_600_000;
const BASE = Date.UTC(2023, 10, 20);

export function makeEvents(seed: number): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: RefEvent[] = [];
  const users = 30 + Math.floor(r() * 50);
  const spanDays = pick([40, 120, 200]);
  for (let u = 0; u < users; u++) {
    const first = Math.floor(r() * spanDays);
    const n = 1 + Math.floor(r() * 10);
    for (let i = 0; i < n; i++) {
      const day = Math.min(spanDays, first + Math.floor(r() * r() * spanDays));
      const event = pick(['visit', 'purchase', 'purchase', 'refund']);
      const buying = event === 'purchase';
      rows.push({
        row_id: 0, user_id: `u${u}`, ts: BASE + day * 24 * HOUR + pick([0, 12]) * HOUR, event,
        channel: pick(['ads', 'email', 'Social', null]),
        revenue: buying ? pick([null, 5, 12.5, 40]) : event === 'refund' ? -5 : null,
        // A few order ids repeat within a user (multi-row orders, sometimes across periods).
        order_id: buying ? pick([null, `o${u}-${Math.floor(r() * 4)}`]) : null
      });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: i + 1 }));
}

export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export const OPTIONS: Omit<CohortsAnalysis, 'kind'>[] = [
  { period: 'month', periods: 6 },
  { period: 'week', periods: 10, by: 'channel' },
  { period: 'week', periods: 4, week_start: 'sunday', activity: { event: 'purchase' } },
  { period: 'day', periods: 40, purchase: { event: 'purchase', where: [{ column: 'revenue', op: '>', values: [0] }] } },
  { period: 'month', periods: 3, by: 'channel', activity: { events: ['visit', 'purchase'] } }
];
// Every other case maps the order column (the ids are in the data either way).
export const CASES = [1, 2, 3, 4, 5].flatMap((s) => OPTIONS.map((o, i) => ({ seed: s * 10 + i, analysis: o, withRange: s % 2 === 0, orders: (s + i) % 2 === 1 })));
