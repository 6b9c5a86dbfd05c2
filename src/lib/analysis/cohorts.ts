import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { cohortsPlan, cohortsSql } from '../sql/cohorts';
import { expectKind, parseSpec } from '../schema/parse';
import { compareValues } from './retention';
import type { CohortRow, CohortsResult, Spec } from '../schema/types';

interface Row {
  cohort: string | null;
  cs: number;
  is_total: number;
  n: number;
  eligible: number;
  users: number;
  revenue: number;
  cum_revenue: number;
  orders: number;
  repeaters: number;
  avail: number;
}

type Cells = Omit<CohortRow, 'cohort' | 'incomplete_from'>;

/**
 * Cohort tables as docs/COHORTS.md defines them. SQL sums everything per (cohort, offset); here
 * the rows become arrays of `periods + 1` entries and the per-user ratios are taken.
 */
export async function runCohorts(engine: Engine, schema: EventSchema, spec: Spec): Promise<CohortsResult> {
  const s = parseSpec(spec);
  const a = expectKind(s, 'cohorts');
  const plan = cohortsPlan(a);
  const rows = await engine.query<Row & Record<string, unknown>>(cohortsSql(schema, s, a, plan));

  const width = plan.periods + 1;
  const empty = (): Cells => ({
    size: 0,
    eligible: Array(width).fill(0),
    users: Array(width).fill(null),
    retention: Array(width).fill(null),
    revenue: Array(width).fill(null),
    cumulative_revenue_per_user: Array(width).fill(null),
    orders_per_user: Array(width).fill(null),
    repeat_purchase_rate: Array(width).fill(null)
  });
  const cohorts = new Map<string | null, CohortRow & { cs: number }>();
  const total = empty();
  for (const r of rows) {
    let cells: Cells;
    if (r.is_total) cells = total;
    else {
      let c = cohorts.get(r.cohort);
      if (!c) {
        c = { cohort: r.cohort, cs: r.cs, ...empty() };
        // The period holding the last event is still running (period cohorts only).
        if (plan.by === undefined) c.incomplete_from = r.avail <= plan.periods ? r.avail : null;
        cohorts.set(r.cohort, c);
      }
      cells = c;
    }
    const n = r.n;
    if (n === 0) cells.size = r.eligible;
    cells.eligible[n] = r.eligible;
    cells.users[n] = r.users;
    cells.retention[n] = r.users / r.eligible;
    cells.revenue[n] = r.revenue;
    cells.cumulative_revenue_per_user[n] = r.cum_revenue / r.eligible;
    cells.orders_per_user[n] = r.orders / r.eligible;
    cells.repeat_purchase_rate[n] = r.repeaters / r.eligible;
  }
  const list = [...cohorts.values()];
  if (plan.by === undefined) list.sort((x, y) => x.cs - y.cs);
  else list.sort((x, y) => y.size - x.size || compareValues(x.cohort, y.cohort));
  return {
    kind: 'cohorts',
    period: plan.cal.period,
    by: plan.by ?? null,
    cohorts: list.map(({ cs: _cs, ...c }) => c),
    total
  };
}
