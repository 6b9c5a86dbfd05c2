/**
 * The ordered-funnel rule of CONTRACT.md for one user, with no window and no range, written out
 * literally (attempts, greedy steps, furthest reach, earliest attempt) so the expected numbers are
 * the generator's own record and owe nothing to the app's SQL.
 */
export interface StagedEvent {
  /** Epoch seconds. */
  t: number;
  /** 0-based step index, -1 when the event belongs to no step. */
  step: number;
}

export interface Reach {
  /** Steps reached by the counted attempt: 0 (not in the funnel) .. steps. */
  reached: number;
  /** The counted attempt's step times, one per step reached. */
  times: number[];
}

/**
 * `events` must be in (time, input order). Every step-1 event starts an attempt; each next step
 * takes, among the events this attempt has not used whose time is at or after the previous
 * step's time, the first in (time, input order): an event at the same instant as the previous
 * step counts as after it, whatever its row. The user counts at the furthest step of any attempt;
 * among attempts reaching it, the earliest (by start time, then input order) gives the times.
 */
export function furthestStep(events: readonly StagedEvent[], steps: number): Reach {
  let best: Reach = { reached: 0, times: [] };
  for (let s = 0; s < events.length && best.reached < steps; s++) {
    if (events[s].step !== 0) continue;
    const used = new Set<number>([s]);
    const times = [events[s].t];
    let prev = s;
    for (let k = 1; k < steps; k++) {
      // back up over earlier rows at the previous step's instant: they are "at or after" it too
      let i = prev;
      while (i > 0 && events[i - 1].t === events[prev].t) i--;
      let found = -1;
      for (; i < events.length; i++) {
        if (events[i].step === k && !used.has(i)) {
          found = i;
          break;
        }
      }
      if (found < 0) break;
      used.add(found);
      times.push(events[found].t);
      prev = found;
    }
    // strictly more: an earlier attempt that reaches as far keeps its times
    if (times.length > best.reached) best = { reached: times.length, times };
  }
  return best;
}
