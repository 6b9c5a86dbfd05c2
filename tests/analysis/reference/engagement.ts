import { DAY, dayOf, refOccurrences, refSpan, type RefSpanSpec } from './engagement-span';
import { refStepMatches, type RefEvent, type RefStep } from './retention';

/**
 * docs/ENGAGEMENT.md "Engagement levels" in plain loops: every measure of every placed user is
 * recomputed from their occurrences for each period (no running sums, no joins).
 */
export interface RefCondition {
  measure: string;
  op: string;
  value: number | string;
  scope?: 'period' | 'to_date';
  step?: RefStep;
}

export interface RefEngagementSpec extends RefSpanSpec {
  activity?: RefStep;
  purchase?: RefStep;
  stages?: string[];
  levels: { name: string; when: RefCondition[] }[];
}

const compare = (a: number, op: string, b: number) =>
  op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;

export function refEngagement(events: RefEvent[], spec: RefEngagementSpec) {
  const { rows, occ } = refOccurrences(events, spec);
  const isAct = (e: RefEvent) => spec.activity === undefined || refStepMatches(e, spec.activity);
  const isPur = (e: RefEvent) => (spec.purchase ? refStepMatches(e, spec.purchase) : e.revenue != null || e.order_id != null);
  const stages = spec.stages ?? ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];
  const span = refSpan(rows, occ.filter(isAct), spec, 'month');
  const byUser = new Map<string, RefEvent[]>();
  for (const e of occ) {
    if (!byUser.has(e.user_id)) byUser.set(e.user_id, []);
    byUser.get(e.user_id)!.push(e);
  }
  const names = spec.levels.map((l) => l.name);
  const periods: { start: string; users: number; levels: number[] }[] = [];
  const flows: { from_start: string; to_start: string; from: string | null; to: string; users: number }[] = [];
  if (span.s === null || span.e === null) return { kind: 'engagement', period: spec.period ?? 'month', levels: names, periods, flows, incomplete_from: null };

  const levelOf = (evs: RefEvent[], p: number): number | null => {
    const upTo = evs.filter((e) => span.P(e.ts) <= p);
    const inP = evs.filter((e) => span.P(e.ts) === p);
    const acts = upTo.filter(isAct);
    if (acts.length === 0) return null; // not placed yet
    const refDay = Math.min(dayOf(span.label(p + 1)) - 1, Math.floor(span.lastTs / DAY));
    const measure = (c: RefCondition): number => {
      const pool = c.scope === 'period' ? inP : upTo;
      switch (c.measure) {
        case 'stage': return Math.max(0, ...upTo.map((e) => stages.indexOf(e.stage as string) + 1));
        case 'active_days': return new Set(inP.filter(isAct).map((e) => Math.floor(e.ts / DAY))).size;
        case 'active_periods': return new Set(acts.map((e) => span.P(e.ts))).size;
        case 'days_since_active': return refDay - Math.max(...acts.map((e) => Math.floor(e.ts / DAY)));
        case 'purchases': return pool.filter(isPur).length;
        case 'occurrences': return pool.filter((e) => refStepMatches(e, c.step!)).length;
        default: throw new Error(`reference: measure ${c.measure}`);
      }
    };
    const value = (c: RefCondition) => (typeof c.value === 'string' ? stages.indexOf(c.value) + 1 : c.value);
    for (let lv = spec.levels.length - 1; lv > 0; lv--) {
      if (spec.levels[lv].when.every((c) => compare(measure(c), c.op, value(c)))) return lv;
    }
    return 0;
  };

  let prev = new Map<string, number>();
  for (let p = span.s; p <= span.e; p++) {
    const now = new Map<string, number>();
    for (const [u, evs] of byUser) {
      const lv = levelOf(evs, p);
      if (lv !== null) now.set(u, lv);
    }
    const counts = Array(names.length).fill(0);
    for (const lv of now.values()) counts[lv]++;
    periods.push({ start: span.label(p), users: now.size, levels: counts });
    if (p > span.s) {
      const pairs = new Map<string, number>();
      for (const [u, lv] of now) {
        const k = JSON.stringify([prev.has(u) ? prev.get(u)! : -1, lv]);
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
      const keys = [...pairs.keys()].map((k) => JSON.parse(k) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (const [f, t] of keys) flows.push({ from_start: span.label(p - 1), to_start: span.label(p), from: f < 0 ? null : names[f], to: names[t], users: pairs.get(JSON.stringify([f, t]))! });
    }
    prev = now;
  }
  return { kind: 'engagement', period: spec.period ?? 'month', levels: names, periods, flows, incomplete_from: span.incompleteFrom };
}
