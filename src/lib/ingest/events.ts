import type { Engine } from '../engine/engine';
import { ImportError, SpecError } from '../schema/errors';
import type { ColumnRef, Stage } from '../schema/types';
import { asText, CANONICAL, type EventSchema } from '../sql/columns';
import { Fragment, ident, join, lit, raw, sql } from '../sql/quote';
import { constantOf, resolveMapping, type DetectionCache, type FileMapping, type MappedFileInput, type MappingSpec } from './mapping';
import { splitSpendFile } from './spend-file';
import { spendViewSql } from '../sql/spend';
import { timeSql } from './time/time-sql';

export type UnusableReason = 'no_user' | 'bad_time';

/** What mapping made of one file: rows in, rows loaded, and why the others were left out. */
export interface FileMapReport {
  file: string;
  rows_in_file: number;
  loaded: number;
  /** Each row counted once, under the first reason that applies (no_user before bad_time). */
  unusable: { reason: UnusableReason; count: number; lines: number[] }[];
}

/** How many example line numbers a report lists per reason. */
export const EXAMPLE_LINES = 20;

type Typed = Map<string, string>;

function refSql(ref: ColumnRef | undefined, types: Typed, target: 'text' | 'number'): Fragment {
  const nullOf = target === 'text' ? 'CAST(NULL AS VARCHAR)' : 'CAST(NULL AS DOUBLE)';
  if (ref === undefined) return raw(nullOf);
  // Every row its own user: its line in its file, as text (contract: Experiment).
  if (typeof ref === 'object' && 'row' in ref) return raw(`CAST("__line" AS VARCHAR)`);
  if (typeof ref === 'object' && 'value' in ref) return target === 'text' ? sql`CAST(${ref.value} AS VARCHAR)` : sql`TRY_CAST(${ref.value} AS DOUBLE)`;
  if (typeof ref === 'object' && 'product' in ref) {
    return raw(`(TRY_CAST(${ident(ref.product[0]).text} AS DOUBLE) * TRY_CAST(${ident(ref.product[1]).text} AS DOUBLE))`);
  }
  const c = ident(ref);
  return target === 'text' ? asText(c, types.get(ref) ?? 'VARCHAR') : raw(`TRY_CAST(${c.text} AS DOUBLE)`);
}

/** One file's rows in the shape of `events`, plus `__reason` (null when the row is usable). */
function fileSelect(m: FileMapping, file: MappedFileInput, offset: number): Fragment {
  const types: Typed = new Map(file.columns.map((c) => [c.name, c.type]));
  const timeRef = m.columns.time!;
  const ts = typeof timeRef === 'string'
    ? timeSql(ident(timeRef), m.formats, m.utc_offset, types.get(timeRef))
    : timeSql(lit(constantOf(timeRef) ?? null), m.formats, m.utc_offset);
  const user = refSql(m.columns.user, types, 'text');
  // Source columns keep their own names, unless the name is a canonical column (then the role has it).
  const canonical = new Set(Object.keys(CANONICAL).concat('__reason'));
  const rest = file.columns.filter((c) => !canonical.has(c.name.toLowerCase())).map((c) => ident(c.name));
  const inner = [
    raw(`CAST(${lit(offset).text} + "__row" AS BIGINT) AS row_id`),
    sql`CAST(${file.file} AS VARCHAR) AS file`,
    raw('CAST("__line" AS BIGINT) AS line'),
    raw(`${user.text} AS user_id`),
    raw(`${ts.text} AS ts`),
    raw(`${refSql(m.columns.event, types, 'text').text} AS event`),
    raw('CAST(NULL AS VARCHAR) AS stage'),
    raw(`${refSql(m.columns.channel, types, 'text').text} AS channel`),
    raw(`${refSql(m.columns.campaign, types, 'text').text} AS campaign`),
    raw(`${refSql(m.columns.revenue, types, 'number').text} AS revenue`),
    raw(`${refSql(m.columns.order, types, 'text').text} AS order_id`),
    raw(`${refSql(m.columns.score, types, 'number').text} AS score`),
    ...rest
  ];
  return raw(`SELECT *, CASE WHEN user_id IS NULL OR trim(user_id) = '' THEN 'no_user' WHEN ts IS NULL THEN 'bad_time' END AS __reason
    FROM (SELECT ${join(inner).text} FROM ${ident(file.table).text})`);
}

/** `CASE WHEN event IN (…) THEN 'stage' … END`; an event in two stages is a spec error. */
export function stageSql(stages: Stage[] | undefined): Fragment {
  if (!stages || stages.every((s) => s.events.length === 0)) return raw('CAST(NULL AS VARCHAR)');
  const seen = new Map<string, string>();
  const whens: Fragment[] = [];
  stages.forEach((s, i) => {
    for (const e of s.events) {
      const prev = seen.get(e);
      if (prev !== undefined && prev !== s.name) {
        throw new SpecError(`stages[${i}].events: event "${e}" is already in stage "${prev}"; an event belongs to one stage at most`, `stages[${i}].events`);
      }
      seen.set(e, s.name);
    }
    if (s.events.length > 0) whens.push(raw(`WHEN event IN (${join(s.events.map((e) => lit(e))).text}) THEN ${lit(s.name).text}`));
  });
  return raw(`CASE ${join(whens, ' ').text} END`);
}

/** What buildEvents may reuse from earlier calls on the same raw tables. */
export interface BuildOptions {
  detections?: DetectionCache;
}

/**
 * (Re)creates TABLE `events` (see src/lib/sql/columns.ts) from the imported raw tables: each
 * file mapped by the spec (roles it omits are guessed, `auto` times detected), stacked with
 * UNION ALL BY NAME in input order, rows without a user or a parseable time left out and
 * counted per file. Rows stay in input order (row_id): a sort of the whole table would hold it
 * uncompressed several times over (at 10M events more than DuckDB-WASM's 3.1 GiB; see capacity.ts).
 * Throws the first problem of the mapping (SpecError / ImportError) before touching `events`.
 * A file named by the spec's `spend` is not stacked (see splitSpendFile).
 *
 * Every row's time is parsed once: the table is built with all rows and their `__reason`, the
 * report is counted from it, and the unusable rows and `__reason` are then removed (both cheap).
 * The old `events` is dropped first, so that two copies never share the engine's memory.
 */
export async function buildEvents(engine: Engine, given: readonly MappedFileInput[], spec: MappingSpec, opts: BuildOptions = {}): Promise<{ schema: EventSchema; files: FileMapReport[]; mapping: FileMapping[] }> {
  const stage = stageSql(spec.stages);
  // The spend file (spec `spend`) is not an event file: it is left out here and kept as its raw
  // table, behind a view the KPIs read (src/lib/sql/spend.ts).
  const split = splitSpendFile(given, spec.spend, spec.sources);
  const files = split.events;
  for (const q of spendViewSql(split.spend)) await engine.query(q);
  const unknown = (spec.sources ?? []).findIndex((s) => !files.some((f) => f.file === s.file || f.file.split(/[\\/]/).pop() === s.file.split(/[\\/]/).pop()));
  if (unknown >= 0) {
    throw new SpecError(`sources[${unknown}].file: no file named "${spec.sources![unknown].file}" was given (files: ${files.map((f) => f.file).join(', ')})`, `sources[${unknown}].file`);
  }
  const mapping = await resolveMapping(engine, files, spec, opts.detections);
  for (const m of mapping) if (m.problems.length > 0) throw m.problems[0];
  if (mapping.length === 0) throw new ImportError('No file to build events from');

  const views: string[] = [];
  const starts: number[] = [];
  let reports: FileMapReport[];
  let offset = 0;
  try {
    for (const [i, m] of mapping.entries()) {
      const file = files.find((f) => f.file === m.file)!;
      const view = `__events_src_${i}`;
      views.push(view);
      starts.push(offset);
      await engine.query(raw(`CREATE OR REPLACE TEMP VIEW ${ident(view).text} AS ${fileSelect(m, file, offset).text}`));
      await checkTimes(engine, view, m);
      // Where the next file's row ids start: nothing follows the last file (one round trip less).
      if (i === mapping.length - 1) break;
      const [{ next }] = await engine.query<{ next: number }>(raw(`SELECT coalesce(max("__row") + 1, 0)::BIGINT AS next FROM ${ident(file.table).text}`));
      offset += Number(next);
    }
    const union = join(views.map((v) => raw(`SELECT * FROM ${ident(v).text}`)), ' UNION ALL BY NAME ');
    const fixed = Object.keys(CANONICAL).filter((c) => c !== 'stage');
    await engine.query(raw('DROP TABLE IF EXISTS events'));
    await engine.query(raw(`CREATE TABLE events AS
      SELECT ${join(fixed.slice(0, 6).map(ident)).text}, ${stage.text} AS stage, ${join(fixed.slice(6).map(ident)).text},
        * EXCLUDE (${join([...Object.keys(CANONICAL), '__reason'].map(ident)).text}), __reason
      FROM (${union.text})`));
    reports = await report(engine, mapping, starts);
    if (reports.some((r) => r.loaded < r.rows_in_file)) await engine.query(raw('DELETE FROM events WHERE __reason IS NOT NULL'));
    await engine.query(raw('ALTER TABLE events DROP COLUMN __reason'));
  } finally {
    for (const v of views) await engine.query(raw(`DROP VIEW IF EXISTS ${ident(v).text}`));
  }
  const described = await engine.query<{ column_name: string; column_type: string }>(raw('DESCRIBE events'));
  const schema: EventSchema = Object.fromEntries(described.map((d) => [d.column_name, d.column_type]));
  return { schema, files: reports, mapping };
}

/**
 * Before `events` is touched: the time format can be used (a pattern DuckDB refuses fails at the
 * first read) and, when the file has rows, at least one of them parses. Both stop at the first
 * row that answers, so a usable file costs almost nothing here.
 */
async function checkTimes(engine: Engine, view: string, m: FileMapping): Promise<void> {
  let r: { any_row: number | null; any_time: number | null };
  try {
    [r] = await engine.query(raw(`SELECT (SELECT 1 FROM ${ident(view).text} LIMIT 1) AS any_row,
      (SELECT 1 FROM ${ident(view).text} WHERE ts IS NOT NULL LIMIT 1) AS any_time`));
  } catch (e) {
    const field = m.field.replace(/columns$/, 'time_format');
    throw new SpecError(`${field}: time format "${m.formats.join('", "')}" cannot be used for file ${m.file}: ${(e as Error).message.split('\n')[0]}`, field);
  }
  if (r.any_row !== null && r.any_time === null) {
    const what = typeof m.columns.time === 'string' ? `value of time column "${m.columns.time}"` : `constant time "${constantOf(m.columns.time)}"`;
    // The time format is the mapping's (a person's or a link's choice), so the error names that field.
    const field = m.field.replace(/columns$/, 'time_format');
    throw new SpecError(`${field}: no ${what} of file ${m.file} parses with time format "${m.formats.join('", "')}"`, field);
  }
}

/** Per file (rows from `starts[i]` on): rows, rows loaded, and the unusable ones by reason. */
async function report(engine: Engine, mapping: FileMapping[], starts: number[]): Promise<FileMapReport[]> {
  const fileOf = raw(`CASE ${starts.map((s, i) => `WHEN row_id >= ${lit(s).text} THEN ${lit(i).text}`).reverse().join(' ')} END`);
  const rows = await engine.query<{ f: number; reason: string | null; n: number; lines: number[] | null }>(raw(`
    SELECT ${fileOf.text} AS f, __reason AS reason, count(*)::BIGINT AS n,
      (list(line ORDER BY line) FILTER (WHERE __reason IS NOT NULL))[1:${lit(EXAMPLE_LINES).text}] AS lines
    FROM events GROUP BY ALL`));
  const order: UnusableReason[] = ['no_user', 'bad_time'];
  return mapping.map((m, i) => {
    const mine = rows.filter((r) => Number(r.f) === i);
    return {
      file: m.file,
      rows_in_file: mine.reduce((s, r) => s + Number(r.n), 0),
      loaded: Number(mine.find((r) => r.reason === null)?.n ?? 0),
      unusable: mine
        .filter((r) => r.reason !== null)
        .sort((a, b) => order.indexOf(a.reason as UnusableReason) - order.indexOf(b.reason as UnusableReason))
        .map((r) => ({ reason: r.reason as UnusableReason, count: Number(r.n), lines: (r.lines ?? []).map(Number) }))
    };
  });
}

/**
 * Rewrites only the `stage` column of the existing `events` for new stages: what a stage edit (and
 * a first confirm, which guesses the stages from the built events' names) needs, without
 * reading and sorting every row again.
 */
export async function restageEvents(engine: Engine, stages: Stage[] | undefined): Promise<void> {
  const stage = stageSql(stages);
  await engine.query(raw(`UPDATE events SET stage = ${stage.text}`));
}
