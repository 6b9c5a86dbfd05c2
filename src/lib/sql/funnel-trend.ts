import type { EventSchema } from './columns';
import { bestCtes } from './funnel-best';
import { col, range1toN, type FunnelPlan } from './funnel-plan';
import { periodIndex, periodLabel, type Calendar } from './period';
import { lit, raw, type Fragment } from './quote';

/**
 * Conversion over time: the counted users grouped by the calendar period of their entry (step 1
 * of the counted attempt), with the users at each step and, per furthest step, those still
 * converting. Every period
 * from the first to the last entry appears (empty ones with zero users), in order.
 */
export function conversionTrendSql(schema: EventSchema, plan: FunnelPlan, cal: Calendar): Fragment {
  const n = plan.steps.length;
  const entry = `make_timestamp(${col.time(1)})`;
  const counts = range1toN(n).map((k) => `count(*) FILTER (WHERE keep AND k >= ${lit(k).text}) AS c${k}`);
  const pend = range1toN(n).map((k) => `count(*) FILTER (WHERE pending AND k = ${lit(k).text}) AS p${k}`);
  const ctes = [
    ...bestCtes(schema, plan),
    `byp AS (SELECT ${periodIndex(cal, entry).text} AS p, ${counts.join(', ')}, ${pend.join(', ')} FROM best GROUP BY p)`,
    `span AS (SELECT unnest(range(min(p), max(p) + 1)) AS p FROM byp)`
  ];
  const cols = range1toN(n).flatMap((k) => [`coalesce(byp.c${k}, 0) AS c${k}`, `coalesce(byp.p${k}, 0) AS p${k}`]);
  return raw(`WITH ${ctes.join(',\n')}
SELECT span.p, ${periodLabel(cal, 'span.p').text} AS start, ${cols.join(', ')}
FROM span LEFT JOIN byp ON byp.p = span.p ORDER BY span.p`);
}
