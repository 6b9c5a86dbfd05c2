import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import type { AnalysisResult } from '../analysis/run';
import { byteSize, type ImportedFile, type SourceFile } from '../ingest/import';
import { followedChecks } from '../ingest/report-checks';
import { DEFAULT_STAGES, type Analysis, type Columns, type Filter, type Mapping, type PanelScope, type Spec, type Stage, type FunnelResult } from '../schema/types';
import { scopedMapping } from './panel-scope';
import { decodeState, encodeState, type DashboardState } from './url-codec';
import { fitView, viewSteps, type PanelView } from './panel-view';
import { Session, type EventName, type HeadSample, type MapReport, type Overview, type ValueCount } from '../session/session';
import type { GuessedMapping } from '../session/guess-mapping';
import { reconcileHead } from './head-reconcile';
import type { MappingProblem } from '../session/guess-mapping';
import { forPeople } from '../schema/errors';
import { restartNotice } from './restart-notice';
import { looksLikeSpend } from '../ingest/spend-shape';
import { eventsMapping, spendOf, type SpendColumns } from './spend-choice';
import { linkedFiles, linkFilesOf } from './link-files';
import { COMPARED_KINDS, Comparison, runPrevious, type PreviousOutcome } from './compare.svelte';
import { EditHistory, type Edit, type HistoryMode } from './edit-history';
import { copyTitle, insertAt, moveItem, removeAt, startView } from './dashboard-edits';
import { addStage, purchaseStage, removeStage, renameStage } from './stage-edits';
import { sameAnalysis } from './same-analysis';
import { splitDropped } from './dropped-files';

/** A panel's extra view: its queries, on the engine the session hands it. */
export type ViewQuery<T> = (engine: Engine, schema: EventSchema) => Promise<T>;

/**
 * The dashboard-wide fields of a link: kept, applied and written back. The page edits `spend` (a
 * dropped file confirmed as ad spend), its filters (the filter bar) and range (the date range).
 */
type Globals = Pick<Mapping, 'filters' | 'range' | 'spend'>;

/**
 * Per file, what the mapping screen says beside the mapping (not part of the spec): the detected
 * time format, problems to resolve, and for a big file shown from its first lines (`partial` while
 * it is read) what the whole file said differently.
 */
export interface FileNotes {
  detected: string;
  problems: MappingProblem[];
  partial?: boolean;
  changes?: string[];
}

export interface FileMapping {
  columns: Columns;
  time_format: string;
  utc_offset?: string;
}

export interface UrlIO {
  read(): string;
  /** `push`: a history entry of its own (a person's edit); `replace`: rewrite the current one. */
  write(fragment: string, mode: HistoryMode): void;
}

export type Phase = 'landing' | 'importing' | 'mapping' | 'building' | 'dashboard';

/**
 * Everything the page shows, as runes. It does not import the router: the URL reader/writer is
 * passed in, defaults never write the URL, only user actions do (STYLE.md 6, 8).
 */
export class AppState {
  phase = $state<Phase>('landing');
  engineReady = $state(false);
  error = $state<string | null>(null);
  /** What happened to the engine, when it was rebuilt (restart-notice.ts); not an error. */
  notice = $state<string | null>(null);
  progress = $state<{ file: string; read: number; total: number } | null>(null);
  files = $state<ImportedFile[]>([]);
  previews = $state<Record<string, Record<string, unknown>[]>>({});
  fileMappings = $state<FileMapping[]>([]);
  /** Per file: the detected time format and problems found while guessing (not part of the spec). */
  fileNotes = $state<FileNotes[]>([]);
  /** A confirm clicked while a file is still read waits for it (the button says so). */
  confirmWaiting = $state(false);
  /** Settles when the files being read are in (null when none is read). */
  private reading: Promise<void> | null = null;
  stages = $state<Stage[]>([]);
  reports = $state<MapReport[]>([]);
  overview = $state<Overview | null>(null);
  eventNames = $state<EventName[]>([]);
  stageResult = $state<FunnelResult | null>(null);
  panels = $state<Analysis[]>([]);
  /** One entry per panel: how it is shown (carried in the link, see panel-view.ts). */
  views = $state<PanelView[]>([]);
  /** One entry per panel: its own filters and range (panel-scope.ts); missing means none. */
  scopes = $state<(PanelScope | undefined)[]>([]);
  /** One entry per panel: its last result, or the error a person can act on. */
  results = $state<({ ok: true; value: AnalysisResult; previous?: PreviousOutcome } | { ok: false; error: string; outOfMemory?: boolean } | null)[]>([]);
  /** Compare to the previous period (compare.svelte.ts): the setting and the overview's previous figures. */
  compare = new Comparison();
  /** Filters, range … of the dashboard (from its link), applied to every panel and shown above them. */
  globals = $state<Globals>({});
  /** Per file name: the spend columns proposed for a file shaped like ad spend (looksLikeSpend). */
  spendOffers = $state<Record<string, SpendColumns>>({});
  /** Files whose spend offer was declined: they are mapped as events. */
  spendDeclined = $state<Record<string, true>>({});
  running = $state<boolean[]>([]);
  /** The dashboard's own title (in the link); undefined: the default. */
  title = $state<string | undefined>(undefined);
  /** The panel removed last, until it is restored ("Undo") or another panel is removed. */
  removed = $state<{ at: number; panel: Analysis; view: PanelView; scope?: PanelScope; result: AppState['results'][number]; title: string } | null>(null);
  private versions: number[] = [];
  /** Query versions are unique across panels, so a panel moved mid-query never takes another's answer. */
  private seq = 0;
  private history = new EditHistory();
  /** The fragment written or followed last: Back/Forward to it is no change. */
  private written = '';
  private importAbort: AbortController | null = null;
  private recovering = false;
  private inFlight: number | null = null;
  busy = $state(false);

  session: Session | null = null;
  private enginePromise: Promise<Engine>;
  /** A state decoded from the link the page was opened with, applied to the files dropped next. */
  private linked: Promise<DashboardState | null>;
  /** The same, for the page to show the dashboard's outline and the files it needs; null once applied. */
  linkState = $state<DashboardState | null>(null);

  /**
   * `warmUp`: the page runs a tiny file through the engine while the person picks one (session/warm-up.ts);
   * `deferChecks` (on unless false): the import report's row checks wait for the engine's idle time (followChecks).
   */
  constructor(startEngine: () => Promise<Engine>, private url?: UrlIO, opts: { warmUp?: boolean; deferChecks?: boolean } = {}) {
    const fragment = url?.read() ?? '';
    this.linked = fragment
      ? decodeState(fragment).then((s) => (this.linkState = s)).catch((e) => {
          this.error = `This link's dashboard could not be read: ${(e as Error).message}`;
          return null;
        })
      : Promise.resolve(null);
    this.enginePromise = startEngine().then((e) => {
      this.session = new Session(e);
      // The session rebuilds a crashed engine itself; the page says so once and redraws.
      this.session.onRestart = (ev) => {
        this.notice = restartNotice(ev);
        if (ev.phase === 'done') void this.redraw();
        if (ev.phase === 'failed') this.error = `The engine could not be restarted: ${ev.error}. Reload the page and drop the files again.`;
      };
      this.session.deferChecks = opts.deferChecks !== false;
      if (opts.warmUp) this.session.warmUp();
      this.engineReady = true;
      return e;
    });
    this.enginePromise.catch((e) => (this.error = `The analysis engine could not start: ${(e as Error).message}`));
  }

  /** The spec fields that describe how files become events (shared by every panel). */
  get mapping(): Mapping {
    const stages = $state.snapshot(this.stages);
    const globals = $state.snapshot(this.globals) as Globals;
    const files = this.files.map((f, i) => ({ file: f.file, ...($state.snapshot(this.fileMappings[i]) as FileMapping) }));
    // The spend file (globals.spend) is read by the KPIs only, never stacked into the events.
    return { ...eventsMapping(files, globals.spend?.file), stages, ...globals };
  }

  /** The build's report of a file (none for the spend file, which is not built into events). */
  reportOf(file: string): MapReport | undefined {
    return this.reports.find((r) => r.file === file);
  }

  /** Uses `file` as the dashboard's ad spend with these columns (one spend file at a time). */
  useAsSpend(file: string, columns: SpendColumns): void {
    delete this.spendDeclined[file];
    // A link's time format for the same file stays (the page does not edit it).
    const same = this.globals.spend?.file === file ? this.globals.spend : undefined;
    this.globals = { ...this.globals, spend: { ...same, ...spendOf(file, columns) } };
  }

  /** Maps `file` as events after all (the spend offer declined, or a spend file given up). */
  declineSpend(file: string): void {
    this.spendDeclined[file] = true;
    if (this.globals.spend?.file === file) {
      const { spend: _, ...rest } = this.globals;
      this.globals = rest;
    }
  }

  /** Reads dropped files: a new name is added, a name already read is read again in its place. */
  async addFiles(sources: SourceFile[]): Promise<void> {
    this.error = null;
    const was = this.phase;
    this.phase = 'importing';
    const start = this.files.length;
    let early = false;
    let applied = false;
    let waiting = false;
    let rebuild = false;
    let done!: () => void;
    this.reading = new Promise<void>((r) => (done = r));
    try {
      await this.enginePromise;
      const ws = this.session!;
      this.importAbort = new AbortController();
      const progress = (file: string, read: number, total: number) => (this.progress = { file, read, total });
      const { again, fresh } = splitDropped(sources, ws.files.map((f) => f.file));
      for (const src of again) {
        const f = await ws.replace(src, progress, this.importAbort.signal);
        this.previews[f.file] = await ws.preview(f, 10);
      }
      if (again.length && !fresh.length && was === 'dashboard') {
        // Newer exports of the same files: the same mapping, the dashboard rebuilt at once.
        this.files = [...ws.files];
        rebuild = true;
      } else {
        // Big delimited files are mapped from their first lines while they are read in full
        // (docs/PROGRESSIVE.md): the person checks the columns instead of waiting.
        const heads: (HeadSample | null)[] = [];
        for (const src of fresh) heads.push(await ws.sample(src));
        early = heads.length > 0 && heads.every((h) => h !== null);
        if (early) {
          for (const h of heads as HeadSample[]) this.showFile(h.file, h.preview, h.guess, true);
          this.progress = { file: fresh[0].name, read: 0, total: byteSize(fresh[0].data) };
          this.phase = 'mapping';
        }
        const added = fresh.length ? await ws.add(fresh, progress, this.importAbort.signal) : [];
        for (const [k, f] of added.entries()) {
          const preview = await ws.preview(f, 10);
          const g = await ws.guessMapping(f);
          const h = early ? heads[k] : null;
          if (h) {
            const i = start + k;
            const current = $state.snapshot(this.fileMappings[i]) as FileMapping;
            const { mapping, changes } = reconcileHead({ columns: h.file.columns, guess: h.guess }, { columns: f.columns, guess: g }, current);
            if (mapping !== current) this.fileMappings[i] = mapping;
            this.fileNotes[i] = { detected: g.detected, problems: g.problems, changes };
            this.previews[f.file] = preview;
            this.offerSpend(f);
          } else this.showFile(f, preview, g);
        }
        this.files = [...ws.files];
        this.phase = this.phase === 'importing' ? 'mapping' : this.phase;
        const linked = await this.linked;
        applied = linked !== null && this.applyLinked(linked);
        // A confirm clicked while the file was read runs once the read is done (see confirm).
        waiting = this.confirmWaiting;
        // The report's row checks run whenever nothing a person waits for does (followChecks).
        this.followChecks();
      }
    } catch (e) {
      this.error = (e as Error).message;
      // The files shown from their first lines go with the read that failed.
      if (early) this.forgetFrom(start);
      this.phase = this.files.length ? 'mapping' : 'landing';
    } finally {
      this.progress = null;
      this.importAbort = null;
      this.reading = null;
      done();
    }
    // After the read has settled: confirm waits for a read in progress, this one included.
    if (rebuild || (applied && !waiting)) await this.confirm();
  }

  /** A file on the mapping screen: its first rows, its guessed mapping, a spend offer if it looks like spend. */
  private showFile(f: ImportedFile, preview: Record<string, unknown>[], g: GuessedMapping, partial = false): void {
    this.previews[f.file] = preview;
    this.fileMappings.push({ columns: g.columns, time_format: g.time_format });
    this.fileNotes.push({ detected: g.detected, problems: g.problems, ...(partial ? { partial } : {}) });
    this.files = [...this.files, f];
    this.offerSpend(f);
  }

  private offerSpend(f: ImportedFile): void {
    const offer = looksLikeSpend(f.columns);
    if (offer) this.spendOffers[f.file] = offer;
    else delete this.spendOffers[f.file];
  }

  private forgetFrom(start: number): void {
    this.files = this.files.slice(0, start);
    this.fileMappings = this.fileMappings.slice(0, start);
    this.fileNotes = this.fileNotes.slice(0, start);
  }

  /**
   * Opens files kept in this browser by an earlier visit (src/lib/persist) with their dashboard
   * `fragment`; without one, the page's own link applies, as for files dropped by hand.
   */
  async reopen(sources: SourceFile[], fragment: string | null): Promise<void> {
    if (fragment) this.linked = decodeState(fragment).catch(() => null);
    await this.addFiles(sources);
  }

  /** Stops a running import: the reader stops at the next step and the engine's query is cancelled. */
  async cancelImport(): Promise<void> {
    this.importAbort?.abort(new Error('Import cancelled.'));
    await this.session?.cancel();
  }

  /**
   * A panel's extra view through the session: its queries tied to `signal`, out of memory
   * explained, and a crashed engine rebuilt with everything on screen, as for a panel.
   */
  async view<T>(what: string, signal: AbortSignal, f: ViewQuery<T>): Promise<T> {
    return this.session!.view(what, signal, f);
  }

  async confirm(): Promise<void> {
    this.error = null;
    this.phase = 'building';
    if (this.reading) {
      // Confirmed while the whole file is still read: the journey is built once it is in.
      this.confirmWaiting = true;
      await this.reading;
      this.confirmWaiting = false;
      if (this.error) {
        this.phase = this.files.length ? 'mapping' : 'landing';
        return;
      }
    }
    try {
      const ws = this.session!;
      const first = this.stages.length === 0;
      this.reports = await ws.build(this.mapping);
      this.eventNames = await ws.eventNames();
      if (first) {
        const { guessStages } = await import('../ingest/stages');
        this.stages = guessStages(this.eventNames.map((e) => e.event));
        this.reports = await ws.build(this.mapping);
      }
      await this.refresh();
      this.phase = 'dashboard';
      await Promise.all(this.panels.map((_, i) => this.runPanel(i)));
      await this.writeUrl();
    } catch (e) {
      // A mapping problem in plain words (the spec's field path is for the command line).
      this.error = forPeople(e);
      this.phase = 'mapping';
    }
  }

  /**
   * The import report's row checks, left out of the import (Session.deferChecks): they run in the
   * engine's idle time, after the first chart when the mapping is confirmed at once, and each
   * file's report says they are running, then what they found (ingest/report-checks.ts).
   */
  private followChecks(): void {
    const ws = this.session;
    if (!ws || !this.files.some((f) => f.checks?.running)) return;
    void ws.finishChecks().then(
      () => (this.files = followedChecks(this.files, ws.files)),
      (e) => (this.files = followedChecks(this.files, ws.files, e))
    );
  }

  /** Re-runs what the dashboard shows after the stages or filters changed. */
  async refresh(): Promise<void> {
    const ws = this.session!;
    this.busy = true;
    try {
      // The tiles count what the panels count: the dashboard's filters and range apply.
      const globals = $state.snapshot(this.globals) as Globals;
      this.overview = await ws.overview(globals.filters, globals.range, purchaseStage(this.stages));
      this.stageResult = (await ws.run(this.spec({ kind: 'stages', window: null }))) as FunnelResult;
      await this.compare.refresh(ws, globals, this.spec({ kind: 'stages', window: null }), purchaseStage(this.stages));
    } finally {
      this.busy = false;
    }
  }

  /**
   * Rebuilds the engine (as after a crash: a trap or out of memory leaves DuckDB-WASM unusable):
   * the same files read again, the same events; the session then tells the page (onRestart), which
   * computes everything on screen again.
   */
  async recover(cause: Error): Promise<void> {
    await this.session?.recover(cause).catch(() => undefined);
  }

  /**
   * After the engine was rebuilt: the tiles and every panel computed again. Panels still running
   * get their answer from the session, which runs their call again on the new engine; a panel that
   * ran the engine out of memory would do it again: it keeps its message.
   */
  private async redraw(): Promise<void> {
    if (this.recovering || !this.session?.schema) return;
    this.recovering = true;
    try {
      if (!this.busy) await this.refresh().catch((e) => (this.error = (e as Error).message));
      await Promise.all(this.panels.map((_, i) => (this.running[i] || (this.results[i] as { outOfMemory?: boolean } | null)?.outOfMemory ? undefined : this.runPanel(i))));
    } finally {
      this.recovering = false;
    }
  }

  async setStage(event: string, stage: string | null): Promise<void> {
    this.stages = this.stages.map((s) => ({
      ...s,
      events: s.name === stage ? [...s.events.filter((e) => e !== event), event] : s.events.filter((e) => e !== event)
    }));
    await this.session!.build(this.mapping);
    await this.refresh();
    await Promise.all(this.panels.map((_, i) => this.runPanel(i)));
    await this.writeUrl({ key: 'stages' });
  }

  /** Adds, renames, moves or removes a stage (stage-edits.ts); a message when it cannot be done. */
  async editStages(op: { add: string } | { rename: number; name: string } | { move: number; to: number } | { remove: number }): Promise<string | null> {
    const now = $state.snapshot(this.stages) as Stage[];
    const r =
      'add' in op ? addStage(now, op.add)
      : 'rename' in op ? renameStage(now, op.rename, op.name)
      : 'move' in op ? { ok: true as const, stages: moveItem(now, op.move, op.to) }
      : { ok: true as const, stages: removeStage(now, op.remove) };
    if (!r.ok) return r.message;
    this.stages = r.stages;
    await this.session!.build(this.mapping);
    await this.refresh();
    await Promise.all(this.panels.map((_, i) => this.runPanel(i)));
    await this.writeUrl({ key: 'stages' });
    return null;
  }

  /** A column's values, most frequent first (a group's picker); none when the engine cannot say. */
  async valuesOf(column: string): Promise<string[]> {
    try {
      return (await this.session?.values(column)) ?? [];
    } catch {
      return [];
    }
  }

  /** A column's values with their event counts, most frequent first; with `search`, those containing it. */
  async valueCountsOf(column: string, search = ''): Promise<ValueCount[]> {
    try {
      return (await this.session?.valueCounts(column, search)) ?? [];
    } catch {
      // The session rebuilds a crashed engine itself (supervisor.ts); the picker shows no values.
      return [];
    }
  }

  /**
   * Sets the dashboard's date range (journeys that start inside it; a KPI panel's previous period
   * ends where it starts), or clears it; every panel runs again and the link is written.
   */
  async setRange(range: { from?: string; to?: string } | undefined): Promise<void> {
    const next = { ...this.globals };
    if (range && (range.from || range.to)) next.range = range;
    else delete next.range;
    this.globals = next;
    await this.rerunAll();
  }

  /** Sets the dashboard's filters (the filter bar): tiles, stage funnel and every panel run again. */
  async setFilters(filters: Filter[]): Promise<void> {
    const next = { ...this.globals };
    if (filters.length) next.filters = filters;
    else delete next.filters;
    this.globals = next;
    await this.rerunAll();
  }

  /** Sets panel `i`'s own filters and range; that panel runs again and the link is written. */
  setScope(i: number, scope: PanelScope | undefined): void {
    this.scopes[i] = scope;
    void this.runPanel(i);
    void this.writeUrl();
  }

  private async rerunAll(): Promise<void> {
    // The stage funnel above the panels follows the filters and range too.
    await this.refresh();
    await Promise.all(this.panels.map((_, i) => this.runPanel(i)));
    await this.writeUrl({ key: 'range' });
  }

  /** Turns "compare to the previous period" on or off: the overview and the compared panels run again. */
  async setCompare(on: boolean): Promise<void> {
    this.compare.on = on;
    await this.refresh();
    await Promise.all(this.panels.map((p, i) => (COMPARED_KINDS.includes(p.kind) ? this.runPanel(i) : undefined)));
    await this.writeUrl();
  }

  /**
   * Takes the link's mapping for files of the same shape (link-files.ts); false, with the reasons
   * in plain words, when they do not fit it: nothing is built or run then.
   */
  private applyLinked(state: DashboardState): boolean {
    const m = state.mapping;
    const fit = linkedFiles(state, this.files);
    if (!fit.ok) {
      this.error = fit.message;
      return false;
    }
    const spendAt = fit.files.findIndex((f) => f.spend);
    const spendFile = spendAt >= 0 ? this.files[spendAt] : undefined;
    this.fileMappings = fit.files.map((f, i) => (f.spend ? this.fileMappings[i] : { columns: f.columns, time_format: f.time_format, ...(f.utc_offset ? { utc_offset: f.utc_offset } : {}) }));
    // The link's stages, even none: a link without stages means a `stage` of null, as on the
    // command line, so the page does not guess them here (it would, for an empty list). The default
    // names without events keep the stage table usable and build the same null stage.
    this.stages = m.stages?.length ? m.stages : DEFAULT_STAGES.map((name) => ({ name, events: [] }));
    // The spend file's name is the one dropped now (the link may name it with its folders).
    const spend = m.spend && spendFile ? { ...m.spend, file: spendFile.file } : undefined;
    this.globals = { ...(m.filters ? { filters: m.filters } : {}), ...(m.range ? { range: m.range } : {}), ...(spend ? { spend } : {}) };
    this.panels = state.panels;
    this.views = state.views ?? [];
    this.scopes = state.scopes ?? [];
    this.compare.on = state.compare === 'previous_period';
    this.title = state.title;
    this.linked = Promise.resolve(null);
    this.linkState = null;
    return true;
  }

  /** Writes the link; `edit` (a person's edit) makes a history entry, see edit-history.ts. */
  private async writeUrl(edit: Edit | null = null): Promise<void> {
    if (!this.url) return;
    const panels = $state.snapshot(this.panels) as Analysis[];
    const views = panels.map((p, i) => fitView($state.snapshot(this.views[i]) as PanelView | undefined, viewSteps(p)));
    const mapping = this.mapping;
    const scopes = panels.map((_, i) => ($state.snapshot(this.scopes[i]) as PanelScope | undefined) ?? {});
    // The files' names and the columns read from them, so a link opened later can check its files.
    const files = linkFilesOf({ mapping, panels }, this.files, this.globals.spend?.file);
    const state: DashboardState = {
      v: 1,
      ...(this.title ? { title: this.title } : {}),
      mapping,
      panels,
      views,
      scopes,
      ...(this.compare.on ? { compare: 'previous_period' as const } : {}),
      files
    };
    const mode = this.history.mode(edit, Date.now());
    try {
      const fragment = await encodeState(state);
      if (fragment === this.written) return;
      this.written = fragment;
      this.url.write(fragment, mode);
    } catch {
      // A state mid-edit (an empty event name being typed) is not a link yet: keep the last one.
    }
  }

  /** Columns a filter, a condition or a breakdown can name (roles first, then source columns). */
  get columns(): string[] {
    const schema = this.session?.schema;
    if (!schema || this.phase !== 'dashboard') return [];
    const hidden = new Set(['row_id', 'file', 'line', 'user_id', 'ts']);
    return Object.keys(schema).filter((c) => !hidden.has(c));
  }

  addPanel(analysis: Analysis, view: PanelView = startView(analysis.kind)): void {
    this.views = [...this.panels.map((_, i) => this.views[i] ?? {}), view];
    this.panels = [...this.panels, analysis];
    void this.runPanel(this.panels.length - 1);
    void this.writeUrl({ key: 'add' });
  }

  updatePanel(i: number, analysis: Analysis): void {
    this.panels[i] = analysis;
    void this.runPanel(i);
    void this.writeUrl({ key: `panel:${i}` });
  }

  /** Changes how panel `i` is shown (no query runs here; the view's own charts react). */
  setView(i: number, patch: Partial<PanelView>, edit: Edit = { key: `view:${i}` }): void {
    const next: PanelView = { ...this.views[i], ...patch };
    for (const k of Object.keys(next) as (keyof PanelView)[]) if (next[k] === undefined) delete next[k];
    this.views[i] = next;
    void this.writeUrl(edit);
  }

  /** Panel `i`'s own title (undefined: its kind's name), typed key by key: one history entry per burst. */
  renamePanel(i: number, title: string | undefined): void {
    this.setView(i, { title }, { key: `panel-title:${i}`, typing: true });
  }

  /** The dashboard's title (undefined: the default), typed key by key. */
  setTitle(title: string | undefined): void {
    this.title = title;
    void this.writeUrl({ key: 'title', typing: true });
  }

  /**
   * The per-panel lists, each as long as `panels` (results and the rest fill in lazily), so one
   * list edit moves a panel's analysis, view, result and query together.
   */
  private lists() {
    const n = this.panels.length;
    const fill = <T,>(l: T[], x: T): T[] => Array.from({ length: n }, (_, i) => l[i] ?? x);
    return {
      panels: this.panels.slice(),
      views: fill<PanelView>(this.views, {}),
      scopes: fill<PanelScope | undefined>(this.scopes, undefined),
      results: fill(this.results, null),
      running: fill(this.running, false),
      versions: fill(this.versions, 0)
    };
  }

  /** Applies one list edit to every per-panel list alike; panels caught mid-query run again. */
  private rearrange(f: <T>(list: T[]) => T[]): void {
    const l = this.lists();
    this.panels = f(l.panels);
    this.views = f(l.views);
    this.scopes = f(l.scopes);
    this.results = f(l.results);
    this.running = f(l.running);
    this.versions = f(l.versions);
    this.running.forEach((r, i) => r && void this.runPanel(i));
  }

  /** Inserts a panel at `at` with its view and (when known) its numbers; runs it when not. */
  private insertPanel(at: number, panel: Analysis, view: PanelView, result: AppState['results'][number], scope?: PanelScope): void {
    const l = this.lists();
    this.panels = insertAt(l.panels, at, panel);
    this.views = insertAt(l.views, at, view);
    this.scopes = insertAt(l.scopes, at, scope);
    this.results = insertAt(l.results, at, result);
    this.running = insertAt(l.running, at, false);
    this.versions = insertAt(l.versions, at, ++this.seq);
    if (!result) void this.runPanel(at);
  }

  /** A copy of panel `i` right after it, titled "… (copy)"; its numbers are the same, so shown at once. */
  duplicatePanel(i: number, title: string): void {
    const titles = this.views.map((v) => v?.title ?? '');
    const view = { ...($state.snapshot(this.views[i]) as PanelView | undefined), title: copyTitle(title, titles) };
    const scope = $state.snapshot(this.scopes[i]) as PanelScope | undefined;
    this.insertPanel(i + 1, $state.snapshot(this.panels[i]) as Analysis, view, this.running[i] ? null : this.results[i], scope);
    void this.writeUrl({ key: 'duplicate' });
  }

  movePanel(from: number, to: number): void {
    if (from === to) return;
    this.rearrange((l) => moveItem(l, from, to));
    void this.writeUrl({ key: 'move' });
  }

  /** Removes panel `i`, kept in `removed` for "Undo" (`title`: what the undo offer names). */
  removePanel(i: number, title = ''): void {
    const view = ($state.snapshot(this.views[i]) as PanelView | undefined) ?? {};
    const scope = $state.snapshot(this.scopes[i]) as PanelScope | undefined;
    this.removed = { at: i, panel: $state.snapshot(this.panels[i]) as Analysis, view, scope, result: this.running[i] ? null : this.results[i] ?? null, title };
    this.rearrange((l) => removeAt(l, i));
    void this.writeUrl({ key: 'remove' });
  }

  /** Puts the panel removed last back at its place, as it was. */
  undoRemove(): void {
    const r = this.removed;
    if (!r) return;
    this.removed = null;
    this.insertPanel(r.at, r.panel, r.view, r.result, r.scope);
    void this.writeUrl({ key: 'undo' });
  }

  /**
   * Back/Forward (or a link pasted over this one): the dashboard of `fragment` applied to the
   * files already read. Panels whose analysis is unchanged keep their numbers; the events are
   * built again only when the mapping (columns, stages, filters …) differs.
   */
  async followLink(fragment: string): Promise<void> {
    if (fragment === this.written) return;
    if (this.phase !== 'dashboard') {
      // Not showing a dashboard yet: the link waits for the files, as one opened at first.
      this.linked = fragment ? decodeState(fragment).catch(() => null) : Promise.resolve(null);
      return;
    }
    // popstate and hashchange both report one step: the second finds it followed already.
    this.written = fragment;
    this.history.reset();
    let state: DashboardState;
    try {
      state = await decodeState(fragment);
    } catch (e) {
      this.error = `This link's dashboard could not be read: ${(e as Error).message}`;
      return;
    }
    const before = JSON.stringify(this.mapping);
    const old = { panels: $state.snapshot(this.panels) as Analysis[], results: this.results.slice() };
    if (!this.applyLinked(state)) return;
    const rebuilt = JSON.stringify(this.mapping) !== before;
    if (rebuilt) {
      await this.session!.build(this.mapping);
      await this.refresh();
    }
    const used = new Set<number>();
    this.results = this.panels.map((p) => {
      const j = rebuilt ? -1 : old.panels.findIndex((o, k) => !used.has(k) && sameAnalysis(o, p));
      if (j < 0) return null;
      used.add(j);
      return old.results[j];
    });
    this.running = this.panels.map(() => false);
    this.versions = this.panels.map(() => ++this.seq);
    this.removed = null;
    await Promise.all(this.panels.map((_, i) => (this.results[i] ? undefined : this.runPanel(i))));
  }

  /**
   * Runs one panel. A quick second edit cancels the first query of the same panel, and only the
   * newest answer is shown (older ones are dropped when they arrive).
   */
  async runPanel(i: number): Promise<void> {
    const ws = this.session;
    if (!ws?.schema) return;
    const version = (this.versions[i] = ++this.seq);
    if (this.inFlight === i) await ws.cancel();
    this.running[i] = true;
    try {
      this.inFlight = i;
      // The panel's own scope applies to both periods; only the range moves for the previous one.
      const spec = this.spec($state.snapshot(this.panels[i]) as Analysis, i);
      const value = await ws.run(spec);
      const previous = await runPrevious(ws, spec, this.compare.on);
      if (this.versions[i] === version) this.results[i] = { ok: true, value, ...(previous ? { previous } : {}) };
    } catch (e) {
      if (this.versions[i] === version) this.results[i] = { ok: false, error: (e as Error).message, outOfMemory: (e as Error).name === 'OutOfMemory' };
    } finally {
      if (this.inFlight === i) this.inFlight = null;
      if (this.versions[i] === version) this.running[i] = false;
    }
  }

  /**
   * Stops panel `i`'s analysis (its Stop button): its answer, if one still comes, is dropped, and
   * the engine's query is cancelled within 2 s (Session.cancel ends a query that ignores it).
   */
  async stopPanel(i: number): Promise<void> {
    this.versions[i] = ++this.seq;
    this.running[i] = false;
    this.results[i] = { ok: false, error: 'Stopped. Change the panel to run it again.' };
    await this.session?.cancel();
  }


  /** The spec an analysis runs with: panel `index`'s own filters and range applied when given. */
  spec(analysis: Analysis, index?: number): Spec {
    const scope = index === undefined ? undefined : ($state.snapshot(this.scopes[index]) as PanelScope | undefined);
    return { version: 1, ...scopedMapping(this.mapping, scope), analysis };
  }

  /** A fresh page: no files and no dashboard (the link's fragment goes too). */
  reset(): void {
    location.replace(location.pathname + location.search);
  }
}
