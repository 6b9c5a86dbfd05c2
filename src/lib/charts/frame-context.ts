import { getContext, setContext } from 'svelte';

/** What a ChartFrame shares with the chart inside it: whether the numbers table is shown. */
export interface FrameState {
  showTable: boolean;
  /** True while the frame exports: a chart that leaves groups out on screen draws them all. */
  exporting?: boolean;
}

const KEY = Symbol('chart-frame');

export const provideFrame = (state: FrameState) => setContext(KEY, state);
/** The enclosing frame's state, or undefined for a chart used on its own. */
export const frameState = () => getContext<FrameState | undefined>(KEY);
