import { EngineCrashed, isCrash, withSignal, type Engine, type Row } from '../engine/engine';
import { CANCEL_GRACE_MS, Supervisor, type SupervisorOptions } from './supervisor';
import { baseName, byteSize, importFile, importPath, type ImportedFile, type SourceFile } from '../ingest/import';
import { ANALYSIS_ADVICE, checkRows, engineMemoryLimit, isOutOfMemory, OutOfMemory, outOfMemoryMessage, type MemoryOwner, type Place } from '../ingest/capacity';
import { ImportError } from '../schema/errors';
import { importFailure } from '../ingest/import-errors';
import { buildEvents, restageEvents } from '../ingest/events';
import { needsCompression, useCompressedStorage } from '../ingest/storage';
import { firstRows } from '../ingest/table';
import { resolveMapping, type DetectionCache, type FileMapping, type MappingSpec } from '../ingest/mapping';
import { guessFileMapping, type GuessedMapping } from './guess-mapping';
import { headOf, SAMPLE_SLOT } from './head-sample';
import { warmUp } from './warm-up';
import { runReportChecks } from '../ingest/report-checks';
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

/**
 * What the session tells its owner about a rebuilt engine (the page shows one message and redraws):
 * `started` when a crash was noticed, then `done` (files read again, events rebuilt) or `failed`.
 */
export interface RestartEvent {
  phase: 'started' | 'done' | 'failed';
  /** What happened, in plain words ("its worker was ended"). */
  reason: string;
  /** The engine was stopped on purpose, to end a cancelled query that did not stop. */
  cancelled: boolean;
  files: number;
  error?: string;
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
  /** True while `restart` rebuilds the engine: a crash there ends the attempt, not a new recovery. */
  private restarting = false;
  /** Told when the engine is rebuilt after a crash (the page's message and redraw). */
  onRestart: ((event: RestartEvent) => void) | null = null;
  /** The engine behind its supervisor: a deadline on every call, pending calls ended on a crash. */
  readonly engine: Supervisor;
  /** Tables go to the compressed database (see storage.ts); a session only ever switches to it. */
  private compressed = false;

  /** The warm-up's run (see `warmUp`): an import waits for it, never fails because of it. */
  private warming: Promise<void> = Promise.resolve();
  /** Each import step's time-out (the import's own default when undefined). */
  private readonly importStepMs: number | undefined;

  /**
   * Imports leave the report's row checks (repeated lines, time problems) for `finishChecks`, so
   * that the first chart does not wait for them (the page; docs/STARTUP.md). Off by default: the
   * command line prints its report once, complete.
   */
  deferChecks = false;
  /** The deferred checks running now (see finishChecks): one run at a time. */
  private checking: Promise<ImportedFile[]> = Promise.resolve([]);
  /** Calls running that a person waits for (imports, builds, analyses): background work yields to them. */
  private foreground = 0;
  /** When the last foreground call ended (performance.now()). */
  private foregroundEnded = -Infinity;
  private idleWaiters: (() => void)[] = [];

  /**
   * `place`: the page or the command line, for the words of a refusal (what to do differs);
   * `options`: the supervisor's (every engine call's deadline). An engine that spills to disk
   * (native DuckDB) gets no deadline, on calls or on import steps, unless one is given: there a
   * statement may rightly run for an hour over 100M events, and no worker can die without a word.
   */
  constructor(
    engine: Engine,
    private place: Place = 'page',
    options: SupervisorOptions = {}
  ) {
    const deadlineMs = options.deadlineMs ?? (engine.spills ? Infinity : undefined);
    this.engine = new Supervisor(engine, { ...options, deadlineMs });
    this.importStepMs = deadlineMs === Infinity ? Infinity : undefined;
    this.limit = engineMemoryLimit(this.engine);
  }

  /**
   * Starts the page's warm-up (warm-up.ts): a tiny file through the whole path on a scratch
   * session over the same engine, so that the first real file does not pay for compiling it.
   */
  warmUp(): void {
    const scratch = new Session(this.engine);
    // A crash during the warm-up is rebuilt by the scratch session; the owner is told as for any crash.
    scratch.onRestart = (event) => this.onRestart?.(event);
    this.warming = warmUp(scratch).catch(async () => {
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
    await this.supervised('preparing the import', () => this.chooseStorage(sources, limit));
    // One file at a time: a crash while reading the second file rebuilds the first, then reads the second again.
    for (const src of sources) {
      out.push(await this.supervised(`reading ${baseName(src.name)}`, () => this.addOne(src, limit, onProgress, signal)));
    }
    return out;
  }

  private async addOne(src: SourceFile, limit: number | null, onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile> {
    const index = this.sources.length;
    let imported: ImportedFile;
    try {
      imported = await importFile(this.engine, src, index, {
        signal,
        timeoutMs: this.importStepMs,
        memoryLimit: limit,
        place: this.place,
        onProgress: (read, total) => onProgress?.(src.name, read, total),
        // A file read again after a crash is checked within its import: nothing is left to follow.
        deferChecks: this.deferChecks && !this.restarting
      });
    } catch (e) {
      if (isCrash(e) && !isOutOfMemory(e)) throw e;
      if (!isOutOfMemory(e)) {
        // A file refused or given up on leaves no half-read tables behind.
        await dropImport(this.engine, index, src.name).catch(() => undefined);
        throw importFailure(e, baseName(src.name));
      }
      await this.afterOutOfMemory(index, src.name);
      throw new ImportError(outOfMemoryMessage(e, `reading ${baseName(src.name)}`, undefined, this.memoryOwner), baseName(src.name));
    }
    const tooBig = checkRows([...this.files, imported].map((f) => ({ file: f.file, rows: f.rows, columns: f.columns.length })), limit, this.place);
    if (tooBig) {
      await dropImport(this.engine, index, src.name);
      throw new ImportError(tooBig, imported.file);
    }
    this.sources.push(src);
    this.files.push(imported);
    return imported;
  }

  /**
   * Reads `src` again in place of the file of the same name (a newer export dropped over it): the
   * same position, so its mapping stays; the next build is a full one. When the new file cannot
   * be read, the old one is read back and the error is thrown.
   */
  async replace(src: SourceFile, onProgress?: (file: string, read: number, total: number) => void, signal?: AbortSignal): Promise<ImportedFile> {
    const index = this.files.findIndex((f) => f.file === baseName(src.name));
    if (index < 0) throw new Error(`There is no file called ${baseName(src.name)} to replace.`);
    const limit = await this.limit;
    // Supervised like an import: a crash mid-way rebuilds the engine with the old file, then reads again.
    return this.supervised(`reading ${baseName(src.name)}`, async () => {
      const old = this.sources[index];
      await dropImport(this.engine, index, old.name);
      this.detections.clear();
      this.builtFiles = -1;
      const read = (s: SourceFile) => importFile(this.engine, s, index, { signal, timeoutMs: this.importStepMs, memoryLimit: limit, place: this.place, onProgress: (r, t) => onProgress?.(s.name, r, t) });
      try {
        this.files[index] = await read(src);
        this.sources[index] = src;
        return this.files[index];
      } catch (e) {
        if (isCrash(e) && !isOutOfMemory(e)) throw e;
        await dropImport(this.engine, index, src.name).catch(() => undefined);
        this.files[index] = await read(old);
        throw isOutOfMemory(e) ? new ImportError(outOfMemoryMessage(e, `reading ${baseName(src.name)}`, undefined, this.memoryOwner), baseName(src.name)) : importFailure(e, baseName(src.name));
      }
    });
  }

  /**
   * Turns the session compressed when the files loaded so far and `incoming` need it. Files loaded
   * before sit in plain tables: the engine starts afresh and reads them again, compressed.
   */
  private async chooseStorage(incoming: SourceFile[], limit: number | null): Promise<void> {
    if (this.compressed) return;
    const inputs = [...this.sources, ...incoming].map((s) => ({ name: s.name, bytes: byteSize(s.data) }));
    if (!needsCompression(inputs, limit)) return;
    if (this.sources.length > 0) await this.restart([...this.sources], this.lastMapping, true);
    else await this.compress();
  }

  private async compress(): Promise<void> {
    await useCompressedStorage(this.engine);
    this.compressed = true;
  }

  async preview(file: ImportedFile, limit = 50): Promise<Row[]> {
    // As text: the preview shows values as the file has them, not Arrow's epoch numbers. After a
    // rebuild the file's table has the same name.
    return this.supervised(`showing ${file.file}`, () => firstRows(this.engine, file.table, limit, join(file.columns.map((c) => sql`CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`)), file.rows));
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
    return this.inForeground(() => this.sampleHead(head, rows));
  }

  private async sampleHead(head: SourceFile, rows: number): Promise<HeadSample | null> {
    const index = SAMPLE_SLOT + this.sources.length;
    try {
      // The head's own report is never shown (the whole file's is): its row checks are not run.
      const file = await importFile(this.engine, head, index, { memoryLimit: await this.limit, deferChecks: true });
      return { file, preview: await this.preview(file, rows), guess: await guessFileMapping(this.engine, file) };
    } catch {
      return null;
    } finally {
      await dropImport(this.engine, index, head.name).catch(() => undefined);
    }
  }

  /**
   * Runs the report checks the imports left for later (`deferChecks`), file by file, and completes
   * each file in `files` (a new object: its warnings with the checks' own, `checks.found`).
   * Resolves with the files completed. A failed check becomes a warning of its file (see
   * runReportChecks); a crash rebuilds the engine, whose files are then checked within their import.
   */
  finishChecks(): Promise<ImportedFile[]> {
    const run = this.checking.catch(() => []).then(() =>
      this.supervised('checking the files', async () => {
        const done: ImportedFile[] = [];
        for (const f of [...this.files]) {
          if (!f.checks?.running) continue;
          const checked = await runReportChecks(this.inBackground(), f);
          // A file read again meanwhile (replace, a rebuild) is not overwritten by the old one's checks.
          const i = this.files.indexOf(f);
          if (i < 0) continue;
          this.files[i] = checked;
          done.push(checked);
        }
        return done;
      }, true)
    );
    this.checking = run;
    return run;
  }

  /**
   * The engine for work nobody waits for (the deferred checks): each statement waits until no
   * foreground call has run for IDLE_QUIET_MS (a page's chain of calls, e.g. a confirm's build →
   * names → stages → overview → funnel, follows on from each answer within that). A foreground
   * call waits at most for the one background statement already running.
   */
  private inBackground(): Engine {
    const engine = this.engine;
    return {
      query: async (stmt, signal) => {
        await this.idle();
        return engine.query(stmt, signal);
      },
      registerFile: (path, source) => engine.registerFile(path, source),
      dropFile: (path) => engine.dropFile(path),
      insertArrowIPC: (table, ipc) => engine.insertArrowIPC(table, ipc),
      cancel: () => engine.cancel(),
      reset: () => engine.reset(),
      close: () => engine.close()
    };
  }

  private async idle(): Promise<void> {
    for (;;) {
      while (this.foreground > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
      // A chain of calls may pause between two of them for more than a macrotask (the page loads
      // a module, paints): after a foreground call, a short quiet time before the next statement.
      const quiet = this.foregroundEnded + IDLE_QUIET_MS - performance.now();
      await new Promise((r) => setTimeout(r, Math.max(0, quiet)));
      if (this.foreground === 0 && performance.now() >= this.foregroundEnded + IDLE_QUIET_MS) return;
    }
  }

  /** The mapping the column mapper starts from for `file` (its time detection is kept for the build). */
  async guessMapping(file: ImportedFile): Promise<GuessedMapping> {
    return this.supervised(`reading the columns of ${file.file}`, () => guessFileMapping(this.engine, file, this.detections));
  }

  /**
   * Builds `events` for `mapping`. When only the stages differ from the last build, only the
   * stage column is rewritten: same rows, same report.
   */
  async build(mapping: Mapping): Promise<MapReport[]> {
    return this.supervised('building the journey', () => this.buildGuarded(mapping));
  }

  private async buildGuarded(mapping: Mapping): Promise<MapReport[]> {
    try {
      return await this.buildOnce(mapping);
    } catch (e) {
      if (!isOutOfMemory(e)) throw e;
      // `events` is gone (dropped before the build) or half-made: the journey has to be built again.
      await this.engine.query(raw('DROP TABLE IF EXISTS events')).catch(() => undefined);
      this.schema = null;
      this.lastMapping = null;
      await this.afterOutOfMemory();
      throw new OutOfMemory(outOfMemoryMessage(e, 'building the journey from these files', undefined, this.memoryOwner));
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
    // The schema is read when the call runs: a rebuild (recover) makes it anew.
    const [row] = await this.analysing('the overview', () => this.engine.query(overviewSql(this.requireSchema(), filters, range, purchaseStage)));
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
    const names = await this.analysing('listing the event names', () => {
      this.requireSchema();
      return this.engine.query(eventNamesSql());
    });
    return names as unknown as EventName[];
  }

  async run(spec: Spec): Promise<AnalysisResult> {
    return this.analysing(`this ${spec.analysis.kind} analysis`, () => runAnalysis(this.engine, this.requireSchema(), spec));
  }

  /**
   * A panel's extra view (a funnel's time to convert …): `f` runs on the events with every query
   * tied to `signal` (a superseded view never holds up the next query), and out of memory is
   * handled as for an analysis.
   */
  async view<T>(what: string, signal: AbortSignal, f: (engine: Engine, schema: EventSchema) => Promise<T>): Promise<T> {
    return this.analysing(what, () => f(withSignal(this.engine, signal), this.requireSchema()));
  }

  /** How `spec` maps each file (columns checked, time formats detected), without building. */
  async resolve(spec: MappingSpec): Promise<FileMapping[]> {
    return this.supervised('checking the columns', () => resolveMapping(this.engine, this.files, spec, this.detections));
  }

  /**
   * Stops what runs on the engine now (an import's query, an analysis) within 2 s: DuckDB is asked
   * to interrupt it, and a query that does not stop in time (some ignore the interrupt) is ended
   * with its worker; the engine is rebuilt with the files, as after a crash.
   */
  async cancel(): Promise<void> {
    await this.engine.cancel();
    if (await this.engine.finished(CANCEL_GRACE_MS)) return;
    this.engine.fail(new EngineCrashed(CANCELLED, false), new EngineCrashed('a query before this one was cancelled'));
    await this.recover(new EngineCrashed(CANCELLED, false)).catch(() => undefined);
  }

  /** Whose memory an out-of-memory message speaks of. */
  private get memoryOwner(): MemoryOwner {
    return this.engine.spills ? 'native' : this.place;
  }

  /** Runs `f`; when the engine runs out of memory, it is made usable again and the error explained. */
  private async analysing<T>(what: string, f: () => Promise<T>): Promise<T> {
    return this.supervised(what, async () => {
      try {
        return await f();
      } catch (e) {
        if (!isOutOfMemory(e)) throw e;
        await this.afterOutOfMemory();
        throw new OutOfMemory(outOfMemoryMessage(e, what, ANALYSIS_ADVICE, this.memoryOwner));
      }
    });
  }

  /**
   * Runs `f` under the supervisor: when the engine dies under it (or traps past its deadline), the
   * engine is rebuilt with every file and the events (`recover`), and `f` runs once more on the new
   * engine, so the caller gets its answer. A call that trapped the engine, or was cancelled, is not
   * run again: the caller gets a message saying so. A call made while a rebuild runs waits for it.
   */
  private supervised<T>(what: string, f: () => Promise<T>, background = false): Promise<T> {
    return background ? this.supervisedRun(what, f) : this.inForeground(() => this.supervisedRun(what, f));
  }

  /** Runs `f` as work a person waits for: background statements (inBackground) wait until it is over. */
  private async inForeground<T>(f: () => Promise<T>): Promise<T> {
    this.foreground++;
    try {
      return await f();
    } finally {
      if (--this.foreground === 0) {
        this.foregroundEnded = performance.now();
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    }
  }

  private async supervisedRun<T>(what: string, f: () => Promise<T>): Promise<T> {
    if (this.recovering) await this.recovering.catch(() => undefined);
    for (let attempt = 0; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (!isCrash(e) || isOutOfMemory(e)) throw e;
        // Cancelled: said at once; the rebuild goes on (the next call waits for it).
        if (e.reason === CANCELLED) {
          void this.recover(e).catch(() => undefined);
          throw new Error(`Cancelled: ${what} was stopped. Your files are still loaded.`);
        }
        await this.recover(e);
        if (!e.retry) throw new EngineStopped(`The analysis engine stopped during ${what} (${e.reason}) and was restarted with your files. Try a narrower question.`);
        if (attempt > 0) throw new EngineStopped(`The analysis engine stopped twice during ${what}; it was restarted with your files. Try again, or a narrower question.`);
      }
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
    if (!alive) {
      // Out of memory while the engine is rebuilt: that attempt fails (recover tries again).
      if (this.restarting) throw new EngineCrashed('it ran out of memory while restarting', false);
      await this.recover(new EngineCrashed('it ran out of memory'), false);
    } else if (index !== undefined && name !== undefined) await dropImport(this.engine, index, name).catch(() => undefined);
  }

  /**
   * After a crash: a fresh engine, every file read again from what the session holds (bytes or the
   * browser's File), the events rebuilt for the last mapping. Calls made while a recovery runs
   * share it. A rebuild that fails is tried again (three times in all); `announce` tells the owner
   * (onRestart: the page's message and redraw), which an out-of-memory rebuild, already explained
   * by its own message, does not.
   */
  recover(cause?: unknown, announce = true): Promise<void> {
    this.recovering ??= this.restartAfter(cause, announce).finally(() => (this.recovering = null));
    return this.recovering;
  }

  private async restartAfter(cause: unknown, announce: boolean): Promise<void> {
    const reason = isCrash(cause) ? cause.reason : String((cause as Error)?.message ?? 'it stopped');
    const cancelled = reason === CANCELLED;
    // What the rebuild replays: a failed attempt must not lose files the next one needs.
    const sources = [...this.sources];
    const mapping = this.lastMapping;
    const compressed = this.compressed;
    const tell = (phase: RestartEvent['phase'], error?: string) =>
      announce && this.onRestart?.({ phase, reason, cancelled, files: sources.length, ...(error ? { error } : {}) });
    tell('started');
    let last: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.restart(sources, mapping, compressed);
        tell('done');
        return;
      } catch (e) {
        last = e;
      }
    }
    tell('failed', String((last as Error)?.message ?? last));
    throw last;
  }

  /** A fresh engine (plain or compressed storage), `sources` read again, `mapping` built again. */
  private async restart(sources: SourceFile[], mapping: Mapping | null, compressed: boolean): Promise<void> {
    this.restarting = true;
    try {
      await this.engine.reset();
      this.sources = [];
      this.files = [];
      this.schema = null;
      this.lastMapping = null;
      this.valueLists.clear();
      this.detections = new Map();
      this.compressed = false;
      if (compressed) await this.compress();
      const limit = await this.limit;
      for (const src of sources) await this.addOne(src, limit);
      if (mapping) await this.buildOnce(mapping);
    } finally {
      this.restarting = false;
    }
  }

  private requireSchema(): EventSchema {
    if (!this.schema) throw new Error('No events yet: confirm the column mapping first.');
    return this.schema;
  }
}

/**
 * How long no foreground call must have run before a background statement starts (Session.idle):
 * long enough for a confirm's chain (a module load between two calls) and for the page to paint
 * the answer it just got (the dashboard's first render took 0.2–0.3 s on the loaded 2-core machine).
 */
const IDLE_QUIET_MS = 250;

/** The reason of the crash `cancel` makes on purpose (a cancelled query that did not stop). */
const CANCELLED = 'a cancelled query did not stop';

/** A call the engine could not finish even after it was rebuilt (see Session.supervised). */
export class EngineStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStopped';
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
