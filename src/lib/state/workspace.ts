import type { Engine, Row } from '../engine/engine';
import { importFile, type ImportedFile, type SourceFile } from '../ingest/import';
import { buildEvents, restageEvents } from '../ingest/events';
import type { DetectionCache } from '../ingest/mapping';
import { guessFileMapping, type GuessedMapping } from './guess-mapping';
import type { EventSchema } from '../sql/columns';
import { eventNamesSql, overviewSql } from '../sql/overview';
import type { Filter, Spec } from '../spec/types';
import { runAnalysis } from '../analysis/run';
import { ident, join, lit, sql } from '../sql/quote';

export type Mapping = Omit<Spec, 'analysis' | 'version'>;
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
 * The page's data session without any UI: the engine, the dropped files and the events built
 * from them. Files are kept so that a crashed engine can be rebuilt and the files read again.
 */
export class Workspace {
  sources: SourceFile[] = [];
  files: ImportedFile[] = [];
  schema: EventSchema | null = null;
  private lastMapping: Mapping | null = null;
  private lastReports: MapReport[] = [];
  /** Time detections of the raw tables, shared by the guess and every build (see DetectionCache). */
  private detections: DetectionCache = new Map();

  constructor(public engine: Engine) {}

  async add(sources: SourceFile[], onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile[]> {
    const out: ImportedFile[] = [];
    for (const src of sources) {
      const index = this.sources.length;
      const imported = await importFile(this.engine, src, index, {
        signal,
        onProgress: (read, total) => onProgress?.(src.name, read, total)
      });
      this.sources.push(src);
      this.files.push(imported);
      out.push(imported);
    }
    return out;
  }

  async preview(file: ImportedFile, limit = 50): Promise<Row[]> {
    // As text: the preview shows values as the file has them, not Arrow's epoch numbers.
    const cols = join(file.columns.map((c) => sql`CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`));
    return this.engine.query(sql`SELECT ${cols} FROM ${ident(file.table)} ORDER BY "__row" LIMIT ${lit(Math.trunc(limit))}`.text);
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
    if (this.schema && this.lastMapping && sameExceptStages(this.lastMapping, mapping)) {
      await restageEvents(this.engine, mapping.stages);
      this.lastMapping = mapping;
      return this.lastReports;
    }
    let built: Awaited<ReturnType<typeof buildEvents>>;
    try {
      built = await buildEvents(this.engine, this.files, mapping, { detections: this.detections });
    } catch (e) {
      // A mapping problem is thrown before the old events are touched; past that point they are gone.
      const [left] = await this.engine.query("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'events'").catch(() => [{ n: 0 }]);
      if (Number(left?.n ?? 0) === 0) {
        this.schema = null;
        this.lastMapping = null;
      }
      throw e;
    }
    this.schema = built.schema;
    this.lastMapping = mapping;
    this.lastReports = built.files;
    return built.files;
  }

  async overview(filters?: Filter[]): Promise<Overview> {
    const [row] = await this.engine.query(overviewSql(this.requireSchema(), filters).text);
    return row as unknown as Overview;
  }

  async eventNames(): Promise<EventName[]> {
    this.requireSchema();
    return (await this.engine.query(eventNamesSql().text)) as unknown as EventName[];
  }

  async run(spec: Spec): Promise<unknown> {
    return runAnalysis(this.engine, this.requireSchema(), spec);
  }

  /** After a crash: a fresh engine, every file read again, the events rebuilt. */
  async recover(): Promise<void> {
    await this.engine.reset();
    const sources = this.sources;
    this.sources = [];
    this.files = [];
    this.schema = null;
    this.detections = new Map();
    await this.add(sources);
    if (this.lastMapping) await this.build(this.lastMapping);
  }

  private requireSchema(): EventSchema {
    if (!this.schema) throw new Error('No events yet: confirm the column mapping first.');
    return this.schema;
  }
}

function sameExceptStages(a: Mapping, b: Mapping): boolean {
  return JSON.stringify({ ...a, stages: undefined }) === JSON.stringify({ ...b, stages: undefined });
}
