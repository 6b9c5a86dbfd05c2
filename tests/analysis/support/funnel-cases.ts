import type { Spec } from '../../../src/lib/schema/types';
import type { RefEvent, RefFunnel } from '../reference/funnel';
import { rng } from '../../support/rng';

/**
 * The funnel differential test's seeded random event sets and specs, shared with the engine
 * differential test (tests/engine/native-differential.test.ts).
 */

const BASE_US = Date.UTC(2024, 0, 1) * 1000;
const HOUR_US = 3600e6;
/** The one range the cases use, and the same bounds in microseconds for the reference. */
export const RANGE = { from: '2024-01-01 05:00', to: '2024-01-02' };
export const RANGE_US = { fromUs: BASE_US + 5 * HOUR_US, toUs: BASE_US + 24 * HOUR_US };
export const NAMES = ['a', 'b', 'c', 'd', 'x'];
const CHANNELS = ['email', 'social', 'ads', 'Zeta', 'émail', null];

export function makeEvents(r: () => number): RefEvent[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: Omit<RefEvent, 'row_id'>[] = [];
  const users = 5 + Math.floor(r() * 25);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(r() * 14);
    const span = pick([6, 24, 72]);
    for (let i = 0; i < n; i++) {
      const e = {
        user_id: `u${u}`,
        us: BASE_US + Math.floor(r() * span) * HOUR_US,
        event: pick(NAMES),
        props: { channel: pick(CHANNELS), n: r() < 0.2 ? null : Math.floor(r() * 4), revenue: pick([1.5, 2, 10.25, null]) }
      };
      rows.push(e);
      if (r() < 0.1) rows.push({ ...e, props: { ...e.props } });
    }
  }
  // Input order unrelated to time: a shuffled row_id.
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return rows.map((e, i) => ({ ...e, row_id: order[i] + 1 }));
}

export function makeSpec(r: () => number): { funnel: RefFunnel; filters?: Spec['filters']; range?: { from: string; to: string } } {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const nSteps = 1 + Math.floor(r() * 4);
  const steps = Array.from({ length: nSteps }, () => {
    const kind = r();
    const s: RefFunnel['steps'][number] = kind < 0.65 ? { event: pick(NAMES.slice(0, 4)) } : kind < 0.85 ? { events: [pick(NAMES), pick(NAMES)] } : { event: '*' };
    if (r() < 0.2) s.where = [pick([{ column: 'n', op: '>=', values: [1] }, { column: 'channel', op: '!=', values: ['ads'] }, { column: 'revenue', op: 'not_null' }])];
    return s;
  });
  const order = pick(['ordered', 'strict', 'unordered'] as const);
  const funnel: RefFunnel = { steps, order };
  const w = r();
  if (w < 0.25) funnel.window = null;
  else if (w < 0.75) funnel.window = pick([{ value: 3, unit: 'hour' }, { value: 1, unit: 'day' }, { value: 360, unit: 'minute' }] as const);
  if (nSteps >= 2 && r() < 0.45) {
    const from = order === 'unordered' ? 1 : 1 + Math.floor(r() * (nSteps - 1));
    const to = order === 'unordered' ? nSteps : from + 1 + Math.floor(r() * (nSteps - from));
    funnel.exclusions = [{ event: pick(['x', 'd']), from_step: from, to_step: to }];
  }
  if (r() < 0.6) {
    funnel.breakdown = pick(['channel', 'n', 'revenue']);
    funnel.attribution = pick(['first_touch', 'last_touch', { step: 1 + Math.floor(r() * nSteps) }] as const);
    if (r() < 0.4) funnel.breakdown_limit = 1 + Math.floor(r() * 3);
  }
  const out: ReturnType<typeof makeSpec> = { funnel };
  if (r() < 0.2) out.filters = [{ column: 'channel', op: 'not_in', values: ['social'] }];
  if (r() < 0.25) out.range = RANGE;
  // Drawn last, so the cases above stay what they were before this extension (docs/FUNNELS.md).
  const im = r();
  if (im < 0.2) funnel.immature = 'include';
  else if (im < 0.4) funnel.immature = 'exclude';
  return out;
}

/**
 * Order ids for some cases, drawn from a generator of their own so that every case above stays what
 * it was: per row, no order (a third of the rows) or one of two ids, so rows of one user and event
 * often share an order (multi-line orders, lines at one instant and hours apart). Returns whether
 * the case maps the order column; the ids are in the table either way.
 */
export function addOrders(seed: number, events: RefEvent[]): boolean {
  const r = rng(seed * 7919 + 13);
  const orders = r() < 0.35;
  for (const e of events) {
    const x = r();
    e.props.order_id = x < 0.33 ? null : x < 0.66 ? 'o1' : 'o2';
  }
  return orders;
}
