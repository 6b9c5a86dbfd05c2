import { refOccurrences, refSpan, type RefSpanSpec } from './engagement-span';
import { refStepMatches, type RefEvent, type RefStep } from './retention';

/** docs/ENGAGEMENT.md "Lifecycle", user by user and period by period in plain loops. */
export interface RefLifecycleSpec extends RefSpanSpec {
  activity?: RefStep;
}

export function refLifecycle(events: RefEvent[], spec: RefLifecycleSpec) {
  const { rows, occ } = refOccurrences(events, spec);
  const acts = occ.filter((e) => spec.activity === undefined || refStepMatches(e, spec.activity));
  const span = refSpan(rows, acts, spec, 'week');
  const active = new Map<string, Set<number>>();
  for (const a of acts) {
    if (!active.has(a.user_id)) active.set(a.user_id, new Set());
    active.get(a.user_id)!.add(span.P(a.ts));
  }
  const periods = [];
  if (span.s !== null && span.e !== null) {
    for (let p = span.s; p <= span.e; p++) {
      const c = { start: span.label(p), new: 0, returning: 0, resurrecting: 0, dormant: 0, active: 0 };
      for (const set of active.values()) {
        const first = Math.min(...set);
        if (set.has(p)) {
          c.active++;
          if (p === first) c.new++;
          else if (set.has(p - 1)) c.returning++;
          else c.resurrecting++;
        } else if (set.has(p - 1)) c.dormant++;
      }
      periods.push(c);
    }
  }
  return { kind: 'lifecycle', period: spec.period ?? 'week', periods, incomplete_from: span.incompleteFrom };
}
