import { maxOf, minOf } from '../extremes';

/**
 * Bins of the time-to-convert histogram. Conversion times spread over orders of magnitude (seconds
 * for a click, days for a purchase), so the default bins follow a ladder of round durations, each
 * 1.4–2.5× the one before: readable edges ("5 min", "1 d") on a log-like axis. When nearly all
 * users fall into one or two rungs, the ladder says little, and even bins over [min, max] are used.
 */
export const LADDER: readonly number[] = [
  0, 1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800,
  3600, 7200, 10800, 21600, 43200,
  86400, 172800, 259200, 432000, 604800, 1209600, 2592000, 5184000, 7776000, 15552000,
  31536000, 63072000, 157680000
];

export interface Bin {
  from_seconds: number;
  /** Exclusive; null for the ladder's last, open-ended bin. */
  to_seconds: number | null;
  users: number;
}

/**
 * Bins `i` of `edges` as the SQL counts them (edges[i] ≤ s < edges[i+1], the last open), kept from
 * the first to the last non-empty one so that gaps show as empty bars.
 */
export function binsFromCounts(edges: readonly number[], counts: Map<number, number>, open: boolean): Bin[] {
  const used = [...counts.keys()].filter((i) => (counts.get(i) ?? 0) > 0);
  if (used.length === 0) return [];
  const first = minOf(used);
  const last = maxOf(used);
  const out: Bin[] = [];
  for (let i = first; i <= last; i++) {
    const to = i + 1 < edges.length ? edges[i + 1] : open ? null : edges[i];
    out.push({ from_seconds: edges[i], to_seconds: to, users: counts.get(i) ?? 0 });
  }
  return out;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `target` bins over `span`. */
export function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/**
 * Even edges covering [lo, hi] with a nice step; the last edge is above `hi`, so every value
 * falls in a closed bin. Edges are multiples of the step (computed from integers, so the page
 * and the SQL see the same numbers).
 */
export function linearEdges(lo: number, hi: number, target = 10): number[] {
  const step = niceStep(hi - lo, target);
  const start = Math.floor(lo / step);
  const edges: number[] = [];
  for (let i = start; ; i++) {
    const e = Number((i * step).toPrecision(12));
    edges.push(e);
    if (e > hi) break;
  }
  return edges;
}

/** The ladder tells little when all users sit in at most two of its rungs (and times differ). */
export function wantsLinear(counts: Map<number, number>, lo: number, hi: number): boolean {
  return [...counts.values()].filter((c) => c > 0).length <= 2 && hi > lo;
}
