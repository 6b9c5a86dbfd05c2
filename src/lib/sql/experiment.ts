import type { Spec, Step } from '../schema/types';
import { asText, column, isNumericType, type EventSchema } from './columns';
import { stepMatchSql } from './funnel-steps';
import { occurrencesSql } from './occurrences';
import { ident, join, raw, sql, type Fragment } from './quote';
import { rangeCondition } from './retention';

/** One outcome, resolved: a column summed per user, or a step object that is 1 when matched. */
export type OutcomePlan = { kind: 'column'; column: string; label: string } | { kind: 'event'; step: Step; label: string };

/** An experiment with its defaults filled in (src/lib/analysis/experiment.ts). */
export interface ExperimentPlan {
  group: string;
  control: string;
  outcomes: OutcomePlan[];
}

/** One row per group value (null: users without a group): users, and per outcome k `m{k}` and `v{k}`. */
export type ExperimentRow = { grp: string | null; users: number } & Record<string, unknown>;

/**
 * A column outcome's per-row value as a DOUBLE. Numbers as they are, booleans as 0/1, text
 * through TRY_CAST (text that is no number is refused before this runs, see `nonNumericSql`).
 */
function valueSql(expr: Fragment, type: string): Fragment {
  if (/^BOOL/i.test(type)) return raw(`CAST(${expr.text} AS INTEGER)::DOUBLE`);
  if (isNumericType(type)) return raw(`CAST(${expr.text} AS DOUBLE)`);
  return raw(`TRY_CAST(trim(CAST(${expr.text} AS VARCHAR)) AS DOUBLE)`);
}

/** The rows an experiment reads: filtered rows inside `range` (every row when there is none). */
function rowsSql(schema: EventSchema, spec: Spec): Fragment {
  // Rows, not occurrences: the contract sums a column over a user's rows, and an event outcome
  // (has a matching row) is the same either way.
  return raw(`(SELECT * FROM ${occurrencesSql(schema, spec.filters, false).text} WHERE ${rangeCondition(spec)})`);
}

/**
 * For a text column named as an outcome: a value that is not a number (an example), or no row.
 * Summing such a column would quietly count those values as 0.
 */
export function nonNumericSql(schema: EventSchema, spec: Spec, name: string, field: string): Fragment | undefined {
  const c = column(schema, name, field);
  if (isNumericType(c.type) || /^BOOL/i.test(c.type)) return undefined;
  return sql`SELECT CAST(${c.expr} AS VARCHAR) AS example FROM ${rowsSql(schema, spec)}
    WHERE ${c.expr} IS NOT NULL AND trim(CAST(${c.expr} AS VARCHAR)) <> '' AND ${valueSql(c.expr, c.type)} IS NULL LIMIT 1`;
}

/**
 * One statement: per user, the group (the `group` value of their first row by time, then input
 * order, null kept as null) and each outcome (a column's sum over their rows, nulls as 0; 1 or 0
 * for a step); then per group: users, mean (`m{k}`) and sample variance (`v{k}`, null below 2 users).
 */
export function experimentSql(schema: EventSchema, spec: Spec, plan: ExperimentPlan): Fragment {
  const g = column(schema, plan.group, 'analysis.group');
  const perUser = plan.outcomes.map((o, k) => {
    const name = ident(`o${k}`);
    if (o.kind === 'event') {
      const m = stepMatchSql(schema, o.step, `analysis.outcomes[${k}]`);
      return raw(`max(CASE WHEN ${m.text} THEN 1 ELSE 0 END)::DOUBLE AS ${name.text}`);
    }
    const c = column(schema, o.column, `analysis.outcomes[${k}].column`);
    return raw(`coalesce(sum(${valueSql(c.expr, c.type).text}), 0)::DOUBLE AS ${name.text}`);
  });
  const perGroup = plan.outcomes.flatMap((_, k) => [
    raw(`avg(${ident(`o${k}`).text}) AS ${ident(`m${k}`).text}`),
    raw(`var_samp(${ident(`o${k}`).text}) AS ${ident(`v${k}`).text}`)
  ]);
  return sql`WITH units AS (
      SELECT user_id, arg_min_null(${asText(g.expr, g.type)}, (ts, row_id)) AS grp, ${join(perUser)}
      FROM ${rowsSql(schema, spec)} GROUP BY user_id)
    SELECT grp, count(*)::BIGINT AS users, ${join(perGroup)} FROM units GROUP BY grp`;
}
