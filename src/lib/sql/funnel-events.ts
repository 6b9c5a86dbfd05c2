import type { EventSchema } from './columns';
import { asText, column } from './columns';
import { col, range1toN, type FunnelPlan } from './funnel-plan';
import { stepMatchSql } from './funnel-steps';
import { rowsFromSql } from './occurrences';

/**
 * The CTE `ev`: the filtered events reduced to what the funnel needs, one boolean per step
 * (`m1`…) and per exclusion (`x1`…), the breakdown value as text (`bd`), time as exact epoch
 * microseconds (`us`); with an order column, the occurrences instead of the rows (the lines of
 * one order are one event). Window columns look ahead from each row's instant (same-instant rows
 * share them): `nx`, the user's next instant strictly later (strict order), and `xn<j>`, the
 * next time of an event of exclusion j strictly later. They are computed over every filtered
 * row, then only rows that match some step are kept.
 */
export function eventsCte(schema: EventSchema, plan: FunnelPlan): string {
  const n = plan.steps.length;
  const cols = [
    'user_id',
    'row_id',
    'epoch_us(ts) AS us',
    plan.breakdown === undefined
      ? 'NULL::VARCHAR AS bd'
      : (() => {
          const c = column(schema, plan.breakdown, `${plan.field}.breakdown`);
          return `${asText(c.expr, c.type).text} AS bd`;
        })(),
    ...plan.steps.map((s, i) => `${stepMatchSql(schema, s, `${plan.field}.steps[${i}]`).text} AS ${col.match(i + 1)}`),
    ...plan.exclusions.map((x, j) => `${stepMatchSql(schema, x, `${plan.field}.exclusions[${j}]`).text} AS ${col.excl(j + 1)}`)
  ];
  const ahead: string[] = [];
  if (plan.order === 'strict') ahead.push('first_value(us) OVER ahead AS nx');
  plan.exclusions.forEach((_, j) => ahead.push(`min(CASE WHEN ${col.excl(j + 1)} THEN us END) OVER ahead AS ${col.nextExcl(j + 1)}`));
  const anyStep = range1toN(n).map(col.match).join(' OR ');
  const base = `SELECT ${cols.join(', ')} FROM ${rowsFromSql(schema, plan.filters, plan.orders).text}`;
  // Read once per step, `ev` is recomputed each time unless materialised: cheap for a filtered
  // scan, not for the occurrences' window over every row.
  if (ahead.length === 0) return `ev AS ${plan.orders ? '' : 'NOT '}MATERIALIZED (SELECT * FROM (${base}) WHERE ${anyStep})`;
  return `ev AS MATERIALIZED (SELECT * FROM (SELECT *, ${ahead.join(', ')} FROM (${base})
    WINDOW ahead AS (PARTITION BY user_id ORDER BY us RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING))
    WHERE ${anyStep})`;
}
