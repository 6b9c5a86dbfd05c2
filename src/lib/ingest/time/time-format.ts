import type { Engine, Row } from '../../engine/engine';
import { Fragment, ident, join, lit, raw, sql } from '../../sql/quote';
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
export async function detectTimeFormat(engine: Engine, table: string, column: string, type: string, sampleRows = SHAPE_SAMPLE_ROWS): Promise<TimeDetection> {
  // sampleRows 0: translate() on every value throughout (the tests compare both ways).
  const col = ident(column);
  if (TEMPORAL_TYPE.test(type)) {
    const format = /^DATE$/i.test(type) ? '%Y-%m-%d' : /TZ|TIME ZONE/i.test(type) ? '%Y-%m-%d %H:%M:%S%z' : '%Y-%m-%d %H:%M:%S';
    return { format, formats: [format], ...parsedOf(await count(engine, table, column, type, [format])) };
  }
  const text = textOf(col, type);
  const shapes = await timeShapes(engine, table, column, type, sampleRows);

  const candidates: string[] = [];
  const dayMonth: { m: RegExpExecArray; row: FieldRow }[] = [];
  const dayMonthShapes: { m: RegExpExecArray; shape: string }[] = [];
  for (const shape of shapes) {
    const iso = ISO.exec(shape);
    const dm = DAY_MONTH.exec(shape);
    const epoch = EPOCH.exec(shape);
    if (iso) candidates.push(isoPattern(iso, shape));
    else if (dm) dayMonthShapes.push({ m: dm, shape });
    else if (shape === '99999999') candidates.push('%Y%m%d');
    else if (epoch && epoch[1].length >= 9) candidates.push(epoch[1].length <= 11 ? 'epoch_s' : 'epoch_ms');
  }
  if (dayMonthShapes.length > 0) {
    // Day and month fields are read only for the values of day/month shapes, and only when there
    // are any: max and min need no DISTINCT, so this reads the rows once more without grouping them.
    const fields = new Map((await dayMonthFields(engine, table, text, dayMonthShapes.map((d) => d.shape), sampleRows > 0)).map((r) => [r.shape, r]));
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

const textOf = (col: Fragment, type: string) => (/^VARCHAR/i.test(type) ? raw(`trim(${col.text})`) : raw(`trim(CAST(${col.text} AS VARCHAR))`));
// translate() rather than regexp_replace(s, '[0-9]', '9', 'g'): the same shape, several times
// faster on a million distinct values (the regular expression dominated the whole import).
const shapeOf = (s: Fragment) => raw(`translate(${s.text}, '0123456789', '9999999999')`);

/**
 * The shapes of the column's distinct non-empty text values (digits replaced by 9), most
 * distinct values first, then by shape, at most 1000 (the order detection reads them in).
 */
export async function timeShapes(engine: Engine, table: string, column: string, type: string, sampleRows = SHAPE_SAMPLE_ROWS): Promise<string[]> {
  const col = ident(column);
  const text = textOf(col, type);
  return (
    (await sampledShapes(engine, table, col, text, sampleRows)) ??
    (await engine.query<ShapeRow>(sql`
    WITH v AS (SELECT DISTINCT ${text} AS s FROM ${ident(table)} WHERE ${col} IS NOT NULL)
    SELECT ${shapeOf(raw('s'))} AS shape, count(*)::INTEGER AS n
    FROM v WHERE s <> '' GROUP BY shape ORDER BY n DESC, shape LIMIT 1000`)).map((r) => r.shape)
  );
}

/** Rows the shapes are first taken from (any rows: what they find is then checked on every value). */
export const SHAPE_SAMPLE_ROWS = 10_000;
/** More shapes than this in the sample: the general query. */
const SAMPLED_SHAPES_MAX = 8;

/**
 * A shape as a GLOB pattern that matches exactly the values of that shape: a digit for each 9,
 * every other character escaped. GLOB compares bytes; the shapes given are plain ASCII, so a value
 * with any other character cannot match. (GLOB costs about what reading the values costs; a
 * regular expression twice that, translate() 4-5 times.)
 */
function shapeGlob(shape: string): string {
  return shape.replace(/./g, (c) => (c === '9' ? '[0-9]' : '\\' + c));
}

/**
 * The column's shapes in the order of the general query (distinct values per shape, most first,
 * then the shape), without computing the shape of every value: translate() costs about 2 µs a
 * value in DuckDB-WASM (it builds its character map per call), about 2 s a million rows. The
 * shapes of a sample are found, then every value is checked against them with one GLOB pattern
 * per shape; only when they cover every value are they the answer (else null, and the
 * caller runs the general query). One shape needs no order, so no DISTINCT either; a few (plain
 * ASCII, so that JavaScript orders them as DuckDB does) are counted per distinct value.
 */
async function sampledShapes(engine: Engine, table: string, col: Fragment, text: Fragment, sampleRows: number): Promise<string[] | null> {
  if (sampleRows <= 0) return null;
  const found = (await engine.query<{ shape: string }>(sql`
    SELECT DISTINCT ${shapeOf(raw('s'))} AS shape
    FROM (SELECT ${text} AS s FROM ${ident(table)} WHERE ${col} IS NOT NULL LIMIT ${Math.trunc(sampleRows)}) WHERE s <> ''`)).map((r) => r.shape);
  if (found.length === 0 || found.length > SAMPLED_SHAPES_MAX || !found.every((s) => /^[\x20-\x7e]+$/.test(s))) return null;
  const match = found.map((s) => sql`s GLOB ${shapeGlob(s)}`);
  if (found.length === 1) {
    // No WHERE: a filter before the aggregate made this scan 1.3-1.5× slower in the page.
    const [r] = await engine.query<{ other: number }>(sql`
      SELECT count(*) FILTER (WHERE s <> '' AND NOT ${match[0]})::BIGINT AS other FROM (SELECT ${text} AS s FROM ${ident(table)})`);
    return Number(r.other) === 0 ? found : null;
  }
  const counts = match.map((m, i) => raw(`count(*) FILTER (WHERE ${m.text})::BIGINT AS ${ident(`n${i}`).text}`));
  const [r] = await engine.query<Row>(sql`
    WITH v AS (SELECT DISTINCT ${text} AS s FROM ${ident(table)} WHERE ${col} IS NOT NULL)
    SELECT count(*) FILTER (WHERE s <> '')::BIGINT AS total, ${join(counts)} FROM v`);
  const n = found.map((_, i) => Number(r[`n${i}`]));
  if (n.reduce((a, b) => a + b, 0) !== Number(r.total)) return null;
  return found
    .map((shape, i) => ({ shape, n: n[i] }))
    .sort((a, b) => b.n - a.n || (a.shape < b.shape ? -1 : a.shape > b.shape ? 1 : 0))
    .map((x) => x.shape);
}

/**
 * Per day/month shape: the largest first and second fields, and a date that reads both ways.
 * The values of those shapes are picked by GLOB patterns (`byGlob`; day/month shapes are plain
 * ASCII) or by translate() on every value, the same rows either way.
 */
async function dayMonthFields(engine: Engine, table: string, text: Fragment, shapes: string[], byGlob: boolean): Promise<FieldRow[]> {
  const first = raw(`TRY_CAST(regexp_extract(s, '^([0-9]+)', 1) AS INTEGER)`);
  const second = raw(`TRY_CAST(regexp_extract(s, '^[0-9]+[^0-9]([0-9]+)', 1) AS INTEGER)`);
  const shaped = byGlob
    ? sql`SELECT s, CASE ${join(shapes.map((x) => sql`WHEN s GLOB ${shapeGlob(x)} THEN ${x}`), ' ')} END AS shape FROM (SELECT ${text} AS s FROM ${ident(table)})`
    : sql`SELECT s, ${shapeOf(raw('s'))} AS shape FROM (SELECT ${text} AS s FROM ${ident(table)})`;
  return engine.query<FieldRow>(sql`
    WITH v AS (SELECT s, shape FROM (${shaped}) WHERE shape IN (${join(shapes.map((x) => lit(x)))})),
    w AS (SELECT s, shape, ${first} AS f1, ${second} AS f2 FROM v)
    SELECT shape, max(f1) AS f1, max(f2) AS f2,
      min(s) FILTER (WHERE f1 <> f2 AND f1 <= 12 AND f2 <= 12) AS ambiguous_example
    FROM w GROUP BY shape`);
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
  const present = /^VARCHAR/i.test(type) ? raw(`(${col.text} IS NOT NULL AND trim(${col.text}) <> '')`) : raw(`(${col.text} IS NOT NULL)`);
  const parts = formats.map((f, i) => raw(`${formatSql(col, f, formats, undefined, type).text} AS ${ident(`p${i}`).text}`));
  const names = formats.map((_, i) => ident(`p${i}`));
  const ts = names.length === 0 ? raw('NULL::TIMESTAMP') : names.length === 1 ? names[0] : raw(`coalesce(${join(names).text})`);
  const perFormat = names.map((n, i) => raw(`count(${n.text})::BIGINT AS ${ident(`f${i}`).text}`));
  const [r] = await engine.query<{ parsed: number; unparsed: number; example: string | null; [f: string]: unknown }>(sql`
    SELECT ${join([...perFormat, raw(`count(*) FILTER (WHERE present AND ${ts.text} IS NOT NULL)::BIGINT AS parsed`)])},
      count(*) FILTER (WHERE present AND ${ts} IS NULL)::BIGINT AS unparsed,
      min(v) FILTER (WHERE present AND ${ts} IS NULL) AS example
    FROM (SELECT ${join([...parts, raw(`${present.text} AS present`), raw(`CAST(${col.text} AS VARCHAR) AS v`)])} FROM ${ident(table)})`);
  return {
    perFormat: formats.map((_, i) => Number(r[`f${i}`] ?? 0)),
    parsed: Number(r.parsed),
    unparsed: Number(r.unparsed),
    ...(r.example !== null ? { unparsedExample: r.example } : {})
  };
}
