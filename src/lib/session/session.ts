import { withSignal, type Engine, type Row } from '../engine/engine';
import { baseName, byteSize, importFile, importPath, type ImportedFile, type SourceFile } from '../ingest/import';
import { ANALYSIS_ADVICE, checkRows, engineMemoryLimit, isOutOfMemory, OutOfMemory, outOfMemoryMessage, type Place } from '../ingest/capacity';
import { ImportError } from '../schema/errors';
import { importFailure } from '../ingest/import-errors';
import { buildEvents, restageEvents } from '../ingest/events';
import { needsCompression, useCompressedStorage } from '../ingest/storage';
import { firstRows } from '../ingest/table';
import { resolveMapping, type DetectionCache, type FileMapping, type MappingSpec } from '../ingest/mapping';
import { guessFileMapping, type GuessedMapping } from './guess-mapping';
import { headOf, SAMPLE_SLOT } from './head-sample';
import { warmUp } from './warm-up';
import type { EventSchema } from '../sql/columns';
import { eventNamesSql, overviewSql } from '../sql/overview';
import { valueCountsSql, type ValueCount } from '../sql/values';
import type { Filter, Mapping, Spec } from '../schema/types';
import { runAnalysis, type AnalysisResult } from '../analysis/run';
import { ident, join, raw, sql } from '../sql/quote';

export type { Mapping, ValueCount };
export type MapReport = Awaited<ReturnType<typeof buildEvents>>['files'][number];

export interface Overview {
  events: number;
  users: number;
  first_ts: string | null;
  last_ts: string | null;
  purchasers: number;
  revenue: number | null;
  revenue_rows: number;
  /** The whole data's first and last event, whatever the filters and range. */
  data_first_ts: string | null;
  data_last_ts: string | null;
}

/** What the head of a big file shows before the whole file is read (Session.sample). */
export interface HeadSample {
  file: ImportedFile;
  preview: Row[];
  guess: GuessedMapping;
}

export interface EventName {
  event: string;
  rows: number;
  users: number;
}

/**
 * The data session, without any UI, of the page and the command line alike: the engine, the
 * files and the events built from them; import → build → analysis, with the memory guard and
 * out-of-memory recovery on every path. Files are kept so that a crashed engine can be rebuilt
 * and the files read again. Views never hold the engine: they ask the session (`view`).
 */
export class Session {
  sources: SourceFile[] = [];
  files: ImportedFile[] = [];
  schema: EventSchema | null = null;
  /** How the last build mapped each file (its roles, detected time formats). */
  mappings: FileMapping[] = [];
  /** Column value lists of the current events (see `valueCounts`); emptied by every build. */
  private valueLists = new Map<string, Promise<ValueCount[]>>();
  private lastMapping: Mapping | null = null;
  private lastReports: MapReport[] = [];
  /** How many of `files` the events were built from. */
  private builtFiles = 0;
  /** Time detections of the raw tables, shared by the guess and every build (see DetectionCache). */
  private detections: DetectionCache = new Map();
  /**
   * The engine's memory limit in bytes (null when unknown: then nothing is refused), asked for when
   * the workspace is made so that a first import does not wait for it before reading its file.
   */
  private limit: Promise<number | null>;
  private recovering: Promise<void> | null = null;
  /** Tables go to the compressed database (see storage.ts); a session only ever switches to it. */
  private compressed = false;

  /** The warm-up's run (see `warmUp`): an import waits for it, never fails because of it. */
  private warming: Promise<void> = Promise.resolve();

  /** `place`: the page or the command line, for the words of a refusal (what to do differs). */
  constructor(
    public engine: Engine,
    private place: Place = 'page'
  ) {
    this.limit = engineMemoryLimit(engine);
  }

  /**
   * Starts the page's warm-up (warm-up.ts): a tiny file through the whole path on a scratch
   * session over the same engine, so that the first real file does not pay for compiling it.
   */
  warmUp(): void {
    this.warming = warmUp(new Session(this.engine)).catch(async () => {
      // An engine the warm-up left dead is replaced before the first file is read (no file is
      // loaded yet: `add` waits for this).
      const alive = await this.engine.query(raw('SELECT 1 AS ok')).then(() => true, () => false);
      if (!alive) await this.engine.reset().catch(() => undefined);
    });
  }

  /** Settles when the warm-up (if any) is over: the bench starts its clock after it. */
  warmedUp(): Promise<void> {
    return this.warming;
  }

  /**
   * Imports `sources` one by one. A file that clearly cannot fit in the engine's memory is refused
   * with an ImportError (a CSV by its size before reading; any file by rows × columns after the
   * import, all files together), and one that runs the engine out of memory while it is read is
   * refused the same way; the files loaded before stay (the engine is rebuilt if it died).
   */
  async add(sources: SourceFile[], onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile[]> {
    const out: ImportedFile[] = [];
    await this.warming;
    const limit = await this.limit;
    await this.chooseStorage(sources, limit);
    for (const src of sources) {
      const index = this.sources.length;
      let imported: ImportedFile;
      try {
        imported = await importFile(this.engine, src, index, {
          signal,
          memoryLimit: limit,
          place: this.place,
          onProgress: (read, total) => onProgress?.(src.name, read, total)
        });
      } catch (e) {
        if (!isOutOfMemory(e)) {
          const failure = importFailure(e, baseName(src.name));
          // A file the engine gave up on leaves no half-read tables behind.
          if (failure !== e) await dropImport(this.engine, index, src.name).catch(() => undefined);
          throw failure;
        }
        await this.afterOutOfMemory(index, src.name);
        throw new ImportError(outOfMemoryMessage(e, `reading ${baseName(src.name)}`), baseName(src.name));
      }
      const tooBig = checkRows([...this.files, imported].map((f) => ({ file: f.file, rows: f.rows, columns: f.columns.length })), limit, this.place);
      if (tooBig) {
        await dropImport(this.engine, index, src.name);
        throw new ImportError(tooBig, imported.file);
      }
      this.sources.push(src);
      this.files.push(imported);
      out.push(imported);
    }
    return out;
  }

  /**
   * Reads `src` again in place of the file of the same name (a newer export dropped over it): the
   * same position, so its mapping stays; the next build is a full one. When the new file cannot
   * be read, the old one is read back and the error is thrown.
   */
  async replace(src: SourceFile, onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile> {
    const index = this.files.findIndex((f) => f.file === baseName(src.name));
    if (index < 0) throw new Error(`There is no file called ${baseName(src.name)} to replace.`);
    const old = this.sources[index];
    await dropImport(this.engine, index, old.name);
    this.detections.clear();
    this.builtFiles = -1;
    const limit = await this.limit;
    const read = (s: SourceFile) => importFile(this.engine, s, index, { signal, memoryLimit: limit, onProgress: (r, t) => onProgress?.(s.name, r, t) });
    try {
      this.files[index] = await read(src);
      this.sources[index] = src;
      return this.files[index];
    } catch (e) {
      await dropImport(this.engine, index, src.name).catch(() => undefined);
      this.files[index] = await read(old);
      throw isOutOfMemory(e) ? new ImportError(outOfMemoryMessage(e, `reading ${baseName(src.name)}`), baseName(src.name)) : importFailure(e, baseName(src.name));
    }
  }

  /**
   * Turns the session compressed when the files loaded so far and `incoming` need it. Files loaded
   * before sit in plain tables: the engine starts afresh and reads them again, compressed.
   */
  private async chooseStorage(incoming: SourceFile[], limit: number | null): Promise<void> {
    if (this.compressed) return;
    const inputs = [...this.sources, ...incoming].map((s) => ({ name: s.name, bytes: byteSize(s.data) }));
    if (!needsCompression(inputs, limit)) return;
    if (this.sources.length > 0) await this.restart(true);
    else await this.compress();
  }

  private async compress(): Promise<void> {
    await useCompressedStorage(this.engine);
    this.compressed = true;
  }

  async preview(file: ImportedFile, limit = 50): Promise<Row[]> {
    // As text: the preview shows values as the file has them, not Arrow's epoch numbers.
    return firstRows(this.engine, file.table, limit, join(file.columns.map((c) => sql`CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`)));
  }

  /**
   * The head of a big delimited file, read on its own so that the mapping screen shows before the
   * whole file is read (head-sample.ts): its columns, first rows and guessed mapping; null when the
   * file is read in full at once (or its head cannot be read: the full read then says why).
   * Nothing of it stays in the engine.
   */
  async sample(src: SourceFile, rows = 10): Promise<HeadSample | null> {
    const head = await headOf(src);
    if (!head) return null;
    await this.warming;
    const index = SAMPLE_SLOT + this.sources.length;
    try {
      const file = await importFile(this.engine, head, index, { memoryLimit: await this.limit });
      return { file, preview: await this.preview(file, rows), guess: await guessFileMapping(this.engine, file) };
    } catch {
      return null;
    } finally {
      await dropImport(this.engine, index, head.name).catch(() => undefined);
    }
  }

  /** The mapping the column mapper starts from for `file` (its time detection is kept for the build). */
  async guessMapping(file: ImportedFile): Promise<GuessedMapping> {
    return guessFileMapping(this.engine, file, this.detections);
  }

  /**
   * Builds `events` for `mapping`. When only the stages differ from the last build, only the
   * stage column is rewritten: same rows, same report.
   */
  async build(mapping: Mapping): Promise<MapReport[]> {
    try {
      return await this.buildOnce(mapping);
    } catch (e) {
      if (!isOutOfMemory(e)) throw e;
      // `events` is gone (dropped before the build) or half-made: the journey has to be built again.
      await this.engine.query(raw('DROP TABLE IF EXISTS events')).catch(() => undefined);
      this.schema = null;
      this.lastMapping = null;
      await this.afterOutOfMemory();
      throw new OutOfMemory(outOfMemoryMessage(e, 'building the journey from these files'));
    }
  }

  private async buildOnce(mapping: Mapping): Promise<MapReport[]> {
    this.valueLists.clear();
    // The files are part of what was built: a file added since means a full build.
    if (this.schema && this.lastMapping && this.builtFiles === this.files.length && sameExceptStages(this.lastMapping, mapping)) {
      await restageEvents(this.engine, mapping.stages);
      this.lastMapping = mapping;
      return this.lastReports;
    }
    let built: Awaited<ReturnType<typeof buildEvents>>;
    try {
      built = await buildEvents(this.engine, this.files, mapping, { detections: this.detections });
    } catch (e) {
      // A mapping problem is thrown before the old events are touched; past that point they are gone.
      const [left] = await this.engine.query(raw("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'events'")).catch(() => [{ n: 0 }]);
      if (Number(left?.n ?? 0) === 0) {
        this.schema = null;
        this.lastMapping = null;
      }
      throw e;
    }
    this.schema = built.schema;
    this.lastMapping = mapping;
    this.lastReports = built.files;
    this.mappings = built.mapping;
    this.builtFiles = this.files.length;
    return built.files;
  }

  /**
   * The overview's figures over the rows that pass `filters` inside `range` (sql/overview.ts);
   * `purchaseStage`: the stage whose users are the purchasers (state/stage-edits.ts purchaseStage).
   */
  async overview(filters?: Filter[], range?: Mapping['range'], purchaseStage?: string | null): Promise<Overview> {
    const schema = this.requireSchema();
    const [row] = await this.analysing('the overview', () => this.engine.query(overviewSql(schema, filters, range, purchaseStage)));
    return row as unknown as Overview;
  }

  /**
   * A column's values as text, most frequent first (a group picker's options). Asked once per
   * column and build: a builder asks again on every edit of its panel.
   */
  async values(name: string, limit = 200): Promise<string[]> {
    return (await this.valueCounts(name, '', limit)).map((r) => r.value);
  }

  /**
   * A column's values as text with how many events hold each, most frequent first, over all the
   * events (no filter: the filter bar offers values a filter may have removed); with `search`, only
   * values containing it, any case. Cached per column, search and build.
   */
  valueCounts(name: string, search = '', limit = 200): Promise<ValueCount[]> {
    const key = `${name}\u0000${search}\u0000${limit}`;
    let known = this.valueLists.get(key);
    if (!known) {
      known = this.analysing(`listing the values of ${name}`, async () => {
        const rows = await this.engine.query<{ v: string; n: number }>(valueCountsSql(this.requireSchema(), name, search, limit));
        return rows.map((r) => ({ value: String(r.v), count: Number(r.n) }));
      });
      // A failed list is asked again next time.
      known.catch(() => this.valueLists.delete(key));
      this.valueLists.set(key, known);
    }
    return known;
  }

  async eventNames(): Promise<EventName[]> {
    this.requireSchema();
    return (await this.analysing('listing the event names', () => this.engine.query(eventNamesSql()))) as unknown as EventName[];
  }

  async run(spec: Spec): Promise<AnalysisResult> {
    const schema = this.requireSchema();
    return this.analysing(`this ${spec.analysis.kind} analysis`, () => runAnalysis(this.engine, schema, spec));
  }

  /**
   * A panel's extra view (a funnel's time to convert …): `f` runs on the events with every query
   * tied to `signal` (a superseded view never holds up the next query), and out of memory is
   * handled as for an analysis.
   */
  async view<T>(what: string, signal: AbortSignal, f: (engine: Engine, schema: EventSchema) => Promise<T>): Promise<T> {
    const schema = this.requireSchema();
    return this.analysing(what, () => f(withSignal(this.engine, signal), schema));
  }

  /** How `spec` maps each file (columns checked, time formats detected), without building. */
  async resolve(spec: MappingSpec): Promise<FileMapping[]> {
    return resolveMapping(this.engine, this.files, spec, this.detections);
  }

  /** Stops what runs on the engine now (an import's query, an analysis). */
  cancel(): Promise<void> {
    return this.engine.cancel();
  }

  /** Runs `f`; when the engine runs out of memory, it is made usable again and the error explained. */
  private async analysing<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!isOutOfMemory(e)) throw e;
      await this.afterOutOfMemory();
      throw new OutOfMemory(outOfMemoryMessage(e, what, ANALYSIS_ADVICE));
    }
  }

  /**
   * After DuckDB's "Out of Memory Error": DuckDB itself stays usable (measured on the WASM build),
   * but the page's engine treats the error as fatal (browser.ts), so when the engine no longer
   * answers it is rebuilt with the files and events that fit before. Otherwise the half-read slot
   * `index` (if any) is dropped so that its memory is freed.
   */
  private async afterOutOfMemory(index?: number, name?: string): Promise<void> {
    const alive = await this.engine.query(raw('SELECT 1 AS ok')).then(
      () => true,
      () => false
    );
    if (!alive) await this.recover();
    else if (index !== undefined && name !== undefined) await dropImport(this.engine, index, name).catch(() => undefined);
  }

  /**
   * After a crash: a fresh engine, every file read again, the events rebuilt. Calls made while a
   * recovery runs share it.
   */
  recover(): Promise<void> {
    this.recovering ??= this.restart(this.compressed).finally(() => (this.recovering = null));
    return this.recovering;
  }

  /** A fresh engine (plain or compressed storage), every file read again, the events rebuilt. */
  private async restart(compressed: boolean): Promise<void> {
    await this.engine.reset();
    const sources = this.sources;
    this.sources = [];
    this.files = [];
    this.schema = null;
    this.detections = new Map();
    this.compressed = false;
    if (compressed) await this.compress();
    await this.add(sources);
    if (this.lastMapping) await this.build(this.lastMapping);
  }

  private requireSchema(): EventSchema {
    if (!this.schema) throw new Error('No events yet: confirm the column mapping first.');
    return this.schema;
  }
}

/** Drops what importing slot `index` made (raw tables and views, the registered file). */
export async function dropImport(engine: Engine, index: number, name: string): Promise<void> {
  const prefix = `raw_${index}`;
  const objects = await engine.query<{ name: string; kind: string }>(
    sql`SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE table_name = ${prefix} OR starts_with(table_name, ${prefix + '__'})
      UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE NOT internal AND (view_name = ${prefix} OR starts_with(view_name, ${prefix + '__'}))
      ORDER BY kind DESC`
  );
  // Views first: they read the tables.
  for (const o of objects) await engine.query(raw(`DROP ${o.kind === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(o.name).text}`));
  await engine.dropFile(importPath(index, name)).catch(() => undefined);
}

function sameExceptStages(a: Mapping, b: Mapping): boolean {
  return JSON.stringify({ ...a, stages: undefined }) === JSON.stringify({ ...b, stages: undefined });
}
