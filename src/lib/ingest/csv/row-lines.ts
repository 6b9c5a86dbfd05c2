import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine';
import { ident, join, raw, sql } from '../../sql/quote';

/**
 * Gives the rows loaded from a text file their physical line (`__line`) and input order (`__row`).
 * DuckDB keeps insertion order in `rowid`; the line of row k is the k-th logical line after the
 * header that is neither skipped (blank) nor rejected, moved down by the quoted line breaks before
 * it. Those lists are sparse, so the common case (none of either) is a view with no join at all.
 */
export interface LinePlan {
  /** Logical lines before the first data line (preamble, blank lines and the header). */
  base: number;
  /** Logical line numbers after `base` that are not loaded rows (blank, rejected), any order. */
  gaps: number[];
  /** [first logical line, extra]: physical = logical + extra from there on (from the line scan). */
  shifts: [number, number][];
}

export async function attachLines(engine: Engine, data: string, table: string, columns: string[], plan: LinePlan): Promise<void> {
  const cols = join(columns.map((c) => ident(c)));
  const gaps = [...new Set(plan.gaps.filter((g) => g > plan.base))].sort((a, b) => a - b);
  const shifts = plan.shifts.filter(([from]) => from > plan.base);
  const baseExtra = plan.shifts.filter(([from]) => from <= plan.base).at(-1)?.[1] ?? 0;
  if (gaps.length === 0 && shifts.length === 0) {
    // A view: no copy of a 10M-row table just to number it.
    await engine.query(sql`CREATE OR REPLACE VIEW ${ident(table)} AS SELECT ${cols}, rowid + ${plan.base + 1 + baseExtra} AS "__line", rowid AS "__row" FROM ${ident(data)}`);
    return;
  }
  const g = `${table}__gaps`;
  const s = `${table}__shifts`;
  // Row k is pushed past gap j once k >= g_j - base - j (j = 1..m); equal thresholds keep the largest j.
  const t = new Float64Array(gaps.length);
  const j = new Float64Array(gaps.length);
  gaps.forEach((x, i) => {
    t[i] = x - plan.base - (i + 1);
    j[i] = i + 1;
  });
  await engine.insertArrowIPC(g, tableToIPC(tableFromArrays({ t, j }), 'stream'));
  await engine.insertArrowIPC(
    s,
    tableToIPC(tableFromArrays({ f: Float64Array.from(shifts.map((x) => x[0])), e: Float64Array.from(shifts.map((x) => x[1])) }), 'stream')
  );
  await engine.query(
    sql`CREATE OR REPLACE TABLE ${ident(table)} AS
      WITH d AS (SELECT *, rowid AS "__row" FROM ${ident(data)}),
      gj AS (SELECT t::BIGINT AS t, max(j)::BIGINT AS j FROM ${ident(g)} GROUP BY t),
      sh AS (SELECT f::BIGINT AS f, e::BIGINT AS e FROM ${ident(s)}),
      l AS (SELECT d.*, ${plan.base + 1} + d."__row" + coalesce(gj.j, 0) AS "__logical" FROM d ASOF LEFT JOIN gj ON d."__row" >= gj.t)
      SELECT ${raw(columns.map((c) => 'l.' + ident(c).text).join(', ') || '')}${raw(columns.length ? ', ' : '')}(l."__logical" + coalesce(sh.e, ${baseExtra}))::BIGINT AS "__line", l."__row"
      FROM l ASOF LEFT JOIN sh ON l."__logical" >= sh.f
      ORDER BY l."__row"`
  );
  await engine.query(sql`DROP TABLE IF EXISTS ${ident(g)}; DROP TABLE IF EXISTS ${ident(s)}; DROP TABLE IF EXISTS ${ident(data)}`);
}
