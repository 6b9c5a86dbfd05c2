import type { SampleEvent } from './journey-model';
import { furthestStep, type StagedEvent } from './stage-funnel';
import { E, EVENTS, STAGE_OF, STAGES } from './vocabulary';
import { isoSeconds } from './csv-row';

/**
 * The generator's record of what it wrote, kept per user as each user's rows go out (then the
 * rows are dropped), and turned into expected.json at the end.
 */
export class Tally {
  rows = 0;
  users = 0;
  purchasers = 0;
  private revenueCents = 0;
  private readonly eventCounts = new Array<number>(EVENTS.length).fill(0);
  private minT = Infinity;
  private maxT = -Infinity;
  private readonly stageUsers = new Array<number>(STAGES.length).fill(0);
  /** Seconds from the previous stage, per stage (index 0 unused), over the users at that stage. */
  private readonly stageSeconds: number[][] = STAGES.map(() => []);

  /** One user's rows, each with its final `row` position in the file. */
  addUser(events: SampleEvent[]): void {
    if (events.length === 0) return;
    this.users++;
    this.rows += events.length;
    let purchaser = false;
    for (const e of events) {
      this.eventCounts[e.ev]++;
      if (e.cents >= 0) this.revenueCents += e.cents;
      if (e.ev === E.purchase || e.ev === E.repeat_purchase) purchaser = true;
      if (e.t < this.minT) this.minT = e.t;
      if (e.t > this.maxT) this.maxT = e.t;
    }
    if (purchaser) this.purchasers++;
    // the funnel sees the user's rows in (time, file position), as an engine reading the file would
    const staged: StagedEvent[] = events
      .slice()
      .sort((a, b) => a.t - b.t || a.row - b.row)
      .map((e) => ({ t: e.t, step: STAGE_OF[e.ev] }));
    const reach = furthestStep(staged, STAGES.length);
    for (let k = 0; k < reach.reached; k++) {
      this.stageUsers[k]++;
      if (k > 0) this.stageSeconds[k].push(reach.times[k] - reach.times[k - 1]);
    }
  }

  toJSON(seed: number): object {
    const first = this.stageUsers[0];
    const steps = STAGES.map((stage, k) => {
      const users = this.stageUsers[k];
      const before = k === 0 ? users : this.stageUsers[k - 1];
      const secs = this.stageSeconds[k];
      return {
        step: k + 1,
        label: stage.name,
        users,
        conversion: first === 0 ? 0 : users / first,
        step_conversion: before === 0 ? 0 : users / before,
        percent_of_first: first === 0 ? 0 : Math.round((10000 * users) / first) / 100,
        avg_seconds: k === 0 || secs.length === 0 ? null : secs.reduce((a, b) => a + b, 0) / secs.length,
        median_seconds: k === 0 || secs.length === 0 ? null : median(secs)
      };
    });
    return {
      generator: 'sample-data/generate.ts',
      seed,
      rows: this.rows,
      users: this.users,
      purchasers: this.purchasers,
      events: Object.fromEntries(EVENTS.map((name, i) => [name, this.eventCounts[i]])),
      revenue_sum: this.revenueCents / 100,
      revenue_sum_cents: this.revenueCents,
      time_span: { first: isoSeconds(this.minT), last: isoSeconds(this.maxT) },
      stage_mapping: STAGES,
      stages: { kind: 'stages', window: null, steps }
    };
  }
}

function median(values: number[]): number {
  const v = Float64Array.from(values).sort();
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
