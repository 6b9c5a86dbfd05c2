import { getContext, setContext } from 'svelte';
import type { Analysis } from '../schema/types';
import type { Picture, Table } from './compose';
import type { ExportInfo } from './context-lines';

/**
 * What the page shares with its chart frames for exports: the dashboard's filters, range and files
 * (every export says them), and the list of frames, so the whole dashboard can be exported in page
 * order. A panel tells the frames inside it which analysis they show.
 */

export interface FrameExport {
  /** The frame's title as exported (with what the panel computes). */
  title: string;
  /** The panel's title, or the frame's own outside a panel. */
  heading: string;
  /** Frames of the same panel share it (a report section per panel). */
  group: unknown;
  picture?: Picture;
  table?: Table;
}
export interface ExportFrame {
  element: () => Element | undefined;
  /** `context: false`: without the filters/range/data lines (a dashboard export says them once). */
  render: (opts?: { context?: boolean }) => Promise<FrameExport>;
}

export class ExportHub {
  private frames = new Set<ExportFrame>();
  constructor(readonly info: () => ExportInfo) {}

  register(f: ExportFrame): () => void {
    this.frames.add(f);
    return () => this.frames.delete(f);
  }

  /** The frames on the page, top to bottom. */
  ordered(): ExportFrame[] {
    const on = [...this.frames].filter((f) => f.element()?.isConnected);
    return on.sort((a, b) => (a.element()!.compareDocumentPosition(b.element()!) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }
}

const HUB = Symbol('export-hub');
const PANEL = Symbol('export-panel');

export const provideExportHub = (hub: ExportHub) => setContext(HUB, hub);
export const exportHub = () => getContext<ExportHub | undefined>(HUB);

/** The panel around a frame: its title and analysis (read when exporting, so always current). */
export interface PanelInfo {
  title: string;
  analysis: Analysis;
}
export const providePanelInfo = (info: () => PanelInfo) => setContext(PANEL, info);
export const panelInfo = () => getContext<(() => PanelInfo) | undefined>(PANEL);
