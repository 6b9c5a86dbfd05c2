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
import { asText, column, type EventSchema } from '../sql/columns';
import { eventNamesSql, overviewSql } from '../sql/overview';
import type { Filter, Mapping, Spec } from '../schema/types';
import { runAnalysis, type AnalysisResult } from '../analysis/run';
import { ident, join, raw, sql } from '../sql/quote';

export type { Mapping };
export type MapReport = Awaited<ReturnType<typeof buildEvents>>['files'][number];

export interface Overview {
  events: number;
  users: number;
  first_ts: string | null;
  last_ts: string | null;
  purchasers: number;
  revenue: number | null;
  revenue_rows: number;
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
  /** Column value lists of the current events (see `values`); emptied by every build. */
  private valueLists = new Map<string, Promise<string[]>>();
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

  /** `place`: the page or the command line, for the words of a refusal (what to do differs). */
  constructor(
    public engine: Engine,
    private place: Place = 'page'
  ) {
    this.limit = engineMemoryLimit(engine);
  }

  /**
   * Imports `sources` one by one. A file that clearly cannot fit in the engine's memory is refused
   * with an ImportError (a CSV by its size before reading; any file by rows × columns after the
   * import, all files together), and one that runs the engine out of memory while it is read is
   * refused the same way; the files loaded before stay (the engine is rebuilt if it died).
   */
  async add(sources: SourceFile[], onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile[]> {
    const out: ImportedFile[] = [];
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

  async overview(filters?: Filter[]): Promise<Overview> {
    const schema = this.requireSchema();
    const [row] = await this.analysing('the overview', () => this.engine.query(overviewSql(schema, filters)));
    return row as unknown as Overview;
  }

  /**
   * A column's values as text, most frequent first (a group picker's options). Asked once per
   * column and build: a builder asks again on every edit of its panel.
   */
  values(name: string, limit = 200): Promise<string[]> {
    let known = this.valueLists.get(name);
    if (!known) {
      known = this.analysing(`listing the values of ${name}`, async () => {
        const c = column(this.requireSchema(), name, 'column');
        const rows = await this.engine.query<{ v: string }>(
          sql`SELECT ${asText(c.expr, c.type)} AS v FROM events WHERE ${c.expr} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, v LIMIT ${limit}`
        );
        return rows.map((r) => String(r.v));
      });
      // A failed list is asked again next time.
      known.catch(() => this.valueLists.delete(name));
      this.valueLists.set(name, known);
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
async function dropImport(engine: Engine, index: number, name: string): Promise<void> {
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
