import type { Engine } from '../../engine/engine';
import { Fragment, ident, join, raw, sql } from '../../sql/quote';
import { guessRoles } from '../roles';
import { roleSample } from '../table';
import { lineList, plural, type Warning } from '../report';
import { detectTimeFormat, readings, type TimeDetection } from './time-format';
import { formatSql, timeSql } from './time-sql';

/**
 * Rows the import report judges the time column on. Detection proper (over every value) belongs to
 * the mapping; the import only warns early, so it reads the first rows, which is every row of most
 * hand-made exports and a bounded cost for a 10M-row one (the messages then say so).
 */
export const TIME_SAMPLE_ROWS = 20_000;
/** Values that stand for "no date" far more often than they are real (Excel's and Unix's zero). */
const SENTINELS = ['0001-01-01', '1753-01-01', '1899-12-30', '1899-12-31', '1900-01-01', '1970-01-01'];
const DAY_MS = 86_400_000;

interface Found {
  bad: number;
  bad_lines: number[];
  bad_values: string[];
  future: number;
  future_lines: number[];
  future_values: string[];
  sentinel: number;
  sentinel_lines: number[];
  sentinel_values: string[];
  naive: number;
  naive_lines: number[];
  naive_values: string[];
  ambiguous?: number;
  ambiguous_lines?: number[];
  ambiguous_values?: string[];
  [k: string]: unknown;
}

/** Whether times in format `f` carry their zone (an offset, `Z`, UTC, or an epoch) or not. */
export function zoned(f: string): boolean {
  return f === 'epoch_s' || f === 'epoch_ms' || f.includes('%z') || /((?<!%)Z|UTC|GMT)$/.test(f);
}

/**
 * Warnings about the column the mapping would take as the time (guessed as the page guesses it):
 * mixed formats or epoch units, dates that read both day first and month first, times without an
 * offset beside times with one, values that do not read, dates in the future, and placeholder
 * dates such as 1970-01-01. Nothing is changed; each warning names its lines.
 */
export async function checkTimes(engine: Engine, table: string, columns: { name: string; type: string }[], rows: number, w: Warning[]): Promise<void> {
  if (rows === 0) return;
  // The time column the mapping would guess, from the mapping's sample.
  const name = guessRoles(columns, await roleSample(engine, table, columns, rows)).time;
  const column = columns.find((c) => c.name === name);
  if (!column) return;
  const part = `${table}__times`;
  await engine.query(sql`CREATE OR REPLACE TEMP TABLE ${ident(part)} AS SELECT ${ident(column.name)}, "__line" FROM ${ident(table)} WHERE "__row" < ${TIME_SAMPLE_ROWS}`);
  try {
    const d = await detectTimeFormat(engine, part, column.name, column.type);
    const where = rows > TIME_SAMPLE_ROWS ? ` (in the first ${TIME_SAMPLE_ROWS.toLocaleString('en')} rows)` : '';
    formatWarnings(d, column.name, where, w);
    valueWarnings(await find(engine, part, column, d), d, column.name, where, w);
  } finally {
    await engine.query(sql`DROP TABLE IF EXISTS ${ident(part)}`);
  }
}

function formatWarnings(d: TimeDetection, column: string, where: string, w: Warning[]): void {
  const mixed = d.mixed ?? [];
  const epochs = mixed.filter((m) => m.format === 'epoch_s' || m.format === 'epoch_ms');
  if (epochs.length === 2) {
    const [s, ms] = ['epoch_s', 'epoch_ms'].map((f) => epochs.find((e) => e.format === f)!.rows);
    w.push({ code: 'epoch_units_mixed', message: `time column "${column}" mixes epoch seconds (${plural(s, 'row')}) and milliseconds (${plural(ms, 'row')})${where}: each number is read by its size (below 10^11 it is seconds)` });
  }
  // Seconds beside milliseconds alone is said above; any other mix is said here.
  if (mixed.length > (epochs.length === 2 ? 2 : 0)) {
    w.push({ code: 'mixed_date_formats', message: `time column "${column}" mixes formats${where}: ${mixed.map((m) => `${m.format} (${plural(m.rows, 'row')})`).join(', ')}` });
  }
}

async function find(engine: Engine, table: string, column: { name: string; type: string }, d: TimeDetection): Promise<Found> {
  const formats = d.formats;
  const col = ident(column.name);
  const present = /^VARCHAR/i.test(column.type) ? raw(`(${col.text} IS NOT NULL AND trim(${col.text}) <> '')`) : raw(`(${col.text} IS NOT NULL)`);
  const ts = timeSql(col, formats, undefined, column.type);
  const any = (fs: string[]): Fragment => (fs.length === 0 ? raw('NULL') : raw(`coalesce(${join(fs.map((f) => formatSql(col, f, formats, undefined, column.type))).text})`));
  // Times of day without an offset (a date alone has no zone to miss); only a column that also
  // has times with an offset says something about them.
  const bare = formats.filter((f) => !zoned(f) && f.includes('%H'));
  const naive = bare.length > 0 && formats.some(zoned) ? raw(`(${any(bare).text} IS NOT NULL AND ${any(formats.filter(zoned)).text} IS NULL)`) : raw('false');
  const future = sql`${new Date(Date.now() + DAY_MS)}`.text;
  const sentinel = `ts IN (${join(SENTINELS.map((x) => sql`CAST(${x} AS TIMESTAMP)`)).text})`;
  const day = "strftime(ts, '%Y-%m-%d')";
  // Per kind: how many rows, their first lines, and a few of their values.
  const kinds: [string, string, string][] = [['bad', 'present AND ts IS NULL', 'v'], ['future', `ts > ${future}`, day], ['sentinel', sentinel, day], ['naive', 'is_naive', 'v']];
  // Day/month dates the file does not decide: detection leaves them unread until a format is given.
  if (d.ambiguous) kinds.push(['ambiguous', "present AND ts IS NULL AND regexp_full_match(trim(v), '[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}.*')", 'v']);
  const aggregates = kinds.map(([k, cond, value]) => [
    `count(*) FILTER (WHERE ${cond})::BIGINT AS ${k}`,
    `coalesce((list("__line" ORDER BY "__line") FILTER (WHERE ${cond}))[1:20], []) AS ${k}_lines`,
    `coalesce((list(${value} ORDER BY "__line") FILTER (WHERE ${cond}))[1:3], []) AS ${k}_values`
  ].join(', '));
  const [r] = await engine.query<Found>(sql`
    WITH p AS (SELECT "__line", CAST(${col} AS VARCHAR) AS v, ${present} AS present, ${ts} AS ts, ${naive} AS is_naive FROM ${ident(table)})
    SELECT ${raw(aggregates.join(',\n'))} FROM p`);
  return r;
}

function valueWarnings(r: Found, d: TimeDetection, column: string, where: string, w: Warning[]): void {
  const n = (x: unknown) => Number(x);
  const lines = (xs: number[]) => `line${xs.length === 1 ? '' : 's'} ${lineList(xs.map(Number))}`;
  const values = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
  if (d.ambiguous) {
    const each = (r.ambiguous_values ?? [d.ambiguous.example]).map((v) => {
      const x = readings(v);
      return `"${v}" could be ${x.dayFirst} or ${x.monthFirst}`;
    });
    const count = n(r.ambiguous ?? 1);
    w.push({
      code: 'ambiguous_date',
      message: `${plural(count, 'date')} in time column "${column}" ${count === 1 ? 'reads' : 'read'} both day first and month first${where}: ${each.join('; ')} (${lines(r.ambiguous_lines ?? [])}); pick the time format, "${d.ambiguous.first}" (day first) or "${d.ambiguous.second}" (month first)`
    });
  }
  if (n(r.bad) > 0) {
    w.push({ code: 'invalid_dates', message: `${plural(n(r.bad), 'value')} of time column "${column}" ${n(r.bad) === 1 ? 'does' : 'do'} not read as a date or time${where}, e.g. ${values(r.bad_values)}: ${lines(r.bad_lines)}; those rows are left out of the journeys unless a time format reads them` });
  }
  if (n(r.future) > 0) {
    w.push({ code: 'future_dates', message: `${plural(n(r.future), 'date')} in time column "${column}" ${n(r.future) === 1 ? 'lies' : 'lie'} in the future${where}, e.g. ${values(r.future_values)}: ${lines(r.future_lines)}` });
  }
  if (n(r.sentinel) > 0) {
    w.push({ code: 'sentinel_dates', message: `${plural(n(r.sentinel), 'date')} in time column "${column}" ${n(r.sentinel) === 1 ? 'is' : 'are'} a common placeholder for "no date"${where}, e.g. ${values(r.sentinel_values)}: ${lines(r.sentinel_lines)}; they are kept as real dates` });
  }
  if (n(r.naive) > 0) {
    w.push({ code: 'naive_timestamps_assumed_zone', message: `${plural(n(r.naive), 'time')} in time column "${column}" ${n(r.naive) === 1 ? 'has' : 'have'} no UTC offset while others have one${where}, e.g. ${values(r.naive_values)}: ${lines(r.naive_lines)}; read as UTC (give utc_offset if they are local times)` });
  }
}
