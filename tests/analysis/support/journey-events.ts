import type { RefEvent } from '../reference/retention';
import { rng } from '../../support/rng';

/**
 * Seeded random event logs for the lifecycle, stickiness and engagement differential tests:
 * users who come and go (gaps of days to months), several events on one day, rows at the same
 * instant, multi-row orders, stages from the event name, a channel with nulls for filters.
 */

const HOUR = 3_600_000;
const STAGE: Record<string, string | null> = { visit: 'awareness', view: 'consideration', purchase: 'purchase', repeat: 'retention', share: 'advocacy', ping: null };

export const JOURNEY_COLUMNS = ['user_id', 'ts', 'event', 'stage', 'channel', 'revenue', 'order_id'];

export function journeyEvents(seed: number): RefEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const base = Date.UTC(2023, 11, 25) + pick([0, 3, 5]) * 24 * HOUR;
  const spanDays = pick([20, 75, 200]);
  const rows: RefEvent[] = [];
  const users = 20 + Math.floor(r() * 40);
  for (let u = 0; u < users; u++) {
    let day = Math.floor(r() * spanDays);
    const visits = 1 + Math.floor(r() * 8);
    for (let v = 0; v < visits && day <= spanDays; v++) {
      const n = 1 + Math.floor(r() * 4);
      const hour = Math.floor(r() * 24);
      for (let i = 0; i < n; i++) {
        const event = pick(['visit', 'view', 'view', 'purchase', 'repeat', 'share', 'ping']);
        const buying = event === 'purchase' || event === 'repeat';
        rows.push({
          row_id: 0, user_id: `u${u}`, ts: base + day * 24 * HOUR + ((hour + pick([0, 0, 1, 30])) * HOUR) / (i === 0 ? 1 : 1), event,
          stage: STAGE[event], channel: pick(['ads', 'email', null]),
          revenue: buying ? pick([null, 10, 25]) : null,
          order_id: buying ? pick([null, `o${u}-${Math.floor(r() * 3)}`]) : null
        });
      }
      day += pick([0, 1, 2, 6, 8, 20, 40]);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: i + 1 }));
}

export const isoTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function journeyRows(events: RefEvent[]): unknown[][] {
  return events.map((e) => [e.user_id, isoTime(e.ts), e.event, e.stage, e.channel, e.revenue, e.order_id]);
}

export const RANGE = { from: '2024-01-10', to: '2024-03-20' };
export const rangeMs = { from: Date.parse('2024-01-10T00:00:00Z'), to: Date.parse('2024-03-20T00:00:00Z') };
