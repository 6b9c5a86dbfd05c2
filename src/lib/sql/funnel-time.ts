import type { EventSchema } from './columns';
import { bestCtes } from './funnel-best';
import { col, type FunnelPlan } from './funnel-plan';
import { lit, raw, type Fragment } from './quote';

/**
 * Time to convert between two steps of the counted attempts: seconds from step `from` to step
 * `to` over the users who reached `to` (and count). `edges` are ascending bin edges in seconds
 * (code-made numbers, never from a spec); bin i holds edges[i] ≤ s < edges[i+1], the last bin
 * everything from its edge up. Rows out: one summary row (`bin` NULL: users, min, max, mean,
 * median) and one row per non-empty bin, in one grouping pass.
 */
export function timeToConvertSql(schema: EventSchema, plan: FunnelPlan, from: number, to: number, edges: number[]): Fragment {
  const secs = `(${col.time(to)} - ${col.time(from)})::DOUBLE / 1e6`;
  const finite = edges.map((e) => {
    if (!Number.isFinite(e)) throw new Error('bin edges must be finite numbers');
    return lit(e).text;
  });
  const bin = finite.length <= 1
    ? '0'
    : `CASE ${finite.slice(1).map((e, i) => `WHEN s < ${e} THEN ${lit(i).text}`).join(' ')} ELSE ${lit(finite.length - 1).text} END`;
  const ctes = [...bestCtes(schema, plan), `d AS (SELECT ${secs} AS s FROM best WHERE keep AND k >= ${lit(to).text})`];
  return raw(`WITH ${ctes.join(',\n')}
SELECT GROUPING(bin) AS total, bin, count(*) AS users, min(s) AS lo, max(s) AS hi, avg(s) AS mean, median(s) AS med
FROM (SELECT s, ${bin} AS bin FROM d) GROUP BY GROUPING SETS ((), (bin)) ORDER BY total DESC, bin`);
}
