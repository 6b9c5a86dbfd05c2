import type { Engine } from '../engine/engine';
import { detectTimeFormat, readings } from '../ingest/time/time-format';
import { namesFile } from '../ingest/mapping';
import { timeSql } from '../ingest/time/time-sql';
import { SpecError } from '../schema/errors';
import type { Spec } from '../schema/types';
import { asText } from '../sql/columns';
import { ident, raw, sql } from '../sql/quote';
import { SPEND_VIEW, type SpendRowsSql } from '../sql/spend';

/**
 * The spend rows of `spec.spend` as SQL over the spend view (src/lib/sql/spend.ts): the named
 * columns must exist, the time is read by the mapping's own machinery (`auto` detected from all
 * values, a pattern, epochs; `utc_offset`), the amount as a number. The spend entry's
 * `time_format` / `utc_offset` win over the top level's, as a `sources` entry's do.
 * Every problem a person can fix is a SpecError naming the spend field.
 */
export async function spendSource(engine: Engine, spec: Spec): Promise<SpendRowsSql> {
  const s = spec.spend!;
  const [view] = await engine.query<{ comment: string | null }>(sql`SELECT comment FROM duckdb_views() WHERE view_name = ${SPEND_VIEW}`);
  if (view === undefined || view.comment === null || !namesFile(s.file, view.comment)) {
    throw new SpecError(`spend.file: the spend file "${s.file}" was not imported with the events (give it with the other files)`, 'spend.file');
  }
  const file = view.comment;
  let described: { column_name: string; column_type: string }[];
  try {
    described = await engine.query(raw(`DESCRIBE ${ident(SPEND_VIEW).text}`));
  } catch {
    // The view outlived its raw table (the file was removed since the events were built).
    throw new SpecError(`spend.file: the spend file "${s.file}" is no longer loaded; give it again`, 'spend.file');
  }
  const types = new Map(described.filter((d) => !d.column_name.startsWith('__')).map((d) => [d.column_name, d.column_type]));
  const named = (role: 'time' | 'amount' | 'channel' | 'campaign'): { name: string; type: string } | undefined => {
    const name = s.columns[role];
    if (name === undefined) return undefined;
    const type = types.get(name);
    if (type === undefined) {
      throw new SpecError(`spend.columns.${role}: no column "${name}" in file ${file} (columns: ${[...types.keys()].join(', ')})`, `spend.columns.${role}`);
    }
    return { name, type };
  };
  const time = named('time')!;
  const amount = named('amount')!;
  const value = named('channel') ?? named('campaign');

  const format = s.time_format ?? spec.time_format ?? 'auto';
  const tfField = s.time_format !== undefined ? 'spend.time_format' : 'time_format';
  let formats = [format];
  if (format === 'auto') {
    const d = await detectTimeFormat(engine, SPEND_VIEW, time.name, time.type);
    if (d.ambiguous) {
      const r = readings(d.ambiguous.example);
      throw new SpecError(`spend.time_format: dates in column "${time.name}" of file ${file} are ambiguous: "${d.ambiguous.example}" could be ${r.dayFirst} or ${r.monthFirst}; give spend.time_format`, 'spend.time_format');
    }
    formats = d.formats;
  }
  const out: SpendRowsSql = {
    ts: timeSql(ident(time.name), formats, s.utc_offset ?? spec.utc_offset, time.type),
    amount: raw(`TRY_CAST(${ident(amount.name).text} AS DOUBLE)`),
    value: value === undefined ? null : asText(ident(value.name), value.type)
  };
  await checkParses(engine, out, time.name, amount.name, file, tfField);
  return out;
}

/** A time column of which no value parses, or an amount column of which none is a number, is a spec error. */
async function checkParses(engine: Engine, s: SpendRowsSql, timeName: string, amountName: string, file: string, tfField: string): Promise<void> {
  let r: { rows: number; times: number; amounts: number; given: number };
  try {
    [r] = await engine.query(raw(`SELECT count(*)::BIGINT AS rows, count(ts)::BIGINT AS times, count(amount)::BIGINT AS amounts,
      count(${ident(amountName).text})::BIGINT AS given FROM (SELECT ${s.ts.text} AS ts, ${s.amount.text} AS amount, ${ident(amountName).text} FROM ${ident(SPEND_VIEW).text})`));
  } catch (e) {
    throw new SpecError(`${tfField}: the time format cannot be used for file ${file}: ${(e as Error).message.split('\n')[0]}`, tfField);
  }
  if (r.rows > 0 && r.times === 0) throw new SpecError(`spend.columns.time: no value of column "${timeName}" in file ${file} parses as a time; give spend.time_format`, 'spend.columns.time');
  if (r.given > 0 && r.amounts === 0) throw new SpecError(`spend.columns.amount: no value of column "${amountName}" in file ${file} is a number`, 'spend.columns.amount');
}
