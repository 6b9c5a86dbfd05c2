/**
 * docs/SPEC.md "Orders" written again in plain loops for the reference implementations (it imports
 * nothing from src/lib): rows of one user with the same event name and the same non-null order
 * value are one occurrence, at the earliest of their times (the earlier row on a tie), with that
 * row's properties and the sum of their revenue (null when none of them has one). A row with a
 * null order is an occurrence of its own. Rows come in already filtered.
 */
export interface OccurrenceAccess<T> {
  user: (e: T) => string;
  event: (e: T) => string | null;
  order: (e: T) => unknown;
  time: (e: T) => number;
  row: (e: T) => number;
  revenue: (e: T) => unknown;
  /** A copy of `e` with its revenue replaced. */
  withRevenue: (e: T, revenue: number | null) => T;
}

export function refOccurrences<T>(rows: readonly T[], at: OccurrenceAccess<T>): T[] {
  const out: T[] = [];
  const orders = new Map<string, T[]>();
  for (const e of rows) {
    const order = at.order(e);
    if (order === null || order === undefined) {
      out.push(e);
      continue;
    }
    const key = JSON.stringify([at.user(e), at.event(e), String(order)]);
    if (!orders.has(key)) orders.set(key, []);
    orders.get(key)!.push(e);
  }
  for (const lines of orders.values()) {
    let first = lines[0];
    for (const e of lines) {
      if (at.time(e) < at.time(first) || (at.time(e) === at.time(first) && at.row(e) < at.row(first))) first = e;
    }
    const revenues = lines.map(at.revenue).filter((r): r is number => typeof r === 'number');
    out.push(at.withRevenue(first, revenues.length === 0 ? null : revenues.reduce((a, b) => a + b, 0)));
  }
  return out;
}
