/**
 * An independent, per-user implementation of docs/SPEC.md's paths in plain loops, for the
 * differential test. Only the filter and step matching come from the retention reference (also
 * written from the contract's text); nothing from src/lib.
 */
import { refFilterPasses, refStepMatches, type RefEvent, type RefFilter, type RefStep } from './retention';

export interface RefPathsSpec {
  filters?: RefFilter[];
  /** UTC epoch milliseconds, from inclusive, to exclusive. */
  range?: { from?: number; to?: number };
  /** Whether `order_id` is mapped: then rows of one user, event and non-null order are one occurrence. */
  orders?: boolean;
  start?: RefStep;
  end?: RefStep;
  depth: number;
  limit: number;
  level: 'event' | 'stage';
  collapse_repeats: boolean;
  /** Milliseconds; null: no cut. */
  session_gap: number | null;
}

type Name = string | null;

export interface RefPathsResult {
  kind: 'paths';
  users: number;
  nodes: { position: number; name: Name; users: number }[];
  links: { position: number; source: Name; target: Name; users: number }[];
  ended: { position: number; users: number }[];
}

/** Code-point order (JS `<` compares UTF-16 units, which differs past U+FFFF), null after every text. */
export function refCompareNames(a: Name, b: Name): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const byTime = (x: RefEvent, y: RefEvent) => x.ts - y.ts || x.row_id - y.row_id;

/** The occurrences (contract: Orders) of the rows that pass the filters. */
function occurrences(events: RefEvent[], spec: RefPathsSpec): RefEvent[] {
  const rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  if (!spec.orders) return rows;
  const first = new Map<string, RefEvent>();
  const out: RefEvent[] = [];
  for (const e of rows) {
    if (e.order_id === null || e.order_id === undefined) {
      out.push(e);
      continue;
    }
    const key = JSON.stringify([e.user_id, e.event, e.order_id]);
    const seen = first.get(key);
    if (!seen || byTime(e, seen) < 0) first.set(key, e);
  }
  return [...out, ...first.values()];
}

/** Each user's path (names from position 1), for users with an anchor inside `range`. */
export function refUserPaths(events: RefEvent[], spec: RefPathsSpec): Map<string, Name[]> {
  const anchorStep = (spec.start ?? spec.end)!;
  const forward = spec.start !== undefined;
  const inRange = (ms: number) => (spec.range?.from === undefined || ms >= spec.range.from) && (spec.range?.to === undefined || ms < spec.range.to);
  const nameOf = (e: RefEvent): Name => (spec.level === 'stage' ? (e.stage as Name) : e.event);

  const byUser = new Map<string, RefEvent[]>();
  for (const e of occurrences(events, spec)) {
    if (spec.level === 'stage' && (e.stage === null || e.stage === undefined)) continue;
    if (!byUser.has(e.user_id)) byUser.set(e.user_id, []);
    byUser.get(e.user_id)!.push(e);
  }
  const out = new Map<string, Name[]>();
  for (const [user, evs] of byUser) {
    evs.sort(byTime);
    const at = evs.findIndex((e) => refStepMatches(e, anchorStep) && inRange(e.ts));
    if (at < 0) continue;
    const seq = forward ? evs.slice(at) : evs.slice(0, at + 1).reverse();
    const names: Name[] = [];
    for (let i = 0; i < seq.length; i++) {
      if (i > 0 && spec.session_gap !== null && Math.abs(seq[i].ts - seq[i - 1].ts) > spec.session_gap) break;
      const n = nameOf(seq[i]);
      if (spec.collapse_repeats && names.length > 0 && names[names.length - 1] === n) continue;
      names.push(n);
    }
    out.set(user, names.slice(0, spec.depth));
  }
  return out;
}

export function refPaths(events: RefEvent[], spec: RefPathsSpec): RefPathsResult {
  const paths = [...refUserPaths(events, spec).values()];
  // Which names stay at each position: the `limit` with most users (position 1 keeps all).
  const kept = new Map<number, Set<Name>>();
  for (let k = 2; k <= spec.depth; k++) {
    const counts = new Map<Name, number>();
    for (const p of paths) if (p.length >= k) counts.set(p[k - 1], (counts.get(p[k - 1]) ?? 0) + 1);
    const ranked = [...counts].sort((x, y) => y[1] - x[1] || refCompareNames(x[0], y[0]));
    kept.set(k, new Set(ranked.slice(0, spec.limit).map(([n]) => n)));
  }
  const folded = paths.map((p) => p.map((n, i) => (i === 0 || kept.get(i + 1)!.has(n) ? n : 'Other')));

  const nodes = new Map<string, { position: number; name: Name; users: number }>();
  const links = new Map<string, { position: number; source: Name; target: Name; users: number }>();
  const ended = new Map<number, number>();
  for (const p of folded) {
    p.forEach((n, i) => {
      const key = JSON.stringify([i + 1, n]);
      nodes.set(key, { position: i + 1, name: n, users: (nodes.get(key)?.users ?? 0) + 1 });
      if (i + 1 < p.length) {
        const lk = JSON.stringify([i + 1, n, p[i + 1]]);
        links.set(lk, { position: i + 1, source: n, target: p[i + 1], users: (links.get(lk)?.users ?? 0) + 1 });
      }
    });
    if (p.length < spec.depth) ended.set(p.length + 1, (ended.get(p.length + 1) ?? 0) + 1);
  }
  return {
    kind: 'paths',
    users: paths.length,
    nodes: [...nodes.values()].sort((x, y) => x.position - y.position || y.users - x.users || refCompareNames(x.name, y.name)),
    links: [...links.values()].sort(
      (x, y) => x.position - y.position || y.users - x.users || refCompareNames(x.source, y.source) || refCompareNames(x.target, y.target)
    ),
    ended: [...ended].sort((x, y) => x[0] - y[0]).map(([position, users]) => ({ position, users }))
  };
}
