import { SpecError } from '../../schema/errors';
import { Fragment, join, lit, raw } from '../../sql/quote';

/** Column types DuckDB already holds as times: no format is needed to read them. */
export const TEMPORAL_TYPE = /^(DATE|TIMESTAMP)/i;
const ZONED_TYPE = /^TIMESTAMP(TZ| WITH TIME ZONE)/i;

// Epoch magnitudes: seconds below 1e11 reach year 5138, milliseconds below 1e14 the same; beyond
// that a number is not a time in either unit (it stays unparsed rather than becoming year 50 000).
const EPOCH_S_MAX = 1e11;
const EPOCH_MS_MAX = 1e14;

/** `+02:00`, `+0200`, `+02`, `-05:30`, `Z` → minutes east of UTC; anything else is a spec error. */
export function offsetMinutes(utcOffset: string | undefined, field = 'utc_offset'): number {
  if (utcOffset === undefined || utcOffset === '' || utcOffset === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(utcOffset.trim());
  if (!m || Number(m[2]) > 18 || Number(m[3] ?? 0) > 59) {
    throw new SpecError(`${field}: "${utcOffset}" is not a fixed offset such as "+02:00"`, field);
  }
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Whether a strptime pattern carries its own offset or says UTC, so `utc_offset` must not apply. */
function patternIsUtc(pattern: string): 'offset' | 'utc' | 'naive' {
  if (pattern.includes('%z')) return 'offset';
  if (/((?<!%)Z|UTC|GMT)$/.test(pattern)) return 'utc';
  return 'naive';
}

function shift(ts: Fragment, minutes: number): Fragment {
  return minutes === 0 ? ts : raw(`(${ts.text} - INTERVAL (${lit(minutes).text}) MINUTE)`);
}

function epochSql(text: Fragment, unit: 'epoch_s' | 'epoch_ms', lower: number): Fragment {
  const x = raw(`TRY_CAST(${text.text} AS DOUBLE)`);
  const scale = unit === 'epoch_s' ? 1000 : 1;
  const max = unit === 'epoch_s' ? EPOCH_S_MAX : EPOCH_MS_MAX;
  return raw(`CASE WHEN abs(${x.text}) >= ${lit(lower).text} AND abs(${x.text}) < ${lit(max).text} THEN epoch_ms(CAST(round(${x.text} * ${lit(scale).text}) AS BIGINT)) END`);
}

/**
 * SQL giving a UTC TIMESTAMP for `expr`, or NULL when the value does not parse.
 *
 * - `format`: `epoch_s`, `epoch_ms`, a strptime pattern, or several of these (an auto-detected
 *   column with mixed formats): the first that parses wins. Within such a list, `epoch_s` and
 *   `epoch_ms` split by magnitude (below 1e11 is seconds), so mixed units both read right.
 * - Patterns with `%z` are converted from their offset; patterns ending in a literal `Z`/`UTC` are
 *   UTC; every other time is local at `utcOffset` (default UTC). Epochs are UTC by definition.
 * - `type`: the column's DuckDB type. DATE/TIMESTAMP columns are read as they are (the format is
 *   not needed), TIMESTAMPTZ converted to UTC; other types are read as their text.
 *
 * Everything stays in core DuckDB: the ICU extension is never needed (it is not available offline).
 */
export function timeSql(expr: Fragment, format: string | readonly string[], utcOffset?: string, type = 'VARCHAR'): Fragment {
  const formats = typeof format === 'string' ? [format] : [...format];
  const parts = formats.map((f) => formatSql(expr, f, formats, utcOffset, type));
  if (parts.length === 0) return raw('CAST(NULL AS TIMESTAMP)');
  return parts.length === 1 ? parts[0] : raw(`coalesce(${join(parts).text})`);
}

/**
 * The part of `timeSql(expr, all, …)` that reads format `f` alone: what it parses on its own,
 * with the epoch split that its list implies (used to count the rows each format reads).
 */
export function formatSql(expr: Fragment, f: string, all: readonly string[], utcOffset?: string, type = 'VARCHAR'): Fragment {
  const minutes = offsetMinutes(utcOffset);
  if (ZONED_TYPE.test(type)) return raw(`CAST(${expr.text} AS TIMESTAMP)`);
  if (TEMPORAL_TYPE.test(type)) return shift(raw(`CAST(${expr.text} AS TIMESTAMP)`), minutes);
  if (f === 'auto' || f === '') throw new Error('timeSql needs a detected format, not "auto"');
  const text = /^VARCHAR/i.test(type) ? raw(`trim(${expr.text})`) : raw(`trim(CAST(${expr.text} AS VARCHAR))`);
  if (f === 'epoch_s') return epochSql(text, f, 0);
  if (f === 'epoch_ms') return epochSql(text, f, all.includes('epoch_s') ? EPOCH_S_MAX : 0);
  const ts = raw(`CAST(try_strptime(${text.text}, ${lit(f).text}) AS TIMESTAMP)`);
  return patternIsUtc(f) === 'naive' ? shift(ts, minutes) : ts;
}
