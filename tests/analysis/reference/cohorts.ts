/**
 * An independent, per-user implementation of docs/COHORTS.md in plain loops, for the
 * differential and real-data tests. Imports nothing from src/lib (the calendar and step helpers
 * come from the retention reference, which is equally independent).
 */
import { refCounted, refFilterPasses, refLabel, refPeriod, refStepMatches, refText, type RefEvent, type RefFilter, type RefPeriod, type RefStep } from './retention';

export interface RefCohortsSpec {
  filters?: RefFilter[];
  range?: { from?: number; to?: number };
  period?: RefPeriod;
  week_start?: 'monday' | 'sunday';
  periods?: number;
  by?: string;
  activity?: RefStep;
  purchase?: RefStep;
  /** An order column is mapped: every metric reads occurrences (docs/ORDERS.md). */
  orders?: boolean;
}

export interface RefCohortRow {
  cohort: string | null;
  size: number;
  eligible: number[];
  users: (number | null)[];
  retention: (number | null)[];
  revenue: (number | null)[];
  cumulative_revenue_per_user: (number | null)[];
  orders_per_user: (number | null)[];
  repeat_purchase_rate: (number | null)[];
}

interface Acc {
  size: number;
  eligible: number[];
  users: number[];
  revenue: number[];
  cumRevenue: number[];
  orders: number[];
  repeaters: number[];
}

/** Rows per cohort key (in first-seen order; the caller sorts) plus the all-users total. */
export function refCohorts(events: RefEvent[], spec: RefCohortsSpec): { cohorts: RefCohortRow[]; total: RefCohortRow } {
  const period = spec.period ?? 'month';
  const ws = spec.week_start ?? 'monday';
  const N = spec.periods ?? 12;
  const P = (ms: number) => refPeriod(ms, period, ws);
  const rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  const empty = (): Acc => ({ size: 0, eligible: Array(N + 1).fill(0), users: Array(N + 1).fill(0), revenue: Array(N + 1).fill(0), cumRevenue: Array(N + 1).fill(0), orders: Array(N + 1).fill(0), repeaters: Array(N + 1).fill(0) });
  const groups = new Map<string | null, Acc>();
  const total = empty();
  if (rows.length > 0) {
    const lastP = rows.reduce((m, e) => Math.max(m, P(e.ts)), -Infinity);
    const inRange = (ms: number) => (spec.range?.from === undefined || ms >= spec.range.from) && (spec.range?.to === undefined || ms < spec.range.to);
    const isAct = (e: RefEvent) => (spec.activity ? refStepMatches(e, spec.activity) : true);
    const isPur = (e: RefEvent) => (spec.purchase ? refStepMatches(e, spec.purchase) : e.revenue != null || e.order_id != null);
    // The last period with data is the last row's; everything else reads occurrences.
    const byUser = new Map<string, RefEvent[]>();
    for (const e of refCounted(rows, spec.orders)) {
      if (!byUser.has(e.user_id)) byUser.set(e.user_id, []);
      byUser.get(e.user_id)!.push(e);
    }
    for (const evs of byUser.values()) {
      evs.sort((x, y) => x.ts - y.ts || x.row_id - y.row_id);
      const first = evs.find(isAct);
      if (!first || !inRange(first.ts)) continue;
      const a = P(first.ts);
      const key = spec.by === undefined ? refLabel(a, period, ws) : refText(first[spec.by]);
      if (!groups.has(key)) groups.set(key, empty());
      // Orders: first purchase row of each order id; rows without one are orders of their own.
      const orderPeriods = new Map<string, number>();
      evs.filter(isPur).forEach((e, i) => {
        const id = e.order_id == null ? `row ${i}` : `id ${String(e.order_id)}`;
        if (!orderPeriods.has(id)) orderPeriods.set(id, P(e.ts)); // events are in time order
      });
      const ordersSorted = [...orderPeriods.values()].filter((p) => p >= a).sort((x, y) => x - y);
      for (const acc of [groups.get(key)!, total]) {
        acc.size++;
        let cum = 0;
        for (let n = 0; n <= N && a + n <= lastP; n++) {
          const inN = evs.filter((e) => P(e.ts) === a + n);
          const rev = inN.filter(isPur).reduce((s, e) => s + ((e.revenue as number | null) ?? 0), 0);
          cum += rev;
          acc.eligible[n]++;
          if (inN.some(isAct)) acc.users[n]++;
          acc.revenue[n] += rev;
          acc.cumRevenue[n] += cum;
          acc.orders[n] += ordersSorted.filter((p) => p === a + n).length;
          if (ordersSorted.length >= 2 && ordersSorted[1] <= a + n) acc.repeaters[n]++;
        }
      }
    }
  }
  const out = (cohort: string | null, g: Acc): RefCohortRow => {
    const per = (xs: number[]) => xs.map((x, n) => (g.eligible[n] === 0 ? null : x / g.eligible[n]));
    return {
      cohort,
      size: g.size,
      eligible: g.eligible,
      users: g.users.map((x, n) => (g.eligible[n] === 0 ? null : x)),
      retention: per(g.users),
      revenue: g.revenue.map((x, n) => (g.eligible[n] === 0 ? null : x)),
      cumulative_revenue_per_user: per(g.cumRevenue),
      orders_per_user: per(g.orders),
      repeat_purchase_rate: per(g.repeaters)
    };
  };
  return { cohorts: [...groups].map(([k, g]) => out(k, g)), total: out(null, total) };
}
