import { getContext, setContext } from 'svelte';
import type { PanelView } from '../schema/types';

/**
 * A dashboard panel's view as the charts inside it see it: what they read (tables shown, a picked
 * period) and how they change it. Provided by Panel.svelte, so a chart's choice lands in the link
 * without the chart knowing the app; a chart outside a panel (the overview) keeps its own choice.
 */
export interface PanelViewContext {
  readonly view: PanelView;
  set(patch: Partial<PanelView>): void;
}

const KEY = Symbol('panel-view');

export const providePanelView = (ctx: PanelViewContext) => setContext(KEY, ctx);
export const panelView = () => getContext<PanelViewContext | undefined>(KEY);

/** The `tables` list with `title` shown or not (undefined when none is left: the default). */
export function withTable(tables: readonly string[] | undefined, title: string, shown: boolean): string[] | undefined {
  const rest = (tables ?? []).filter((t) => t !== title);
  const out = shown ? [...rest, title] : rest;
  return out.length ? out : undefined;
}
