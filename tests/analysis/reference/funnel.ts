/**
 * An independent, deliberately naive funnel: plain loops over plain rows, written from
 * docs/SPEC.md ("Funnel") alone. It imports nothing from src/lib, so a shared mistake would have to
 * be made twice. Times are epoch microseconds (exact in a double up to year 2255).
 */
import { refOccurrences } from './occurrences';

export interface RefEvent {
  row_id: number;
  user_id: string;
  us: number;
  event: string | null;
  props: Record<string, string | number | null>;
}

export interface RefFilter {
  column: string;
  op: string;
  values?: (string | number | boolean)[];
}

export interface RefStep {
  event?: string;
  events?: string[];
  where?: RefFilter[];
  label?: string;
}

export interface RefExclusion extends RefStep {
  from_step: number;
  to_step: number;
}

export interface RefFunnel {
  steps: RefStep[];
  order?: 'ordered' | 'strict' | 'unordered';
  window?: { value: number; unit: 'second' | 'minute' | 'hour' | 'day' | 'week' } | null;
  breakdown?: string;
  attribution?: 'first_touch' | 'last_touch' | { step: number };
  breakdown_limit?: number;
  exclusions?: RefExclusion[];
  /** docs/FUNNELS.md: users still converting marked (`include`) or left out (`exclude`). */
  immature?: 'include' | 'exclude';
}

export interface RefInput {
  events: RefEvent[];
  /** Columns holding numbers (numeric comparisons apply to them). */
  numeric: Set<string>;
  filters?: RefFilter[];
  range?: { fromUs?: number; toUs?: number };
  funnel: RefFunnel;
  /** An order column is mapped (`props.order_id`): the funnel sees occurrences (contract: Orders). */
  orders?: boolean;
}

export interface RefStepResult {
  step: number;
  label: string;
  users: number;
  conversion: number;
  step_conversion: number;
  avg_seconds: number | null;
  median_seconds: number | null;
  still_converting?: number;
}

export interface RefResult {
  steps: RefStepResult[];
  breakdown?: { value: string | null; steps: RefStepResult[] }[];
}

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

function get(e: RefEvent, column: string): string | number | null {
  if (column === 'event') return e.event;
  if (column === 'user' || column === 'user_id') return e.user_id;
  const v = e.props[column];
  return v === undefined ? null : v;
}

function text(v: string | number | null): string | null {
  if (v === null) return null;
  return typeof v === 'number' ? String(v) : v;
}

function passes(e: RefEvent, f: RefFilter, numeric: Set<string>): boolean {
  const v = get(e, f.column);
  if (f.op === 'is_null') return v === null;
  if (f.op === 'not_null') return v !== null;
  if (v === null) return false;
  const vals = f.values ?? [];
  const asNumbers = numeric.has(f.column) && vals.every((x) => typeof x === 'number');
  const lhs: string | number = asNumbers ? (v as number) : (text(v) as string);
  const rhs = vals.map((x) => (asNumbers ? x : typeof x === 'string' ? x : String(x))) as (string | number)[];
  switch (f.op) {
    case '=': return lhs === rhs[0];
    case '!=': return lhs !== rhs[0];
    case '<': return lhs < rhs[0];
    case '<=': return lhs <= rhs[0];
    case '>': return lhs > rhs[0];
    case '>=': return lhs >= rhs[0];
    case 'in': return rhs.includes(lhs);
    case 'not_in': return !rhs.includes(lhs);
    case 'contains': return rhs.some((r) => (lhs as string).includes(r as string));
    case 'not_contains': return rhs.every((r) => !(lhs as string).includes(r as string));
    case 'starts_with': return rhs.some((r) => (lhs as string).startsWith(r as string));
    default: throw new Error(`reference: operator ${f.op} not implemented`);
  }
}

function matches(e: RefEvent, s: RefStep, numeric: Set<string>): boolean {
  const names = s.events ?? (s.event !== undefined ? [s.event] : []);
  if (!names.includes('*') && (e.event === null || !names.includes(e.event))) return false;
  return (s.where ?? []).every((f) => passes(e, f, numeric));
}

function before(a: RefEvent, b: RefEvent): boolean {
  return a.us < b.us || (a.us === b.us && a.row_id < b.row_id);
}

interface Attempt {
  startUs: number;
  startRow: number;
  chain: RefEvent[];
}

/** Size of a maximum matching between events and the steps each can fill (Kuhn's algorithm). */
function maxMatching(canFill: boolean[][], nSteps: number): number {
  const stepOwner: number[] = new Array(nSteps).fill(-1);
  const tryEvent = (ev: number, seen: boolean[]): boolean => {
    for (let s = 0; s < nSteps; s++) {
      if (!canFill[ev][s] || seen[s]) continue;
      seen[s] = true;
      if (stepOwner[s] === -1 || tryEvent(stepOwner[s], seen)) {
        stepOwner[s] = ev;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let ev = 0; ev < canFill.length; ev++) if (tryEvent(ev, new Array(nSteps).fill(false))) size++;
  return size;
}

export function referenceFunnel(input: RefInput): RefResult {
  const f = input.funnel;
  const n = f.steps.length;
  const order = f.order ?? 'ordered';
  const win = f.window === undefined ? 14 * 86400e6 : f.window === null ? Infinity : f.window.value * UNIT_SECONDS[f.window.unit] * 1e6;
  const from = input.range?.fromUs ?? -Infinity;
  const to = input.range?.toUs ?? Infinity;
  const inRange = (us: number) => us >= from && us < to;

  const filtered = input.events.filter((e) => (input.filters ?? []).every((x) => passes(e, x, input.numeric)));
  // docs/FUNNELS.md: the end of the data is the last time among the filtered rows (docs/ORDERS.md:
  // the rows, every line of an order included).
  let dataEnd = -Infinity;
  for (const e of filtered) dataEnd = Math.max(dataEnd, e.us);
  const occurrences = !input.orders
    ? filtered
    : refOccurrences(filtered, {
        user: (e) => e.user_id,
        event: (e) => e.event,
        order: (e) => e.props.order_id,
        time: (e) => e.us,
        row: (e) => e.row_id,
        revenue: (e) => e.props.revenue,
        withRevenue: (e, revenue) => ({ ...e, props: { ...e.props, revenue } })
      });
  const byUser = new Map<string, RefEvent[]>();
  for (const e of occurrences) {
    if (!byUser.has(e.user_id)) byUser.set(e.user_id, []);
    byUser.get(e.user_id)!.push(e);
  }

  interface Counted { reached: number; chain: RefEvent[]; pending: boolean }
  const counted: Counted[] = [];
  for (const evs of byUser.values()) {
    evs.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    const m = evs.map((e) => f.steps.map((s) => matches(e, s, input.numeric)));
    const attempts: Attempt[] = [];
    if (order === 'unordered') {
      const starts: number[] = [];
      evs.forEach((e, i) => {
        if (m[i].some(Boolean) && inRange(e.us) && !starts.includes(e.us)) starts.push(e.us);
      });
      for (const t0 of starts) {
        const joined: number[] = [];
        for (let i = 0; i < evs.length && joined.length < n; i++) {
          if (evs[i].us < t0 || evs[i].us > t0 + win || !m[i].some(Boolean)) continue;
          const with_ = [...joined, i];
          if (maxMatching(with_.map((j) => m[j]), n) > joined.length) joined.push(i);
        }
        attempts.push({ startUs: t0, startRow: evs[joined[0]].row_id, chain: joined.map((j) => evs[j]) });
      }
    } else {
      evs.forEach((e1, i1) => {
        if (!m[i1][0] || !inRange(e1.us)) return;
        const chain = [e1];
        const used = new Set([i1]);
        for (let k = 1; k < n; k++) {
          const prev = chain[k - 1];
          let pick = -1;
          for (let i = 0; i < evs.length; i++) {
            const e = evs[i];
            if (used.has(i) || !m[i][k] || e.us < prev.us || e.us > e1.us + win) continue;
            if (pick === -1 || before(e, evs[pick])) pick = i;
          }
          if (pick === -1) break;
          if (order === 'strict' && evs.some((e) => e.us > prev.us && e.us < evs[pick].us)) break;
          used.add(pick);
          chain.push(evs[pick]);
        }
        attempts.push({ startUs: e1.us, startRow: e1.row_id, chain });
      });
    }

    const live = attempts.filter((a) => {
      for (const x of f.exclusions ?? []) {
        if (a.chain.length < x.from_step) continue;
        const tFrom = a.chain[x.from_step - 1].us;
        const reachedTo = a.chain.length >= x.to_step;
        const upper = reachedTo ? a.chain[x.to_step - 1].us : a.chain[0].us + win;
        const hit = evs.some((e) => matches(e, x, input.numeric) && e.us > tFrom && (reachedTo ? e.us < upper : e.us <= upper));
        if (hit) return false;
      }
      return true;
    });
    if (live.length === 0) continue;
    let best = live[0];
    for (const a of live) {
      const longer = a.chain.length > best.chain.length;
      const earlier = a.chain.length === best.chain.length && (a.startUs < best.startUs || (a.startUs === best.startUs && a.startRow < best.startRow));
      if (longer || earlier) best = a;
    }
    // Still converting: not complete, and some live attempt's window outlasts the data. With no
    // window nothing is marked (it would be every incomplete user).
    const pending = f.immature !== undefined && win !== Infinity && best.chain.length < n && live.some((a) => a.startUs + win > dataEnd);
    counted.push({ reached: best.chain.length, chain: best.chain, pending });
  }

  const labels = f.steps.map((s) => {
    if (s.label !== undefined) return s.label;
    const names = s.events ?? [s.event as string];
    return names.map((x) => (x === '*' ? 'any event' : x)).join(', ');
  });
  const stepsOf = (all: Counted[]): RefStepResult[] => {
    const users = f.immature === 'exclude' ? all.filter((u) => !u.pending) : all;
    const out: RefStepResult[] = [];
    for (let k = 1; k <= n; k++) {
      const at = users.filter((u) => u.reached >= k);
      const secs = k === 1 ? [] : at.map((u) => (u.chain[k - 1].us - u.chain[k - 2].us) / 1e6).sort((a, b) => a - b);
      const first = users.filter((u) => u.reached >= 1).length;
      const prev = k === 1 ? at.length : users.filter((u) => u.reached >= k - 1).length;
      const mid = Math.floor(secs.length / 2);
      out.push({
        step: k,
        label: labels[k - 1],
        users: at.length,
        conversion: first === 0 ? 0 : at.length / first,
        step_conversion: prev === 0 ? 0 : at.length / prev,
        avg_seconds: secs.length === 0 ? null : secs.reduce((a, b) => a + b, 0) / secs.length,
        median_seconds: secs.length === 0 ? null : secs.length % 2 ? secs[mid] : (secs[mid - 1] + secs[mid]) / 2,
        ...(f.immature === undefined ? {} : { still_converting: all.filter((u) => u.pending && u.reached === k).length })
      });
    }
    return out;
  };

  const result: RefResult = { steps: stepsOf(counted) };
  if (f.breakdown !== undefined) {
    const col = f.breakdown;
    const attr = f.attribution ?? 'first_touch';
    const valueOf = (u: Counted): string | null => {
      const vals = u.chain.map((e) => text(get(e, col)));
      if (attr === 'first_touch') return vals.find((v) => v !== null) ?? null;
      if (attr === 'last_touch') return [...vals].reverse().find((v) => v !== null) ?? null;
      return vals[attr.step - 1] ?? null;
    };
    const groups = new Map<string | null, Counted[]>();
    for (const u of counted) {
      const v = valueOf(u);
      if (!groups.has(v)) groups.set(v, []);
      groups.get(v)!.push(u);
    }
    // Groups rank on the users they count (under `exclude`, without those still converting).
    const size = (us: Counted[]) => us.filter((u) => f.immature !== 'exclude' || !u.pending).length;
    const rank = (entries: [string | null, Counted[]][]) =>
      entries.sort((a, b) => {
        if (size(a[1]) !== size(b[1])) return size(b[1]) - size(a[1]);
        if (a[0] === null) return 1;
        if (b[0] === null) return -1;
        return codePointCompare(a[0], b[0]);
      });
    let ranked = rank([...groups.entries()]);
    const limit = f.breakdown_limit ?? 25;
    if (ranked.length > limit) {
      const kept = ranked.slice(0, limit);
      const rest = ranked.slice(limit).flatMap((g) => g[1]);
      // A kept value that is itself "Other" joins the fold: one group per name.
      const merged = new Map<string | null, Counted[]>(kept);
      merged.set('Other', [...(merged.get('Other') ?? []), ...rest]);
      ranked = rank([...merged.entries()]);
    }
    result.breakdown = ranked.map(([value, users]) => ({ value, steps: stepsOf(users) }));
  }
  return result;
}

function codePointCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
