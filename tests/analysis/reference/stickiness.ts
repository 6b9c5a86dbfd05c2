import { DAY, dayOf, refOccurrences, refSpan, type RefSpanSpec } from './engagement-span';
import { refStepMatches, type RefEvent, type RefStep } from './retention';

/** docs/ENGAGEMENT.md "Stickiness" in plain loops. */
export interface RefStickinessSpec extends RefSpanSpec {
  activity?: RefStep;
  cumulative?: boolean;
}

export function refStickiness(events: RefEvent[], spec: RefStickinessSpec) {
  const { rows, occ } = refOccurrences(events, spec);
  const acts = occ.filter((e) => spec.activity === undefined || refStepMatches(e, spec.activity));
  const span = refSpan(rows, acts, spec, 'week');
  const periods = [];
  if (span.s !== null && span.e !== null) {
    for (let p = span.s; p <= span.e; p++) {
      const length = dayOf(span.label(p + 1)) - dayOf(span.label(p));
      const days = new Map<string, Set<number>>();
      for (const a of acts) {
        if (span.P(a.ts) !== p) continue;
        if (!days.has(a.user_id)) days.set(a.user_id, new Set());
        days.get(a.user_id)!.add(Math.floor(a.ts / DAY));
      }
      const counts: number[] = Array(length).fill(0);
      let total = 0;
      for (const d of days.values()) {
        total += d.size;
        if (spec.cumulative) for (let k = 1; k <= d.size; k++) counts[k - 1]++;
        else counts[d.size - 1]++;
      }
      periods.push({ start: span.label(p), days_in_period: length, users: days.size, days: counts, mean_days: days.size ? total / days.size : null });
    }
  }
  return { kind: 'stickiness', period: spec.period ?? 'week', cumulative: spec.cumulative ?? false, periods, incomplete_from: span.incompleteFrom };
}
