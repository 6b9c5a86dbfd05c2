import type { EventSchema } from './columns';
import { orderedAttemptsCtes } from './funnel-attempts';
import { resultCtes } from './funnel-breakdown';
import { eventsCte } from './funnel-events';
import type { FunnelPlan } from './funnel-plan';
import { unorderedAttemptsCtes } from './funnel-unordered';
import { raw, type Fragment } from './quote';

export type { FunnelPlan } from './funnel-plan';

/**
 * The whole funnel as one statement over `events`. Rows out: one total row (`g = 1`) and, with a
 * breakdown, one per group in rank order; columns `c<k>` users at step k, `a<k>` / `d<k>` mean
 * and median seconds from step k−1 (k ≥ 2). Every spec value inside went through lit/ident.
 */
export function funnelSql(schema: EventSchema, plan: FunnelPlan): Fragment {
  const attempts = plan.order === 'unordered' ? unorderedAttemptsCtes(plan) : orderedAttemptsCtes(plan);
  const result = resultCtes(plan);
  const ctes = [eventsCte(schema, plan), ...attempts, ...result.ctes];
  return raw(`WITH ${ctes.join(',\n')}\n${result.select}`);
}
