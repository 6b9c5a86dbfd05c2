import { refFilterPasses, refPeriod, refLabel, type RefEvent, type RefFilter, type RefPeriod } from './retention';

/**
 * Plain-loop versions of the rules lifecycle, stickiness and engagement share (docs/ENGAGEMENT.md,
 * "Rules shared by the three kinds"), written from the doc's text: filters, occurrences (rows of
 * one order count once) and the reported periods. Imports nothing from src/lib.
 */
export interface RefSpanSpec {
  filters?: RefFilter[];
  /** Epoch milliseconds, from inclusive, to exclusive. */
  range?: { from?: number; to?: number };
  period?: RefPeriod;
  week_start?: 'monday' | 'sunday';
  periods?: number;
  /** The spec maps an order column: rows of one user, event and order id are one occurrence. */
  orders?: boolean;
}

export const DAY = 86_400_000;

/** Filtered rows, then occurrences: the earliest row (time, then input order) of each order stands for it. */
export function refOccurrences(events: RefEvent[], spec: RefSpanSpec): { rows: RefEvent[]; occ: RefEvent[] } {
  const rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  if (!spec.orders) return { rows, occ: rows };
  const groups = new Map<string, RefEvent[]>();
  const occ: RefEvent[] = [];
  for (const e of rows) {
    if (e.order_id === null || e.order_id === undefined) occ.push(e);
    else {
      const k = JSON.stringify([e.user_id, e.event, e.order_id]);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(e);
    }
  }
  for (const g of groups.values()) {
    g.sort((x, y) => x.ts - y.ts || x.row_id - y.row_id);
    const revs = g.map((e) => e.revenue).filter((r) => r !== null && r !== undefined) as number[];
    occ.push({ ...g[0], revenue: revs.length ? revs.reduce((s, r) => s + r, 0) : null });
  }
  return { rows, occ };
}

export interface RefSpan {
  /** Reported periods, first and last (null when nothing is reported). */
  s: number | null;
  e: number | null;
  /** The period of the last filtered row. */
  lastP: number;
  /** Epoch ms of the last filtered row. */
  lastTs: number;
  P: (ms: number) => number;
  label: (p: number) => string;
  /** Index of the period holding the last row among the reported ones, else null. */
  incompleteFrom: number | null;
}

export function refSpan(rows: RefEvent[], acts: RefEvent[], spec: RefSpanSpec, defaultPeriod: RefPeriod): RefSpan {
  const period = spec.period ?? defaultPeriod;
  const ws = spec.week_start ?? 'monday';
  const P = (ms: number) => refPeriod(ms, period, ws);
  const label = (p: number) => refLabel(p, period, ws);
  const lastTs = Math.max(...rows.map((r) => r.ts));
  const lastP = P(lastTs);
  const inRange = acts.filter((a) => (spec.range?.from === undefined || a.ts >= spec.range.from) && (spec.range?.to === undefined || a.ts < spec.range.to));
  if (inRange.length === 0) return { s: null, e: null, lastP, lastTs, P, label, incompleteFrom: null };
  const ps = inRange.map((a) => P(a.ts));
  const e = Math.max(...ps);
  const s = Math.max(Math.min(...ps), e - (spec.periods ?? 12) + 1);
  return { s, e, lastP, lastTs, P, label, incompleteFrom: lastP >= s && lastP <= e ? lastP - s : null };
}

/** Day index (days since 1970-01-01) of an ISO date. */
export function dayOf(iso: string): number {
  return Date.parse(iso + 'T00:00:00Z') / DAY;
}
