import type { EventSchema } from './columns';
import { resultCtes } from './funnel-breakdown';
import { bestCtes } from './funnel-best';
import type { FunnelPlan } from './funnel-plan';
import { raw, type Fragment } from './quote';

export type { FunnelPlan } from './funnel-plan';

/**
 * The whole funnel as one statement over `events`. Rows out: one total row (`g = 1`) and, with a
 * breakdown, one per group in rank order; columns `c<k>` users at step k, `a<k>` / `d<k>` mean
 * and median seconds from step k−1 (k ≥ 2), and with `plan.immature` set `p<k>` the users still
 * converting whose furthest step is k. Every spec value inside went through lit/ident.
 */
export function funnelSql(schema: EventSchema, plan: FunnelPlan): Fragment {
  const result = resultCtes(plan);
  const ctes = [...bestCtes(schema, plan), ...result.ctes];
  return raw(`WITH ${ctes.join(',\n')}\n${result.select}`);
}
