import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { PathsResult } from '../analysis/paths';
import { OTHER } from '../analysis/paths';
import { categorical } from './palette';

/**
 * The Sankey of a paths result: one column per position, a node per (position, name), a band per
 * link, and a grey "Ended" node per position where paths stopped (the result does not say after
 * which name, so it has no band). d3-sankey places nodes and bands; columns are ours, so that
 * every position keeps its column even when only ended paths reach it. For `end` paths the
 * columns run right to left (position 1, the end, on the right), so time reads left to right.
 */
export type NodeKind = 'name' | 'other' | 'ended';

export interface SankeyBox {
  id: string;
  kind: NodeKind;
  position: number;
  /** The result's name (null: rows with no event name); null for an ended node. */
  name: string | null;
  label: string;
  users: number;
  /** Of all the paths' users. */
  share: number;
  color: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface SankeyBand {
  id: string;
  /** The link's position and names as in the result (source at `position`, target at `position + 1`). */
  position: number;
  source: string | null;
  target: string | null;
  users: number;
  share: number;
  color: string;
  /** SVG path of the band's centre line; drawn with `stroke-width = width`. */
  d: string;
  width: number;
  from: string;
  to: string;
}

export interface PathsLayout {
  width: number;
  height: number;
  nodes: SankeyBox[];
  links: SankeyBand[];
  columns: { position: number; x: number; label: string }[];
  /** Labels sit right of their node, except in the rightmost column (left of it). */
  rightmost: number;
}

export const OTHER_COLOR = '#9aa3ad';
export const ENDED_COLOR = '#d5d9de';
export const NO_NAME_COLOR = '#6b7580';
const NO_NAME_LABEL = '(no event name)';

export const nodeId = (position: number, name: string | null) => JSON.stringify([position, name]);
const endedId = (position: number) => JSON.stringify([position, 'ended']);

/** What a node is called on screen: the fold and nameless rows get words of their own. */
export function nameLabel(name: string | null): string {
  return name === null ? NO_NAME_LABEL : name;
}

/** One colour per name, the same at every position, in order of first appearance; Other grey. */
export function nameColors(result: PathsResult): Map<string | null, string> {
  const out = new Map<string | null, string>();
  let i = 0;
  for (const n of result.nodes) {
    if (out.has(n.name)) continue;
    out.set(n.name, n.name === OTHER && n.position > 1 ? OTHER_COLOR : n.name === null ? NO_NAME_COLOR : categorical(i++));
  }
  return out;
}

interface Datum {
  id: string;
  kind: NodeKind;
  position: number;
  name: string | null;
  users: number;
  column: number;
  fixedValue: number;
}
interface LinkDatum {
  position: number;
  sourceName: string | null;
  targetName: string | null;
}

const KIND_ORDER: Record<NodeKind, number> = { name: 0, other: 1, ended: 2 };

export function pathsLayout(result: PathsResult, direction: 'start' | 'end', width: number, height: number): PathsLayout {
  const margin = { top: 22, right: 8, bottom: 8, left: 8 };
  const named = Math.max(0, ...result.nodes.map((n) => n.position));
  const positions = Math.max(named, ...result.ended.map((e) => e.position));
  if (named === 0) return { width, height, nodes: [], links: [], columns: [], rightmost: 0 };
  const column = (p: number) => (direction === 'start' ? p - 1 : positions - p);
  const colors = nameColors(result);
  const share = (u: number) => (result.users > 0 ? u / result.users : 0);

  const ended = (e: { position: number; users: number }): Datum => ({
    id: endedId(e.position), kind: 'ended', position: e.position, name: null, users: e.users, column: column(e.position), fixedValue: e.users
  });
  const data: Datum[] = [
    ...result.nodes.map((n) => ({
      id: nodeId(n.position, n.name),
      kind: (n.position > 1 && n.name === OTHER ? 'other' : 'name') as NodeKind,
      position: n.position,
      name: n.name,
      users: n.users,
      column: column(n.position),
      fixedValue: n.users
    })),
    ...result.ended.filter((e) => e.position <= named).map(ended)
  ];
  // Paths that all stopped after the last named position leave a column with only an "Ended" node
  // and no band into it: d3-sankey lays out the columns its bands reach, that one is placed below.
  const beyond = result.ended.filter((e) => e.position > named).map(ended);
  // d3-sankey wants bands from left to right: for `end` paths the later position is the left one.
  const bands = result.links.map((l) => {
    const a = nodeId(l.position, l.source);
    const b = nodeId(l.position + 1, l.target);
    return { source: direction === 'start' ? a : b, target: direction === 'start' ? b : a, value: l.users, position: l.position, sourceName: l.source, targetName: l.target };
  });
  const nodeWidth = 12;
  const shift = direction === 'end' ? positions - named : 0;
  const generator = sankey<Datum, LinkDatum>()
    .nodeId((d) => d.id)
    .nodeWidth(nodeWidth)
    .nodePadding(10)
    .nodeAlign((d) => d.column - shift)
    // Fixed order within a column: names by users, then the fold, then ended paths at the bottom.
    .nodeSort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.users - a.users || byCodePoint(a.name, b.name))
    .extent([
      [margin.left, margin.top],
      [Math.max(margin.left + nodeWidth + 1, width - margin.right), Math.max(margin.top + 1, height - margin.bottom)]
    ]);
  const graph = generator({ nodes: data.map((d) => ({ ...d })), links: bands.map((b) => ({ ...b })) });
  const laid = graph.nodes as SankeyNode<Datum, LinkDatum>[];
  // Users to pixels, as d3-sankey scaled them (position 1 holds every path, so it is never empty).
  const first = laid.find((n) => n.position === 1 && n.users > 0);
  const ky = first ? ((first.y1 ?? 0) - (first.y0 ?? 0)) / first.users : 0;
  for (const b of beyond) laid.push({ ...b, y0: margin.top, y1: margin.top + b.users * ky } as SankeyNode<Datum, LinkDatum>);

  // Our columns, so a column of ended paths only keeps its place in the row of positions.
  const step = positions > 1 ? (width - margin.left - margin.right - nodeWidth) / (positions - 1) : 0;
  const xOf = (c: number) => margin.left + c * step;
  for (const n of laid) {
    n.x0 = xOf(n.column);
    n.x1 = n.x0 + nodeWidth;
  }
  const path = sankeyLinkHorizontal<Datum, LinkDatum>();
  const nodes: SankeyBox[] = laid.map((n) => ({
    id: n.id,
    kind: n.kind,
    position: n.position,
    name: n.name,
    label: n.kind === 'ended' ? 'Ended' : nameLabel(n.name),
    users: n.users,
    share: share(n.users),
    color: n.kind === 'ended' ? ENDED_COLOR : (colors.get(n.name) ?? OTHER_COLOR),
    x0: n.x0 ?? 0,
    x1: n.x1 ?? 0,
    y0: n.y0 ?? 0,
    y1: n.y1 ?? 0
  }));
  const links: SankeyBand[] = (graph.links as SankeyLink<Datum, LinkDatum>[]).map((l) => {
    const from = l.source as SankeyNode<Datum, LinkDatum>;
    const to = l.target as SankeyNode<Datum, LinkDatum>;
    // A band takes the colour of its left end: the earlier name in time, for start and end paths.
    const origin = from;
    return {
      id: `${from.id}>${to.id}`,
      position: l.position,
      source: l.sourceName,
      target: l.targetName,
      users: l.value,
      share: share(l.value),
      color: origin.kind === 'other' ? OTHER_COLOR : (colors.get(origin.name) ?? OTHER_COLOR),
      d: path(l) ?? '',
      width: Math.max(1, l.width ?? 1),
      from: from.id,
      to: to.id
    };
  });
  const columns = Array.from({ length: positions }, (_, i) => i + 1).map((p) => ({
    position: p,
    x: xOf(column(p)) + nodeWidth / 2,
    label: p === 1 ? (direction === 'start' ? 'Start' : 'End') : direction === 'start' ? `Step ${p}` : `${p - 1} before`
  }));
  return { width, height, nodes, links, columns, rightmost: xOf(positions - 1) };
}

/**
 * The names from position 1 to a node, for "make a funnel": a node is reached by many routes and
 * the result keeps only pairs of positions, so the route is the heaviest band into each node in
 * turn (ties: source name in code-point order, null last). For a link, pass its target.
 */
export function pathTo(result: PathsResult, position: number, name: string | null): (string | null)[] {
  const route: (string | null)[] = [name];
  let at = name;
  for (let k = position - 1; k >= 1; k--) {
    let best: { source: string | null; users: number } | null = null;
    for (const l of result.links) {
      if (l.position !== k || l.target !== at) continue;
      if (!best || l.users > best.users || (l.users === best.users && byCodePoint(l.source, best.source) < 0)) best = l;
    }
    if (!best) break;
    at = best.source;
    route.unshift(at);
  }
  return route;
}

function byCodePoint(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  // Code-point order: UTF-8 bytes compare in code-point order, UTF-16 units do not past U+FFFF.
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
