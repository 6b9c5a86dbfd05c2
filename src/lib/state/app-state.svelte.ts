import type { Engine } from '../engine/engine';
import type { ImportedFile, SourceFile } from '../ingest/import';
import type { Analysis, Columns, Spec, Stage, FunnelResult } from '../spec/types';
import { Workspace, type EventName, type MapReport, type Mapping, type Overview } from './workspace';

export interface FileMapping {
  columns: Columns;
  time_format: string;
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
  progress = $state<{ file: string; read: number; total: number } | null>(null);
  files = $state<ImportedFile[]>([]);
  previews = $state<Record<string, Record<string, unknown>[]>>({});
  fileMappings = $state<FileMapping[]>([]);
  stages = $state<Stage[]>([]);
  reports = $state<MapReport[]>([]);
  overview = $state<Overview | null>(null);
  eventNames = $state<EventName[]>([]);
  stageResult = $state<FunnelResult | null>(null);
  panels = $state<Analysis[]>([]);
  busy = $state(false);

  workspace: Workspace | null = null;
  private enginePromise: Promise<Engine>;

  constructor(startEngine: () => Promise<Engine>, private url?: UrlIO) {
    this.enginePromise = startEngine().then((e) => {
      this.workspace = new Workspace(e);
      this.engineReady = true;
      return e;
    });
    this.enginePromise.catch((e) => (this.error = `The analysis engine could not start: ${(e as Error).message}`));
  }

  /** The spec fields that describe how files become events (shared by every panel). */
  get mapping(): Mapping {
    const stages = $state.snapshot(this.stages);
    if (this.files.length === 1) {
      const m = $state.snapshot(this.fileMappings[0]);
      return { columns: m.columns, time_format: m.time_format, stages };
    }
    return {
      sources: this.files.map((f, i) => ({ file: f.file, ...$state.snapshot(this.fileMappings[i]) })),
      stages
    };
  }

  async addFiles(sources: SourceFile[]): Promise<void> {
    this.error = null;
    this.phase = 'importing';
    try {
      await this.enginePromise;
      const ws = this.workspace!;
      const added = await ws.add(sources, (file, read, total) => (this.progress = { file, read, total }));
      const { guessFileMapping } = await import('./guess-mapping');
      for (const f of added) {
        this.previews[f.file] = await ws.preview(f, 10);
        this.fileMappings.push(await guessFileMapping(ws.engine, f));
      }
      this.files = [...ws.files];
      this.phase = 'mapping';
    } catch (e) {
      this.error = (e as Error).message;
      this.phase = this.files.length ? 'mapping' : 'landing';
    } finally {
      this.progress = null;
    }
  }

  async confirm(): Promise<void> {
    this.error = null;
    this.phase = 'building';
    try {
      const ws = this.workspace!;
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
    } catch (e) {
      this.error = (e as Error).message;
      this.phase = 'mapping';
    }
  }

  /** Re-runs what the dashboard shows after the stages or filters changed. */
  async refresh(): Promise<void> {
    const ws = this.workspace!;
    this.busy = true;
    try {
      this.overview = await ws.overview();
      this.stageResult = (await ws.run(this.spec({ kind: 'stages', window: null }))) as FunnelResult;
    } finally {
      this.busy = false;
    }
  }

  async setStage(event: string, stage: string | null): Promise<void> {
    this.stages = this.stages.map((s) => ({
      ...s,
      events: s.name === stage ? [...s.events.filter((e) => e !== event), event] : s.events.filter((e) => e !== event)
    }));
    await this.workspace!.build(this.mapping);
    await this.refresh();
  }

  spec(analysis: Analysis): Spec {
    return { version: 1, ...this.mapping, analysis };
  }

  reset(): void {
    location.reload();
  }
}
