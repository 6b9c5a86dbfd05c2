/**
 * An independent, per-user implementation of docs/SPEC.md's KPIs (with docs/KPIS.md's decisions)
 * in plain loops, for the differential and real-data tests. Imports nothing from src/lib: the
 * occurrences, the ranking and the fold are written again here from the contract's text.
 */
import { refStepMatches, refText, type RefEvent, type RefFilter, type RefStep, refFilterPasses } from './retention';

export interface RefSpendRow {
  /** UTC epoch milliseconds. */
  ts: number;
  amount: number | null;
  value: string | null;
}

export interface RefKpisSpec {
  filters?: RefFilter[];
  /** UTC epoch milliseconds. */
  range?: { from?: number; to?: number };
  purchase: RefStep;
  breakdown?: string;
  limit?: number;
  compare?: boolean;
  /** An order column is mapped: rows of one user, event and order are one occurrence. */
  orders: boolean;
  /** A revenue role is mapped. */
  revenue: boolean;
  /** Spend rows; `byValue` false when the spend file has no channel/campaign column. */
  spend?: { rows: RefSpendRow[]; byValue: boolean };
}

export interface RefFigures {
  users: number;
  purchasers: number;
  conversion: number | null;
  orders: number;
  revenue: number | null;
  aov: number | null;
  revenue_per_user: number | null;
  repeat_rate: number | null;
  spend?: number | null;
  cpa?: number | null;
  roas?: number | null;
  previous?: RefFigures;
}

export interface RefKpis {
  kind: 'kpis';
  total: RefFigures;
  breakdown?: ({ value: string | null } & RefFigures)[];
}

function codePoints(x: string | null, y: string | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  const a = Array.from(x, (c) => c.codePointAt(0)!);
  const b = Array.from(y, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Lines of one (user, event, order) become one occurrence: the earliest line, revenue summed. */
function occurrences(rows: RefEvent[], orders: boolean): RefEvent[] {
  if (!orders) return rows;
  const byKey = new Map<string, RefEvent[]>();
  const out: RefEvent[] = [];
  for (const e of rows) {
    const order = e.order_id as string | null | undefined;
    if (order === null || order === undefined) {
      out.push(e);
      continue;
    }
    const key = JSON.stringify([e.user_id, e.event, order]);
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  for (const lines of byKey.values()) {
    const first = [...lines].sort((a, b) => a.ts - b.ts || a.row_id - b.row_id)[0];
    const revs = lines.map((l) => l.revenue as number | null).filter((r) => r !== null && r !== undefined);
    out.push({ ...first, revenue: revs.length ? revs.reduce((s, r) => s + r, 0) : null });
  }
  return out;
}

interface UserInPeriod {
  value: string | null;
  orders: number;
  revenue: number;
}

function inside(ts: number, r: { from?: number; to?: number }): boolean {
  return (r.from === undefined || ts >= r.from) && (r.to === undefined || ts < r.to);
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export function refKpis(events: RefEvent[], spec: RefKpisSpec): RefKpis {
  const rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  const occ = occurrences(rows, spec.orders);
  const current = spec.range ?? {};
  const periods = [current];
  if (spec.compare) {
    const len = current.to! - current.from!;
    periods.push({ from: current.from! - len, to: current.from });
  }

  // Per period: each user's group value, orders and revenue.
  const users = periods.map((p) => {
    const mine = new Map<string, RefEvent[]>();
    for (const e of occ) if (inside(e.ts, p)) mine.set(e.user_id, [...(mine.get(e.user_id) ?? []), e]);
    const out = new Map<string, UserInPeriod>();
    for (const [u, list] of mine) {
      list.sort((a, b) => a.ts - b.ts || a.row_id - b.row_id);
      const bought = list.filter((e) => refStepMatches(e, spec.purchase));
      out.set(u, {
        value: spec.breakdown === undefined ? null : refText(list[0][spec.breakdown]),
        orders: bought.length,
        revenue: bought.reduce((s, e) => s + ((e.revenue as number | null) ?? 0), 0)
      });
    }
    return out;
  });
  const spendIn = periods.map((p) => (spec.spend?.rows ?? []).filter((s) => inside(s.ts, p)));

  // Groups: every value of either period, ranked by current users, folded past the limit.
  const limit = spec.limit ?? 25;
  const currentUsers = new Map<string | null, number>();
  for (const m of users) for (const u of m.values()) if (!currentUsers.has(u.value)) currentUsers.set(u.value, 0);
  for (const u of users[0].values()) currentUsers.set(u.value, currentUsers.get(u.value)! + 1);
  const ranked = [...currentUsers].sort((a, b) => b[1] - a[1] || codePoints(a[0], b[0])).map(([v]) => v);
  const groupOf = new Map<string | null, string | null>(ranked.map((v, i) => [v, ranked.length > limit && i >= limit ? 'Other' : v]));

  const figures = (period: number, group: string | null | undefined): RefFigures => {
    const members = [...users[period].values()].filter((u) => group === undefined || groupOf.get(u.value) === group);
    const purchasers = members.filter((u) => u.orders > 0).length;
    const orders = members.reduce((s, u) => s + u.orders, 0);
    const revenue = spec.revenue ? members.reduce((s, u) => s + u.revenue, 0) : null;
    const f: RefFigures = {
      users: members.length,
      purchasers,
      conversion: ratio(purchasers, members.length),
      orders,
      revenue,
      aov: ratio(revenue, orders),
      revenue_per_user: ratio(revenue, members.length),
      repeat_rate: ratio(members.filter((u) => u.orders >= 2).length, purchasers)
    };
    if (spec.spend) {
      let spend: number | null = null;
      if (group === undefined || spec.spend.byValue) {
        const mine = spendIn[period].filter((s) => group === undefined || (s.value !== null && groupOf.has(s.value) && groupOf.get(s.value) === group));
        spend = mine.reduce((s, r) => s + (r.amount ?? 0), 0);
      }
      f.spend = spend;
      f.cpa = ratio(spend, purchasers);
      f.roas = ratio(revenue, spend);
    }
    return f;
  };
  const set = (group: string | null | undefined): RefFigures => {
    const f = figures(0, group);
    if (spec.compare) f.previous = figures(1, group);
    return f;
  };

  const out: RefKpis = { kind: 'kpis', total: set(undefined) };
  if (spec.breakdown !== undefined) {
    const groups = [...new Set(groupOf.values())];
    out.breakdown = groups
      .map((g) => ({ value: g, ...set(g) }))
      .sort((a, b) => b.users - a.users || codePoints(a.value, b.value));
  }
  return out;
}
