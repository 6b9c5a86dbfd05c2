import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import type { AnalysisResult } from '../analysis/run';
import type { ImportedFile, SourceFile } from '../ingest/import';
import { DEFAULT_STAGES, type Analysis, type Columns, type Mapping, type Spec, type Stage, type FunnelResult } from '../schema/types';
import { decodeState, encodeState, type DashboardState } from './url-codec';
import { fitView, viewSteps, type PanelView } from './panel-view';
import { Session, type EventName, type MapReport, type Overview } from '../session/session';
import { restartNotice } from './restart-notice';
import { looksLikeSpend } from '../ingest/spend-shape';
import { eventsMapping, linkedSpendFile, spendOf, type SpendColumns } from './spend-choice';

/** A panel's extra view: its queries, on the engine the session hands it. */
export type ViewQuery<T> = (engine: Engine, schema: EventSchema) => Promise<T>;

/**
 * The dashboard-wide fields of a link: kept, applied and written back. The page edits `spend` (a
 * dropped file confirmed as ad spend); filters and range only come from a link yet.
 */
type Globals = Pick<Mapping, 'filters' | 'range' | 'spend'>;

export interface FileMapping {
  columns: Columns;
  time_format: string;
  utc_offset?: string;
}

export interface UrlIO {
  read(): string;
  write(fragment: string): void;
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
  fileNotes = $state<{ detected: string; problems: string[] }[]>([]);
  stages = $state<Stage[]>([]);
  reports = $state<MapReport[]>([]);
  overview = $state<Overview | null>(null);
  eventNames = $state<EventName[]>([]);
  stageResult = $state<FunnelResult | null>(null);
  panels = $state<Analysis[]>([]);
  /** One entry per panel: how it is shown (carried in the link, see panel-view.ts). */
  views = $state<PanelView[]>([]);
  /** One entry per panel: its last result, or the error a person can act on. */
  results = $state<({ ok: true; value: AnalysisResult } | { ok: false; error: string; outOfMemory?: boolean } | null)[]>([]);
  /** Filters, range … of the dashboard (from its link), applied to every panel and shown above them. */
  globals = $state<Globals>({});
  /** Per file name: the spend columns proposed for a file shaped like ad spend (looksLikeSpend). */
  spendOffers = $state<Record<string, SpendColumns>>({});
  /** Files whose spend offer was declined: they are mapped as events. */
  spendDeclined = $state<Record<string, true>>({});
  running = $state<boolean[]>([]);
  private versions: number[] = [];
  private importAbort: AbortController | null = null;
  private recovering = false;
  private inFlight: number | null = null;
  busy = $state(false);

  session: Session | null = null;
  private enginePromise: Promise<Engine>;
  /** A state decoded from the link the page was opened with, applied to the files dropped next. */
  private linked: Promise<DashboardState | null>;

  constructor(startEngine: () => Promise<Engine>, private url?: UrlIO) {
    const fragment = url?.read() ?? '';
    this.linked = fragment
      ? decodeState(fragment).catch((e) => {
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

  async addFiles(sources: SourceFile[]): Promise<void> {
    this.error = null;
    this.phase = 'importing';
    try {
      await this.enginePromise;
      const ws = this.session!;
      this.importAbort = new AbortController();
      const added = await ws.add(sources, (file, read, total) => (this.progress = { file, read, total }), this.importAbort.signal);
      for (const f of added) {
        this.previews[f.file] = await ws.preview(f, 10);
        const g = await ws.guessMapping(f);
        this.fileMappings.push({ columns: g.columns, time_format: g.time_format });
        this.fileNotes.push({ detected: g.detected, problems: g.problems });
        const offer = looksLikeSpend(f.columns);
        if (offer) this.spendOffers[f.file] = offer;
      }
      this.files = [...ws.files];
      this.phase = 'mapping';
      const linked = await this.linked;
      if (linked && this.applyLinked(linked)) await this.confirm();
    } catch (e) {
      this.error = (e as Error).message;
      this.phase = this.files.length ? 'mapping' : 'landing';
    } finally {
      this.progress = null;
      this.importAbort = null;
    }
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
      this.error = (e as Error).message;
      this.phase = 'mapping';
    }
  }

  /** Re-runs what the dashboard shows after the stages or filters changed. */
  async refresh(): Promise<void> {
    const ws = this.session!;
    this.busy = true;
    try {
      // The tiles count what the panels count: the dashboard's filters apply (its range is a panel matter).
      this.overview = await ws.overview($state.snapshot(this.globals.filters));
      this.stageResult = (await ws.run(this.spec({ kind: 'stages', window: null }))) as FunnelResult;
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
    await this.writeUrl();
  }

  /** A column's values, most frequent first (a group's picker); none when the engine cannot say. */
  async valuesOf(column: string): Promise<string[]> {
    try {
      return (await this.session?.values(column)) ?? [];
    } catch {
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
    // The stage funnel above the panels follows the range too.
    await this.refresh();
    await Promise.all(this.panels.map((_, i) => this.runPanel(i)));
    await this.writeUrl();
  }

  /** Takes the link's mapping for files of the same shape; false when it does not fit them. */
  private applyLinked(state: DashboardState): boolean {
    const m = state.mapping;
    const known = (cols: Columns | undefined, f: ImportedFile) =>
      Object.values(cols ?? {}).every((ref) =>
        typeof ref !== 'string' ? !('product' in ref) || ref.product.every((c) => f.columns.some((x) => x.name === c)) : f.columns.some((x) => x.name === ref)
      );
    // The link's spend file is recognised among the files dropped again, and kept out of the events.
    const spendFile = linkedSpendFile(this.files, m.spend);
    if (m.spend && !spendFile) {
      this.error = `The link reads ad spend from "${m.spend.file}": drop that file too, or check the columns below.`;
      return false;
    }
    const events = this.files.filter((f) => f !== spendFile);
    const next = this.files.map((f, i) => {
      if (f === spendFile) return this.fileMappings[i];
      const j = events.indexOf(f);
      const src = m.sources?.find((s) => s.file === f.file) ?? (m.sources ? m.sources[j] : undefined);
      const columns = src?.columns ?? m.columns;
      const utc_offset = src?.utc_offset ?? m.utc_offset;
      return known(columns, f) ? { columns: { ...columns }, time_format: src?.time_format ?? m.time_format ?? 'auto', ...(utc_offset ? { utc_offset } : {}) } : null;
    });
    if (next.some((x) => x === null)) {
      this.error = 'The link describes files of another shape: check the columns below.';
      return false;
    }
    this.fileMappings = next as FileMapping[];
    // The link's stages, even none: a link without stages means a `stage` of null, as on the
    // command line, so the page does not guess them here (it would, for an empty list). The default
    // names without events keep the stage table usable and build the same null stage.
    this.stages = m.stages?.length ? m.stages : DEFAULT_STAGES.map((name) => ({ name, events: [] }));
    // The spend file's name is the one dropped now (the link may name it with its folders).
    const spend = m.spend && spendFile ? { ...m.spend, file: spendFile.file } : undefined;
    this.globals = { ...(m.filters ? { filters: m.filters } : {}), ...(m.range ? { range: m.range } : {}), ...(spend ? { spend } : {}) };
    this.panels = state.panels;
    this.views = state.views ?? [];
    this.linked = Promise.resolve(null);
    return true;
  }

  private async writeUrl(): Promise<void> {
    if (!this.url) return;
    const panels = $state.snapshot(this.panels) as Analysis[];
    const views = panels.map((p, i) => fitView($state.snapshot(this.views[i]) as PanelView | undefined, viewSteps(p)));
    const state: DashboardState = { v: 1, mapping: this.mapping, panels, views };
    try {
      this.url.write(await encodeState(state));
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

  addPanel(analysis: Analysis): void {
    this.panels = [...this.panels, analysis];
    void this.runPanel(this.panels.length - 1);
    void this.writeUrl();
  }

  updatePanel(i: number, analysis: Analysis): void {
    this.panels[i] = analysis;
    void this.runPanel(i);
    void this.writeUrl();
  }

  /** Changes how panel `i` is shown (no query runs here; the view's own charts react). */
  setView(i: number, patch: Partial<PanelView>): void {
    const next: PanelView = { ...this.views[i], ...patch };
    for (const k of Object.keys(next) as (keyof PanelView)[]) if (next[k] === undefined) delete next[k];
    this.views[i] = next;
    void this.writeUrl();
  }

  removePanel(i: number): void {
    this.panels = this.panels.filter((_, j) => j !== i);
    this.views = this.views.filter((_, j) => j !== i);
    this.results = this.results.filter((_, j) => j !== i);
    this.running = this.running.filter((_, j) => j !== i);
    this.versions = this.versions.filter((_, j) => j !== i);
    void this.writeUrl();
  }

  /**
   * Runs one panel. A quick second edit cancels the first query of the same panel, and only the
   * newest answer is shown (older ones are dropped when they arrive).
   */
  async runPanel(i: number): Promise<void> {
    const ws = this.session;
    if (!ws?.schema) return;
    const version = (this.versions[i] = (this.versions[i] ?? 0) + 1);
    if (this.inFlight === i) await ws.cancel();
    this.running[i] = true;
    try {
      this.inFlight = i;
      const value = await ws.run(this.spec($state.snapshot(this.panels[i]) as Analysis));
      if (this.versions[i] === version) this.results[i] = { ok: true, value };
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
    this.versions[i] = (this.versions[i] ?? 0) + 1;
    this.running[i] = false;
    this.results[i] = { ok: false, error: 'Stopped. Change the panel to run it again.' };
    await this.session?.cancel();
  }

  spec(analysis: Analysis): Spec {
    return { version: 1, ...this.mapping, analysis };
  }

  reset(): void {
    location.reload();
  }
}
