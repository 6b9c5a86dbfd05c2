/** The sample's event names by stage (the generator's vocabulary; the page guesses the same stages). */
export const SAMPLE_STAGES: Record<string, number> = {
  ad_impression: 0, site_visit: 0,
  product_view: 1, search: 1, signup: 1, add_to_cart: 1,
  purchase: 2,
  repeat_purchase: 3, login: 3, support_chat: 3,
  review: 4, referral: 4, nps_survey: 4
};

/**
 * Users reaching each stage of an ordered funnel with no window: per user, the greedy chain from
 * their first stage-1 event (time order, then input order; an event at the same instant counts as
 * after). With disjoint stages and no window the earliest attempt reaches furthest.
 */
export function stageCounts(events: { user: string; t: number; stage: number | null }[], nStages: number): number[] {
  const byUser = new Map<string, { t: number; i: number; stage: number | null }[]>();
  events.forEach((e, i) => {
    if (!byUser.has(e.user)) byUser.set(e.user, []);
    byUser.get(e.user)!.push({ t: e.t, i, stage: e.stage });
  });
  const counts = new Array(nStages).fill(0);
  for (const list of byUser.values()) {
    list.sort((a, b) => a.t - b.t || a.i - b.i);
    let reached = 0;
    let pos = 0;
    for (let k = 0; k < nStages; k++) {
      let found = -1;
      for (let j = pos; j < list.length; j++) if (list[j].stage === k) { found = j; break; }
      if (found < 0) break;
      reached = k + 1;
      // The next stage may be at the same instant, even earlier in the file (contract: ties).
      pos = list.findIndex((x) => x.t >= list[found].t);
    }
    for (let k = 0; k < reached; k++) counts[k]++;
  }
  return counts;
}
