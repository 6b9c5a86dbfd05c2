import { col, inRangeConds, nextStepConds, range1toN, type FunnelPlan } from './funnel-plan';
import { overlapGroups, stepNames } from './funnel-steps';

/** True when no event can match two steps: no `"*"` step, and each step alone in its overlap group. */
function disjointSteps(plan: FunnelPlan): boolean {
  return !plan.steps.some((s) => stepNames(s).includes('*')) && overlapGroups(plan.steps).every((g) => g.length === 1);
}

/**
 * Whether the funnel takes the plain chain (plainAttemptsCtes): `ordered`, no exclusions, no
 * breakdown, disjoint steps. Then an attempt's step k+1 is fixed by its user, step 1's time and
 * step k's time alone: the earliest step-(k+1) time at or after step k's within the window. Which
 * of the events at that instant is taken (the (time, row) tie rule) changes nothing that is
 * reported: no breakdown value is read, no strict-order or exclusion look-ahead is carried, and
 * "not yet used by this attempt" holds for every candidate, since the attempt's own events
 * matched other steps. Attempts of one user starting at one instant are then identical too.
 */
export function isPlainChain(plan: FunnelPlan): boolean {
  return plan.order === 'ordered' && plan.exclusions.length === 0 && plan.breakdown === undefined && disjointSteps(plan);
}

/**
 * Attempts of a plain-chain funnel (isPlainChain) as CTEs `s1`…`s<n>`: `s<k>` holds one row per
 * attempt that reached step k, with user_id, its id `r1` (step 1's row) and times u1…uk. Each step
 * is a plain `min(us)` (no struct minimum by (time, row), no row ids excluded), and each s<k> carries
 * the earlier times (any_value within the attempt's group: one value per attempt) instead of
 * joining back. plainBestCtes picks each user's best attempt from them.
 */
export function plainAttemptsCtes(plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  const ctes: string[] = [];
  const starts = [col.match(1), ...inRangeConds(plan)].join(' AND ');
  if (plan.windowUs === null) {
    // With no window, a user's earliest start reaches at least as far as any later one (its step
    // k+1 can always be the later attempt's, or an earlier event), and the best attempt is picked
    // by step reached, then earliest start: only the earliest start can be picked, so it is the only
    // attempt made. Without this, every start joins every later event of its user.
    ctes.push(`s1 AS (SELECT user_id, arg_min(row_id, us) AS ${col.row(1)}, min(us) AS ${col.time(1)} FROM ev WHERE ${starts} GROUP BY user_id)`);
  } else {
    ctes.push(`s1 AS (SELECT user_id, row_id AS ${col.row(1)}, us AS ${col.time(1)} FROM ev WHERE ${starts})`);
  }
  for (let k = 1; k < n; k++) {
    const next = k + 1;
    const conds = nextStepConds(plan, k);
    const carry = range1toN(k).map((i) => `any_value(a.${col.time(i)}) AS ${col.time(i)}`);
    ctes.push(`s${next} AS (SELECT a.${col.row(1)}, any_value(a.user_id) AS user_id, ${carry.join(', ')}, min(c.us) AS ${col.time(next)}
      FROM s${k} a JOIN ev c ON ${conds.join(' AND ')} GROUP BY a.${col.row(1)})`);
  }
  return ctes;
}

/**
 * A plain chain's best attempt per user (the furthest step, then the earliest start) as CTE `top`:
 * user_id, k, u1…un (NULL past k), bv NULL, and with `lastStart` the user's latest start `last_su`.
 *
 * For each k, `g<k>` keeps per user the earliest attempt among those that reached step k (min of
 * u1, and its times by arg_min on u1; attempts starting at one instant have the same times, see
 * isPlainChain, so a tie picks nothing different). A user is in g1…g<kmax> and in no later one,
 * so the best attempt is the user's row of the largest k: arg_max on k, one row per k and user.
 * Every key is a BIGINT or INTEGER: the states are fixed-size and spill. (The former pick, one
 * arg_max over every attempt on a HUGEINT key k·2⁶⁴ − u1, was the funnel's one state that did
 * not spill: at 10M events under a 500MB limit it ran out of memory.)
 */
export function plainBestCtes(plan: FunnelPlan, lastStart: boolean): string[] {
  const n = plan.steps.length;
  if (plan.windowUs === null) {
    // With no window each user makes one attempt (plainAttemptsCtes), which is then the best: its
    // step 1 joined on its id with the later steps it reached (s<k+1> holds a subset of s<k>'s
    // attempts). At 1M journeys the stage funnel took 30% less than with the groupings below.
    const later = range1toN(n).slice(1);
    const k = ['1', ...later.map((j) => `(s${j}.${col.row(1)} IS NOT NULL)::INTEGER`)].join(' + ');
    const times = [`s1.${col.time(1)}`, ...later.map((j) => `s${j}.${col.time(j)}`)];
    const joins = later.map((j) => `LEFT JOIN s${j} ON s${j}.${col.row(1)} = s1.${col.row(1)}`).join(' ');
    return [`top AS (SELECT s1.user_id, ${k} AS k, ${times.join(', ')}, NULL::VARCHAR AS bv${lastStart ? `, s1.${col.time(1)} AS last_su` : ''}
      FROM s1 ${joins})`];
  }
  const perStep = range1toN(n).map((k) => {
    const times = range1toN(n)
      .slice(1)
      .map((j) => (j <= k ? `arg_min(${col.time(j)}, ${col.time(1)})` : 'NULL::BIGINT') + ` AS ${col.time(j)}`);
    const last = lastStart ? [k === 1 ? `max(${col.time(1)}) AS last_su` : 'NULL::BIGINT AS last_su'] : [];
    return `SELECT ${['user_id', `${k} AS k`, `min(${col.time(1)}) AS ${col.time(1)}`, ...times, ...last].join(', ')} FROM s${k} GROUP BY user_id`;
  });
  const pick = range1toN(n).map((j) => `arg_max(${col.time(j)}, k) AS ${col.time(j)}`);
  return [
    `top AS (SELECT user_id, max(k) AS k, ${pick.join(', ')}, NULL::VARCHAR AS bv${lastStart ? ', max(last_su) AS last_su' : ''}
      FROM (${perStep.join('\n      UNION ALL ')}) GROUP BY user_id)`
  ];
}

/**
 * Attempts of an `ordered` or `strict` funnel, as CTEs ending in `att` (one row per attempt:
 * user_id, start su/sr, reached step k, times u1…, values b1…, and xa<j>, the next event of
 * exclusion j after the attempt's from_step).
 *
 * Every step-1 event inside the range starts an attempt (`s1`). Step k+1 (`p<k+1>`, `s<k+1>`)
 * takes, among the step's events at or after step k's time and within the window, the first by
 * (time, row_id) that this attempt has not used yet. A used event can only be a candidate at the
 * very instant of step k (all used events are at or before it), which is why excluding the
 * attempt's own row ids is all "not yet used" needs. Strict: a candidate later than the user's
 * next instant after step k has some event strictly between, so the chain breaks there.
 */
export function orderedAttemptsCtes(plan: FunnelPlan): string[] {
  const n = plan.steps.length;
  const strict = plan.order === 'strict';
  const carriedAt = (k: number) =>
    plan.exclusions.flatMap((x, j) => (x.from_step === k ? [j + 1] : []));
  const ctes: string[] = [];

  const s1 = [
    'user_id',
    `row_id AS ${col.row(1)}`,
    `us AS ${col.time(1)}`,
    `bd AS ${col.value(1)}`,
    ...(strict ? [`nx AS ${col.next(1)}`] : []),
    ...carriedAt(1).map((j) => `${col.nextExcl(j)} AS ${col.carriedExcl(j)}`)
  ];
  ctes.push(`s1 AS (SELECT ${s1.join(', ')} FROM ev WHERE ${[col.match(1), ...inRangeConds(plan)].join(' AND ')})`);

  for (let k = 1; k < n; k++) {
    const next = k + 1;
    const conds = [
      ...nextStepConds(plan, k),
      ...(strict ? [`c.us <= coalesce(a.${col.next(k)}, a.${col.time(k)})`] : []),
      `c.row_id NOT IN (${range1toN(k).map((i) => `a.${col.row(i)}`).join(', ')})`
    ];
    const carried = carriedAt(next);
    const pickFields = [
      "'u': c.us",
      "'r': c.row_id",
      "'b': c.bd",
      ...(strict ? ["'n': c.nx"] : []),
      ...carried.map((j) => `'x${j}': c.${col.nextExcl(j)}`)
    ];
    ctes.push(`p${next} AS (SELECT a.r1, min({${pickFields.join(', ')}}) AS pick
      FROM s${k} a JOIN ev c ON ${conds.join(' AND ')} GROUP BY a.r1)`);
    const take = [
      `p.pick.r AS ${col.row(next)}`,
      `p.pick.u AS ${col.time(next)}`,
      `p.pick.b AS ${col.value(next)}`,
      ...(strict ? [`p.pick.n AS ${col.next(next)}`] : []),
      ...carried.map((j) => `p.pick.x${j} AS ${col.carriedExcl(j)}`)
    ];
    ctes.push(`s${next} AS (SELECT a.*, ${take.join(', ')} FROM s${k} a JOIN p${next} p ON p.r1 = a.r1)`);
  }

  // One row per attempt: step 1 joined with whatever later steps it reached.
  const later = range1toN(n).slice(1);
  const select = [
    's1.user_id',
    `s1.${col.time(1)} AS su`,
    `s1.r1 AS sr`,
    `1 + ${later.length ? later.map((k) => `(s${k}.r1 IS NOT NULL)::INTEGER`).join(' + ') : '0'} AS k`,
    `s1.${col.time(1)}`,
    `s1.${col.value(1)}`,
    ...later.flatMap((k) => [`s${k}.${col.time(k)}`, `s${k}.${col.value(k)}`]),
    ...plan.exclusions.map((x, j) => `s${x.from_step}.${col.carriedExcl(j + 1)}`)
  ];
  const joins = later.map((k) => `LEFT JOIN s${k} ON s${k}.r1 = s1.r1`).join(' ');
  ctes.push(`att AS (SELECT ${select.join(', ')} FROM s1 ${joins})`);
  return ctes;
}
