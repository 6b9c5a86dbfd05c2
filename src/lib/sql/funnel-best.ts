import type { Attribution } from '../schema/types';
import type { EventSchema } from './columns';
import { filtersSql } from './filters';
import { isPlainChain, orderedAttemptsCtes, plainAttemptsCtes, plainBestCtes } from './funnel-attempts';
import { eventsCte } from './funnel-events';
import { col, range1toN, type FunnelPlan } from './funnel-plan';
import { unorderedAttemptsCtes } from './funnel-unordered';
import { lit } from './quote';

/** An attempt is void when an exclusion's event falls inside its span (see docs/SPEC.md). */
function voidSql(plan: FunnelPlan): string {
  if (plan.exclusions.length === 0) return 'FALSE';
  const w = plan.windowUs;
  return plan.exclusions
    .map((x, j) => {
      const next = col.carriedExcl(j + 1);
      const open = w === null ? `${next} IS NOT NULL` : `${next} <= ${col.time(1)} + ${lit(w).text}`;
      return `(k >= ${lit(x.from_step).text} AND coalesce(CASE WHEN k >= ${lit(x.to_step).text} THEN ${next} < ${col.time(x.to_step)} ELSE ${open} END, FALSE))`;
    })
    .join(' OR ');
}

/** The counted attempt's breakdown value: unreached steps carry NULL, so coalesce skips them. */
function attributionSql(attribution: Attribution, n: number): string {
  const values = range1toN(n).map(col.value);
  if (attribution === 'first_touch') return n === 1 ? values[0] : `coalesce(${values.join(', ')})`;
  if (attribution === 'last_touch') return n === 1 ? values[0] : `coalesce(${values.reverse().join(', ')})`;
  return col.value(attribution.step);
}

/**
 * The CTEs every funnel question starts from, ending in `best`: one row per user in the funnel
 * (void attempts dropped; the furthest step, then the earliest start), with `k` the furthest step,
 * `u1…un` the step times in epoch microseconds (NULL past `k`), `b1…` the step events' breakdown
 * values and `bv` the attributed one. Two more columns serve the extensions of docs/FUNNELS.md:
 *
 * - `pending`: the user has not completed the funnel and still has a (non-void) attempt whose
 *   window is open at the end of the data (`dend`, the last event time after the filters), so a
 *   later event could still move them on. With no window nothing is pending. Constant FALSE
 *   unless `plan.immature` is set, so the contract's statement is unchanged.
 * - `keep`: the user counts (FALSE only for pending users under `immature: "exclude"`).
 *
 * The funnel result (funnel-breakdown.ts) and the extras (time to convert, conversion over
 * time, drop-off) all read `best`, so they can never disagree on who counts or when.
 */
export function bestCtes(schema: EventSchema, plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  const plain = plan.order !== 'unordered' && isPlainChain(plan);
  const attempts = plan.order === 'unordered' ? unorderedAttemptsCtes(plan) : plain ? plainAttemptsCtes(plan) : orderedAttemptsCtes(plan);
  const ctes = [eventsCte(schema, plan), ...attempts];
  const marks = plan.immature !== undefined && plan.windowUs !== null;
  // A void attempt stays void whatever comes later, so only live attempts can still move a user on;
  // the latest live start has the window that closes last.
  if (plain) {
    // No void attempts, no values: the best attempt by fixed-size groupings (plainBestCtes).
    ctes.push(...plainBestCtes(plan, marks));
  } else {
    ctes.push(`top AS (SELECT *, ${attributionSql(plan.attribution, n)} AS bv${marks ? ', max(su) OVER (PARTITION BY user_id) AS last_su' : ''}
      FROM att WHERE NOT (${voidSql(plan)})
      QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY k DESC, su, sr) = 1)`);
  }
  if (!marks) {
    ctes.push('best AS (SELECT *, FALSE AS pending, TRUE AS keep FROM top)');
    return ctes;
  }
  const where = filtersSql(schema, plan.filters, 'filters');
  ctes.push(`dend AS (SELECT max(epoch_us(ts)) AS dend FROM events WHERE ${where.text})`);
  const pending = `(k < ${lit(n).text} AND last_su + ${lit(plan.windowUs).text} > dend.dend)`;
  const keep = plan.immature === 'exclude' ? `NOT ${pending}` : 'TRUE';
  ctes.push(`best AS (SELECT top.*, ${pending} AS pending, ${keep} AS keep FROM top, dend)`);
  return ctes;
}
