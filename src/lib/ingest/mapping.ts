import type { Engine, Row } from '../engine/engine';
import { ImportError, SpecError } from '../schema/errors';
import { ROLES, type ColumnRef, type Columns, type Role, type Source, type Spec, type Stage } from '../schema/types';
import { ident, lit, sql } from '../sql/quote';
import { guessRoles, type ColumnInfo } from './roles';
import { roleSample } from './table';
import { detectTimeFormat, readings, type TimeDetection } from './time/time-format';
import { offsetMinutes, timeSql } from './time/time-sql';

/** The parts of a spec that decide how files become events. */
export type MappingSpec = Pick<Spec, 'columns' | 'time_format' | 'utc_offset' | 'sources' | 'stages' | 'spend'>;

/** What the mapping needs of an imported file (structurally `ImportedFile` from ./import). */
export interface MappedFileInput {
  file: string;
  table: string;
  columns: ColumnInfo[];
  /** The table's rows, when known (an imported file): the role guess's sample is then one statement. */
  rows?: number;
}

/** How one file becomes events: every role resolved, and how its times are read. */
export interface FileMapping {
  file: string;
  table: string;
  /** Spec field errors point at: `columns` or `sources[i].columns`. */
  field: string;
  columns: Columns;
  /** Roles filled by guessing rather than named by the spec. */
  guessed: Role[];
  /** As given (`auto` when omitted), and what it came to: the formats `timeSql` reads. */
  time_format: string;
  formats: string[];
  utc_offset?: string;
  detection?: TimeDetection;
  /** Why this file cannot be built yet (a missing column, an ambiguous date …); empty when fine. */
  problems: (SpecError | ImportError)[];
}

const REQUIRED: Role[] = ['user', 'time', 'event'];
/**
 * Roles that may be a constant (`{"value": …}`). A constant time serves files with no time column
 * (one row per customer, contract: Experiment); a constant user would make every row one person.
 */
const CONSTANT_OK: Role[] = ['event', 'time', 'channel', 'campaign'];

function base(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** Whether a file name written in a spec names `file`: the same name, or the same without folders. */
export function namesFile(specName: string, file: string): boolean {
  return specName === file || base(specName) === base(file);
}

/** The `sources` entry for a file: same name, or same name without folders. */
export function sourceFor(sources: Source[] | undefined, file: string): { entry: Source; index: number } | undefined {
  const i = sources?.findIndex((s) => s.file === file) ?? -1;
  const j = i >= 0 ? i : (sources?.findIndex((s) => namesFile(s.file, file)) ?? -1);
  return j >= 0 ? { entry: sources![j], index: j } : undefined;
}

/**
 * Files in input order: the order of `sources` when it names every file (a spec that lists its
 * sources fixes their order), else the order given (`--data`, or as dropped).
 */
export function orderFiles<T extends { file: string }>(files: readonly T[], sources: Source[] | undefined): T[] {
  const pos = files.map((f) => sourceFor(sources, f.file)?.index);
  if (pos.some((p) => p === undefined)) return [...files];
  return files.map((f, i) => ({ f, p: pos[i]! })).sort((a, b) => a.p - b.p).map((x) => x.f);
}

/** Source column names a column reference reads (none for a constant or the row's line). */
export function refColumns(ref: ColumnRef): string[] {
  if (typeof ref === 'string') return [ref];
  if ('product' in ref) return [...ref.product];
  return [];
}

/** `{"row": true}`: every row is its own user, named by its line number in its file. */
export function isRowRef(ref: ColumnRef | undefined): ref is { row: true } {
  return typeof ref === 'object' && ref !== null && 'row' in ref;
}

/** `{"value": …}`: the same text on every row. */
export function constantOf(ref: ColumnRef | undefined): string | undefined {
  return typeof ref === 'object' && ref !== null && 'value' in ref ? ref.value : undefined;
}

/**
 * The import's warnings that still hold once the file's columns are known. `duplicate_rows` reads
 * a repeated line as a doubled event; with `{"row": true}` every line is a different customer, and
 * customers with identical answers are expected (a few columns of 0/1 and categories), so it goes.
 */
export function warningsUnder<W extends { code: string }>(warnings: readonly W[], columns: Columns | undefined): W[] {
  return isRowRef(columns?.user) ? warnings.filter((w) => w.code !== 'duplicate_rows') : [...warnings];
}

/** The roles as the page names them ("Each row's user" …). */
const ROLE_WORDS: Record<Role, string> = {
  user: 'user (customer id)', time: 'time', event: 'event name', channel: 'channel', campaign: 'campaign',
  revenue: 'revenue', order: 'order id', score: 'score'
};

/**
 * Checks the columns named for one file (pure): each must exist, constants and products only
 * where they make sense. Returns the problems, not throwing, so a page can show all of them.
 */
export function checkColumns(file: MappedFileInput, columns: Columns, field: string): SpecError[] {
  const names = new Set(file.columns.map((c) => c.name));
  const out: SpecError[] = [];
  for (const role of ROLES) {
    const ref = columns[role];
    if (ref === undefined) continue;
    const f = `${field}.${role}`;
    if (typeof ref === 'object' && 'value' in ref && !CONSTANT_OK.includes(role)) {
      out.push(new SpecError(`${f}: the ${role} cannot be a constant`, f, undefined, `${file.file}: the ${ROLE_WORDS[role]} cannot be the same value for every row; choose a column.`));
    } else if (typeof ref === 'object' && 'product' in ref && role !== 'revenue') {
      out.push(new SpecError(`${f}: only revenue can be a product of two columns`, f, undefined, `${file.file}: only the revenue can multiply two columns (price × quantity).`));
    } else if (isRowRef(ref) && role !== 'user') {
      out.push(new SpecError(`${f}: only the user can be the row's line number ({"row": true})`, f, undefined, `${file.file}: only the user can be "each row is a customer".`));
    }
    for (const c of refColumns(ref)) {
      if (!names.has(c)) {
        const known = file.columns.map((x) => x.name).join(', ');
        out.push(new SpecError(`${f}: no column "${c}" in file ${file.file} (columns: ${known})`, f, undefined, `${file.file} has no column "${c}" for the ${ROLE_WORDS[role]}; its columns are ${known}.`));
      }
    }
  }
  return out;
}

/**
 * Resolves the mapping of every file: the spec's columns (a `sources` entry's replacing the top
 * level's), the omitted roles guessed from names and a sample, and the time format
 * detected from all values when it is `auto`. Never throws for a file's problems: they are listed
 * on the file, and `buildEvents` refuses to build while any remain.
 */
export async function resolveMapping(engine: Engine, files: readonly MappedFileInput[], spec: MappingSpec, detections?: DetectionCache): Promise<FileMapping[]> {
  const out: FileMapping[] = [];
  for (const file of orderFiles(files, spec.sources)) out.push(await resolveFile(engine, file, spec, detections));
  return out;
}

/**
 * Time detections by table, column and type. Detection reads every value of the column, and the
 * page resolves the same mapping several times (the guess, each confirm); the owner of the raw
 * tables keeps one cache per set of tables and drops it when they are read again.
 */
export type DetectionCache = Map<string, Promise<TimeDetection>>;

function detect(engine: Engine, table: string, column: string, type: string, cache: DetectionCache | undefined): Promise<TimeDetection> {
  if (!cache) return detectTimeFormat(engine, table, column, type);
  const key = JSON.stringify([table, column, type]);
  let d = cache.get(key);
  if (!d) {
    d = detectTimeFormat(engine, table, column, type);
    cache.set(key, d);
    // A failed detection (a cancelled query) is tried again next time rather than remembered.
    d.catch(() => cache.delete(key));
  }
  return d;
}

async function resolveFile(engine: Engine, file: MappedFileInput, spec: MappingSpec, detections?: DetectionCache): Promise<FileMapping> {
  const src = sourceFor(spec.sources, file.file);
  const field = src ? `sources[${src.index}].columns` : 'columns';
  // An entry's `columns` replaces the top level's for its file (roles it omits are guessed):
  // files of different shapes rarely share column names.
  const named: Columns = { ...(src?.entry.columns ?? spec.columns) };
  const problems: (SpecError | ImportError)[] = checkColumns(file, named, field);
  const columns: Columns = { ...named };
  const guessed: Role[] = [];
  if (ROLES.some((r) => columns[r] === undefined)) {
    const taken = new Set(ROLES.flatMap((r) => (columns[r] === undefined ? [] : refColumns(columns[r]!))));
    const open = file.columns.filter((c) => !taken.has(c.name));
    const guess = guessRoles(open, await roleSample(engine, file.table, open, file.rows));
    for (const role of ROLES) {
      if (columns[role] === undefined && guess[role] !== undefined) {
        columns[role] = guess[role];
        guessed.push(role);
      }
    }
  }
  for (const role of REQUIRED) {
    if (columns[role] === undefined) {
      const hint =
        role === 'event' ? ', or a constant such as {"value": "purchase"}'
        : role === 'time' ? ', or a constant such as {"value": "2008-03-01"} when the file has no times'
        : ', or {"row": true} when each row is a customer';
      const people =
        role === 'event' ? 'choose the column with the event names, or give every row the same event name (a purchase log: "purchase")'
        : role === 'time' ? 'choose the column with the times, or use the same date for every row when the file has no times'
        : 'choose the column with the customer ids, or say that each row is a customer';
      problems.push(new SpecError(`${field}.${role}: no ${role} column found in file ${file.file}; name one${hint}`, `${field}.${role}`, undefined, `${file.file}: no column looks like the ${ROLE_WORDS[role]}: ${people}.`));
    }
  }

  const tfField = src?.entry.time_format !== undefined ? `sources[${src.index}].time_format` : 'time_format';
  const time_format = src?.entry.time_format ?? spec.time_format ?? 'auto';
  const utc_offset = src?.entry.utc_offset ?? spec.utc_offset;
  const mapping: FileMapping = { file: file.file, table: file.table, field, columns, guessed, time_format, formats: [], problems };
  if (utc_offset !== undefined) {
    const uoField = src?.entry.utc_offset !== undefined ? `sources[${src.index}].utc_offset` : 'utc_offset';
    try {
      offsetMinutes(utc_offset, uoField);
      mapping.utc_offset = utc_offset;
    } catch (e) {
      problems.push(e as SpecError);
    }
  }
  const timeCol = columns.time;
  const timeInfo = typeof timeCol === 'string' ? file.columns.find((c) => c.name === timeCol) : undefined;
  const timeValue = constantOf(timeCol);
  if (timeValue !== undefined) {
    // A constant time is read by the same rules as a column holding only that value.
    const f = `${field}.time`;
    const parsed = await constantTime(engine, timeValue, time_format === 'auto' ? undefined : time_format);
    mapping.formats = parsed.formats;
    if (!parsed.ok) {
      const why = time_format === 'auto'
        ? 'cannot be read under time_format "auto" (not a date the app knows, or a day/month date that reads both ways); give time_format'
        : `does not parse with time format "${time_format}"`;
      problems.push(new SpecError(`${f}: the constant time "${timeValue}" ${why}`, f, undefined, `${file.file}: the date "${timeValue}" given for every row cannot be read${time_format === 'auto' ? '; write it as YYYY-MM-DD or pick the time format' : ` with the time format "${time_format}"`}.`));
    }
    if (time_format !== 'auto') {
      const bad = await unusablePattern(engine, time_format);
      if (bad !== undefined) problems.push(new SpecError(`${tfField}: time format "${time_format}" cannot be used for file ${file.file}: ${bad}`, tfField, undefined, `${file.file}: the time format "${time_format}" cannot be used (${bad}).`));
    }
  } else if (time_format !== 'auto') {
    mapping.formats = [time_format];
    const bad = await unusablePattern(engine, time_format);
    if (bad !== undefined) problems.push(new SpecError(`${tfField}: time format "${time_format}" cannot be used for file ${file.file}: ${bad}`, tfField, undefined, `${file.file}: the time format "${time_format}" cannot be used (${bad}).`));
  } else if (timeInfo) {
    const d = await detect(engine, file.table, timeInfo.name, timeInfo.type, detections);
    mapping.detection = d;
    mapping.formats = d.formats;
    if (d.ambiguous) {
      const r = readings(d.ambiguous.example);
      problems.push(new SpecError(
        `${tfField}: dates in column "${timeInfo.name}" of file ${file.file} are ambiguous: "${d.ambiguous.example}" could be ${r.dayFirst} (day first, "${d.ambiguous.first}") or ${r.monthFirst} (month first, "${d.ambiguous.second}"); give time_format`,
        tfField, 'ambiguous_date',
        `${file.file}: dates in column "${timeInfo.name}" can be read two ways: "${d.ambiguous.example}" could be ${r.dayFirst} (day first) or ${r.monthFirst} (month first). Pick the time format.`));
    } else if (d.parsed === 0) {
      const ex = d.unparsedExample !== undefined ? ` (e.g. "${d.unparsedExample}")` : '';
      problems.push(new ImportError(`${file.file}: no value of time column "${timeInfo.name}" parses as a time${ex}; give time_format`, file.file));
    }
  }
  return mapping;
}

/**
 * The formats that read a constant time, found by detection over a one-row view holding it (so a
 * constant and a column of that value read alike, ambiguous day/month dates included), and whether
 * it parses.
 */
async function constantTime(engine: Engine, value: string, format: string | undefined): Promise<{ formats: string[]; ok: boolean }> {
  let formats: string[];
  if (format !== undefined) formats = [format];
  else {
    const view = '__constant_time';
    await engine.query(sql`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS SELECT CAST(${value} AS VARCHAR) AS v`);
    try {
      const d = await detectTimeFormat(engine, view, 'v', 'VARCHAR');
      formats = d.ambiguous || d.parsed === 0 ? [] : d.formats;
    } finally {
      await engine.query(sql`DROP VIEW IF EXISTS ${ident(view)}`);
    }
  }
  if (formats.length === 0) return { formats, ok: false };
  try {
    const [r] = await engine.query<{ t: unknown }>(sql`SELECT ${timeSql(lit(value), formats)} AS t`);
    return { formats, ok: r.t !== null };
  } catch {
    return { formats, ok: false };
  }
}

/** Why DuckDB refuses a strptime pattern (e.g. an unknown `%` code), or undefined when it takes it. */
async function unusablePattern(engine: Engine, format: string): Promise<string | undefined> {
  if (format === 'epoch_s' || format === 'epoch_ms') return undefined;
  try {
    await engine.query(sql`SELECT try_strptime('', ${format}) AS t`);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}
