import type { Filter, Step } from '../schema/types';
import { column, type EventSchema } from './columns';
import { stepMatchSql } from './funnel-steps';
import { occurrencesSql } from './occurrences';
import { ident, lit, raw, sql, type Fragment } from './quote';
import { rangeMicros } from './range';

/** A paths analysis with every default filled in and checked (src/lib/analysis/paths.ts). */
export interface PathsPlan {
  /** `start`: position 1 is the user's first matching row and the path runs forward; `end`: backward. */
  direction: 'start' | 'end';
  anchor: Step;
  depth: number;
  limit: number;
  level: 'event' | 'stage';
  collapse: boolean;
  /** Longest gap between consecutive rows that keeps the path going, in microseconds; null: no cut. */
  gapMicros: number | null;
}

/** What of the spec besides the analysis the statement reads. */
export interface PathsRows {
  filters?: readonly Filter[];
  range?: { from?: string; to?: string };
  orders: boolean;
}

/** One row of the statement: `part` says which part of the result it belongs to. */
export interface PathsSqlRow {
  part: 'ended' | 'link' | 'node' | 'users';
  pos: number;
  source: string | null;
  target: string | null;
  users: number;
}

/**
 * One statement for a paths analysis (docs/SPEC.md, Journey analyses → Paths; docs/PATHS.md).
 *
 * Per user: the anchor is the first (ts, row_id) occurrence matching the start (or end) step inside
 * `range`; the rows from it onwards (or up to it, read backwards) are numbered by one window, whose
 * LAG marks a gap longer than the session gap and a new name. Without merging or a cut the row
 * number is the position; otherwise running sums over the rows that can matter give the position
 * (new names) and the cut (long gaps). Only positions up to `depth` leave that step, so everything
 * after it (ranking, folding into "Other", links) works on at most `depth` rows a user.
 */
export function pathsSql(schema: EventSchema, rows: PathsRows, plan: PathsPlan): Fragment {
  const field = `analysis.${plan.direction}`;
  const match = stepMatchSql(schema, plan.anchor, field);
  const name = plan.level === 'stage' ? column(schema, 'stage', 'analysis.level').expr : ident('event');
  // Rows without a stage are left out before anything else at level "stage" (see docs/PATHS.md).
  const named = plan.level === 'stage' ? sql`WHERE ${name} IS NOT NULL` : raw('');
  const r = rangeMicros(rows.range);
  const inRange = raw(
    ['TRUE', ...(r.from === null ? [] : [sql`epoch_us(ts) >= ${r.from}`.text]), ...(r.to === null ? [] : [sql`epoch_us(ts) < ${r.to}`.text])].join(' AND ')
  );
  const forward = plan.direction === 'start';
  // The rows of the path relative to the anchor, in (time, input order); backwards for `end`.
  const side = forward ? raw('o.ts > a.ats OR (o.ts = a.ats AND o.row_id >= a.arow)') : raw('o.ts < a.ats OR (o.ts = a.ats AND o.row_id <= a.arow)');
  const order = forward ? raw('o.ts, o.row_id') : raw('o.ts DESC, o.row_id DESC');
  // Per row, from the previous row of the path (LAG): a gap longer than the session gap, a new name.
  const gap = plan.gapMicros === null ? raw('0') : sql`CASE WHEN abs(epoch_us(o.ts) - epoch_us(lag(o.ts) OVER w)) > ${plan.gapMicros} THEN 1 ELSE 0 END`;
  const change = plan.collapse ? raw('CASE WHEN lag(o.name) OVER w IS DISTINCT FROM o.name OR row_number() OVER w = 1 THEN 1 ELSE 0 END') : raw('1');
  // Positions: without repeats merged or a cut, the row number is the position. Otherwise running
  // sums over the rows that can matter (new names, and rows after a long gap) give the position and
  // how many cuts came before; rows past `depth` can be dropped first when every row is a position.
  const paths =
    !plan.collapse && plan.gapMicros === null
      ? sql`SELECT user_id, rn AS pos, name FROM seq WHERE rn <= ${plan.depth}`
      : sql`SELECT user_id, pos, name FROM (
    SELECT user_id, name, change, ${plan.gapMicros === null ? raw('0') : raw('sum(gap) OVER v')} AS cut, sum(change) OVER v AS pos
    FROM seq WHERE ${plan.collapse ? raw('change = 1 OR gap = 1') : sql`rn <= ${plan.depth}`}
    WINDOW v AS (PARTITION BY user_id ORDER BY rn ROWS UNBOUNDED PRECEDING))
  WHERE cut = 0 AND change = 1 AND pos <= ${plan.depth}`;
  const other = lit('Other');

  return sql`WITH occ AS (
  SELECT user_id, ts, row_id, ${name} AS name, ${match} AS m
  FROM ${occurrencesSql(schema, rows.filters, rows.orders)} o ${named}),
anchor AS (
  SELECT user_id, min(ts) AS ats, arg_min(row_id, (ts, row_id)) AS arow
  FROM occ WHERE m AND ${inRange} GROUP BY user_id),
seq AS (
  SELECT o.user_id, o.name, row_number() OVER w AS rn, ${change} AS change, ${gap} AS gap
  FROM occ o JOIN anchor a ON a.user_id = o.user_id
  WHERE ${side}
  WINDOW w AS (PARTITION BY o.user_id ORDER BY ${order})),
paths AS (${paths}),
ranked AS (
  SELECT pos, name, row_number() OVER (PARTITION BY pos ORDER BY count(*) DESC, name ASC NULLS LAST) AS rk
  FROM paths GROUP BY pos, name),
folded AS MATERIALIZED (
  SELECT p.user_id, p.pos, CASE WHEN p.pos > 1 AND r.rk > ${plan.limit} THEN ${other} ELSE p.name END AS name
  FROM paths p JOIN ranked r ON r.pos = p.pos AND r.name IS NOT DISTINCT FROM p.name),
out AS (
  SELECT 'node' AS part, pos, name AS source, NULL::VARCHAR AS target, count(*) AS users FROM folded GROUP BY pos, name
  UNION ALL
  SELECT 'link', a.pos, a.name, b.name, count(*)
  FROM folded a JOIN folded b ON b.user_id = a.user_id AND b.pos = a.pos + 1 GROUP BY a.pos, a.name, b.name
  UNION ALL
  SELECT 'ended', len + 1, NULL, NULL, count(*)
  FROM (SELECT user_id, max(pos) AS len FROM folded GROUP BY user_id) WHERE len < ${plan.depth} GROUP BY len
  UNION ALL
  SELECT 'users', 0, NULL, NULL, count(*) FROM anchor)
SELECT part, pos::INTEGER AS pos, source, target, users::BIGINT AS users FROM out
ORDER BY part, pos, users DESC, source ASC NULLS LAST, target ASC NULLS LAST`;
}
