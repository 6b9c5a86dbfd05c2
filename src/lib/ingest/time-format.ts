import type { Engine } from '../engine/engine';
import { Fragment, ident, join, lit, raw, sql } from '../sql/quote';
import { formatSql, TEMPORAL_TYPE } from './time-sql';

/** What `auto` made of a time column, from all its distinct values. */
export interface TimeDetection {
  /** The format of most rows: a strptime pattern, `epoch_s` or `epoch_ms` ('' when none fits). */
  format: string;
  /** Every format the column needs, most rows first (what `timeSql` takes). */
  formats: string[];
  /** Day-first and month-first both read every such date: the file does not decide. */
  ambiguous?: { first: string; second: string; example: string };
  /** Rows whose time parses / does not parse (empty cells are neither). */
  parsed: number;
  unparsed: number;
  unparsedExample?: string;
  /** Present when the column mixes formats: rows per format, in `formats` order. */
  mixed?: { format: string; rows: number }[];
}

/** One family of distinct values that share a shape (digits replaced by 9), counted in SQL. */
interface ShapeRow {
  shape: string;
  n: number;
  [k: string]: unknown;
}

/** For a day/month shape: its largest first and second fields, and a date that reads both ways. */
interface FieldRow {
  shape: string;
  f1: number | null;
  f2: number | null;
  ambiguous_example: string | null;
  [k: string]: unknown;
}

const ISO = /^9999([-/])99\1(99)(?:([T ])9{1,2}:99(?::99(?:\.(9+))?)?)?(Z| ?UTC|[+-]99(?::?99)?)?$/;
const DAY_MONTH = /^9{1,2}([/.-])9{1,2}\1(9999)(?: (9{1,2}:99(?::99)?))?$/;
const EPOCH = /^-?(9+)(?:\.9+)?$/;

function isoPattern(m: RegExpExecArray, shape: string): string {
  const [, sep, , tsep, frac, zone] = m;
  let p = `%Y${sep}%m${sep}%d`;
  if (tsep !== undefined) {
    p += `${tsep}%H:%M`;
    if (/^9999.99.99.9{1,2}:99:99/.test(shape)) p += ':%S';
    if (frac !== undefined) p += frac.length <= 6 ? '.%f' : '.%n';
  }
  if (zone === 'Z') p += 'Z';
  else if (zone !== undefined && zone.includes('UTC')) p += zone;
  else if (zone !== undefined) p += '%z';
  return p;
}

function dayMonthPattern(m: RegExpExecArray, dayFirst: boolean): string {
  const [, sep, , time] = m;
  const date = dayFirst ? `%d${sep}%m${sep}%Y` : `%m${sep}%d${sep}%Y`;
  if (time === undefined) return date;
  return `${date} %H:%M${time.split(':').length === 3 ? ':%S' : ''}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `03/05/2024` → `3 May 2024` (day first) and `March 5 2024` (month first). */
export function readings(example: string): { dayFirst: string; monthFirst: string } {
  const [a, b, y] = example.split(/[/.\- ]/).map(Number);
  return { dayFirst: `${a} ${MONTHS[b - 1]} ${y}`, monthFirst: `${MONTHS[a - 1]} ${b} ${y}` };
}

/**
 * Detects the time format of `column` in `table` from ALL its distinct values (grouped by shape
 * in SQL, so only a few hundred aggregate rows reach JS). Day-first or month-first is decided only
 * when some value has a first field above 12 (day first) or a second above 12 (month first);
 * when neither occurs and some date reads differently both ways, `ambiguous` says so and those
 * values are left out of `formats`. DATE/TIMESTAMP columns need no format.
 */
export async function detectTimeFormat(engine: Engine, table: string, column: string, type: string): Promise<TimeDetection> {
  const col = ident(column);
  if (TEMPORAL_TYPE.test(type)) {
    const format = /^DATE$/i.test(type) ? '%Y-%m-%d' : /TZ|TIME ZONE/i.test(type) ? '%Y-%m-%d %H:%M:%S%z' : '%Y-%m-%d %H:%M:%S';
    return { format, formats: [format], ...parsedOf(await count(engine, table, column, type, [format])) };
  }
  const text = /^VARCHAR/i.test(type) ? raw(`trim(${col})`) : raw(`trim(CAST(${col} AS VARCHAR))`);
  // translate() rather than regexp_replace(s, '[0-9]', '9', 'g'): the same shape, several times
  // faster on a million distinct values (the regular expression dominated the whole import).
  const shapeOf = (s: Fragment) => raw(`translate(${s}, '0123456789', '9999999999')`);
  const shapes = await engine.query<ShapeRow>(sql`
    WITH v AS (SELECT DISTINCT ${text} AS s FROM ${ident(table)} WHERE ${col} IS NOT NULL)
    SELECT ${shapeOf(raw('s'))} AS shape, count(*)::INTEGER AS n
    FROM v WHERE s <> '' GROUP BY shape ORDER BY n DESC, shape LIMIT 1000`.text);

  const candidates: string[] = [];
  const dayMonth: { m: RegExpExecArray; row: FieldRow }[] = [];
  const dayMonthShapes: { m: RegExpExecArray; shape: string }[] = [];
  for (const row of shapes) {
    const iso = ISO.exec(row.shape);
    const dm = DAY_MONTH.exec(row.shape);
    const epoch = EPOCH.exec(row.shape);
    if (iso) candidates.push(isoPattern(iso, row.shape));
    else if (dm) dayMonthShapes.push({ m: dm, shape: row.shape });
    else if (row.shape === '99999999') candidates.push('%Y%m%d');
    else if (epoch && epoch[1].length >= 9) candidates.push(epoch[1].length <= 11 ? 'epoch_s' : 'epoch_ms');
  }
  if (dayMonthShapes.length > 0) {
    // Day and month fields are read only for the values of day/month shapes, and only when there
    // are any: max and min need no DISTINCT, so this reads the rows once more without grouping them.
    const fields = new Map((await dayMonthFields(engine, table, text, dayMonthShapes.map((d) => d.shape), shapeOf)).map((r) => [r.shape, r]));
    for (const d of dayMonthShapes) dayMonth.push({ m: d.m, row: fields.get(d.shape) ?? { shape: d.shape, f1: null, f2: null, ambiguous_example: null } });
  }

  let ambiguous: TimeDetection['ambiguous'];
  if (dayMonth.length > 0) {
    const dayFirstVotes = dayMonth.filter((d) => (d.row.f1 ?? 0) > 12).length;
    const monthFirstVotes = dayMonth.filter((d) => (d.row.f2 ?? 0) > 12).length;
    const example = dayMonth.map((d) => d.row.ambiguous_example).find((e) => e !== null);
    if (dayFirstVotes === 0 && monthFirstVotes === 0 && example !== undefined) {
      const m = dayMonth.find((d) => d.row.ambiguous_example === example)!.m;
      ambiguous = { first: dayMonthPattern(m, true), second: dayMonthPattern(m, false), example: example! };
    } else {
      // Every date reads the same both ways, or the file decides (more shapes vote for the winner).
      const dayFirst = dayFirstVotes >= monthFirstVotes;
      for (const d of dayMonth) candidates.push(dayMonthPattern(d.m, dayFirst));
    }
  }

  const unique = [...new Set(candidates)];
  if (unique.length === 0) return { format: '', formats: [], ...(ambiguous ? { ambiguous } : {}), ...parsedOf(await count(engine, table, column, type, [])) };
  // Order formats by the rows each parses, so the report and `format` name the main one. The same
  // pass counts parsed and unparsed rows: whether any format reads a value does not depend on
  // their order, and formats that read no row add nothing to it.
  const counted = await count(engine, table, column, type, unique);
  const rows = unique.map((f, i) => ({ format: f, rows: counted.perFormat[i] }));
  rows.sort((a, b) => b.rows - a.rows);
  const used = rows.filter((r) => r.rows > 0);
  const formats = (used.length > 0 ? used : rows).map((r) => r.format);
  return {
    format: formats[0],
    formats,
    ...(ambiguous ? { ambiguous } : {}),
    ...(used.length > 1 ? { mixed: used } : {}),
    ...parsedOf(counted)
  };
}

async function dayMonthFields(engine: Engine, table: string, text: Fragment, shapes: string[], shapeOf: (s: Fragment) => Fragment): Promise<FieldRow[]> {
  const first = raw(`TRY_CAST(regexp_extract(s, '^([0-9]+)', 1) AS INTEGER)`);
  const second = raw(`TRY_CAST(regexp_extract(s, '^[0-9]+[^0-9]([0-9]+)', 1) AS INTEGER)`);
  return engine.query<FieldRow>(sql`
    WITH v AS (SELECT s FROM (SELECT ${text} AS s FROM ${ident(table)}) WHERE ${shapeOf(raw('s'))} IN (${join(shapes.map((x) => lit(x)))})),
    w AS (SELECT s, ${shapeOf(raw('s'))} AS shape, ${first} AS f1, ${second} AS f2 FROM v)
    SELECT shape, max(f1) AS f1, max(f2) AS f2,
      min(s) FILTER (WHERE f1 <> f2 AND f1 <= 12 AND f2 <= 12) AS ambiguous_example
    FROM w GROUP BY shape`.text);
}

type Parsed = Pick<TimeDetection, 'parsed' | 'unparsed' | 'unparsedExample'>;
type Counted = Parsed & { perFormat: number[] };

function parsedOf(c: Counted): Parsed {
  return { parsed: c.parsed, unparsed: c.unparsed, ...(c.unparsedExample !== undefined ? { unparsedExample: c.unparsedExample } : {}) };
}

/**
 * One pass over the column: rows each format reads on its own, and rows read by any / by none
 * (with an example). Each value is parsed once per format, in a subquery the counts then share.
 */
async function count(engine: Engine, table: string, column: string, type: string, formats: string[]): Promise<Counted> {
  const col = ident(column);
  const present = /^VARCHAR/i.test(type) ? raw(`(${col} IS NOT NULL AND trim(${col}) <> '')`) : raw(`(${col} IS NOT NULL)`);
  const parts = formats.map((f, i) => raw(`${formatSql(col, f, formats, undefined, type)} AS ${ident(`p${i}`)}`));
  const names = formats.map((_, i) => ident(`p${i}`));
  const ts = names.length === 0 ? raw('NULL::TIMESTAMP') : names.length === 1 ? names[0] : raw(`coalesce(${join(names)})`);
  const perFormat = names.map((n, i) => raw(`count(${n})::BIGINT AS ${ident(`f${i}`)}`));
  const [r] = await engine.query<{ parsed: number; unparsed: number; example: string | null; [f: string]: unknown }>(sql`
    SELECT ${join([...perFormat, raw(`count(*) FILTER (WHERE present AND ${ts} IS NOT NULL)::BIGINT AS parsed`)])},
      count(*) FILTER (WHERE present AND ${ts} IS NULL)::BIGINT AS unparsed,
      min(v) FILTER (WHERE present AND ${ts} IS NULL) AS example
    FROM (SELECT ${join([...parts, raw(`${present} AS present`), raw(`CAST(${col} AS VARCHAR) AS v`)])} FROM ${ident(table)})`.text);
  return {
    perFormat: formats.map((_, i) => Number(r[`f${i}`] ?? 0)),
    parsed: Number(r.parsed),
    unparsed: Number(r.unparsed),
    ...(r.example !== null ? { unparsedExample: r.example } : {})
  };
}
