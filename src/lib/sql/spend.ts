import { ident, lit, raw, type Fragment } from './quote';

/**
 * The spend file (spec `spend`, contract: KPIs) is imported like any file but never stacked into
 * `events`: the events build (src/lib/ingest/events.ts) skips it and makes this view over its raw
 * table, with the file's name as the view's comment, so that an analysis can check the view is the
 * file its spec names. Its columns are the file's own, unparsed: the analysis reads them by the
 * spec's `spend.columns`, so editing those needs no rebuild.
 */
export const SPEND_VIEW = 'spend_file';

/** Replaces the spend view: over `table`, commented with `file` (or dropped when there is none). */
export function spendViewSql(spend: { file: string; table: string } | undefined): Fragment[] {
  if (spend === undefined) return [raw(`DROP VIEW IF EXISTS ${ident(SPEND_VIEW).text}`)];
  return [
    raw(`CREATE OR REPLACE VIEW ${ident(SPEND_VIEW).text} AS SELECT * FROM ${ident(spend.table).text}`),
    raw(`COMMENT ON VIEW ${ident(SPEND_VIEW).text} IS ${lit(spend.file).text}`)
  ];
}

/** The spend rows as the KPI statement reads them: `ts` (UTC), `amount` (DOUBLE), `sv` (text or NULL). */
export interface SpendRowsSql {
  ts: Fragment;
  amount: Fragment;
  value: Fragment | null;
}

export function spendRowsSql(s: SpendRowsSql): Fragment {
  return raw(`(SELECT ${s.ts.text} AS ts, ${s.amount.text} AS amount, ${(s.value ?? raw('CAST(NULL AS VARCHAR)')).text} AS sv FROM ${ident(SPEND_VIEW).text})`);
}
