import { describe, expect, it } from 'vitest';
import type { PathsResult } from '../analysis/paths';
import { ENDED_COLOR, OTHER_COLOR, nodeId, pathTo, pathsLayout } from './sankey-layout';
import { pathsCsv, pathsRows } from './paths-table';

// tests/fixtures/paths/other-fold.json, limit 2, plus a path that ends after position 3 (depth 4).
const result: PathsResult = {
  kind: 'paths',
  users: 7,
  nodes: [
    { position: 1, name: 'home', users: 7 },
    { position: 2, name: 'Other', users: 3 }, { position: 2, name: 'a', users: 2 }, { position: 2, name: 'b', users: 2 },
    { position: 3, name: 'x', users: 3 }, { position: 3, name: 'y', users: 2 }, { position: 3, name: 'Other', users: 1 }
  ],
  links: [
    { position: 1, source: 'home', target: 'Other', users: 3 }, { position: 1, source: 'home', target: 'a', users: 2 },
    { position: 1, source: 'home', target: 'b', users: 2 },
    { position: 2, source: 'Other', target: 'Other', users: 1 }, { position: 2, source: 'Other', target: 'x', users: 1 },
    { position: 2, source: 'Other', target: 'y', users: 1 }, { position: 2, source: 'a', target: 'x', users: 1 },
    { position: 2, source: 'b', target: 'x', users: 1 }, { position: 2, source: 'b', target: 'y', users: 1 }
  ],
  ended: [{ position: 3, users: 1 }, { position: 4, users: 6 }]
};

const W = 800;
const H = 400;

describe('pathsLayout', () => {
  const layout = pathsLayout(result, 'start', W, H);
  const node = (p: number, name: string | null) => layout.nodes.find((n) => n.id === nodeId(p, name))!;
  const height = (n: { y0: number; y1: number }) => n.y1 - n.y0;

  it('has a node per result node and per ended position, a band per link', () => {
    expect(layout.nodes.filter((n) => n.kind !== 'ended')).toHaveLength(result.nodes.length);
    expect(layout.nodes.filter((n) => n.kind === 'ended').map((n) => [n.position, n.users])).toEqual([[3, 1], [4, 6]]);
    expect(layout.links).toHaveLength(result.links.length);
    expect(layout.columns.map((c) => c.label)).toEqual(['Start', 'Step 2', 'Step 3', 'Step 4']);
  });

  it('puts position k in column k, left to right, within the width', () => {
    const xs = [1, 2, 3, 4].map((p) => layout.nodes.find((n) => n.position === p)!.x0);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(4);
    for (const n of layout.nodes) {
      expect(n.x0).toBeGreaterThanOrEqual(0);
      expect(n.x1).toBeLessThanOrEqual(W);
      expect(n.y0).toBeGreaterThanOrEqual(0);
      expect(n.y1).toBeLessThanOrEqual(H);
    }
  });

  it('sizes nodes and bands by users, on one scale', () => {
    const k = height(node(1, 'home')) / 7;
    for (const n of layout.nodes) expect(height(n)).toBeCloseTo(n.users * k, 6);
    for (const l of layout.links) expect(l.width).toBeCloseTo(l.users * k, 6);
    // The column of ended paths only (position 4) is scaled the same way.
    expect(height(layout.nodes.find((n) => n.kind === 'ended' && n.position === 4)!)).toBeCloseTo(6 * k, 6);
  });

  it('keeps nodes of one column apart, names first, then Other, then Ended', () => {
    const col3 = layout.nodes.filter((n) => n.position === 3).sort((a, b) => a.y0 - b.y0);
    expect(col3.map((n) => n.label)).toEqual(['x', 'y', 'Other', 'Ended']);
    for (let i = 1; i < col3.length; i++) expect(col3[i].y0).toBeGreaterThanOrEqual(col3[i - 1].y1);
  });

  it('colours a name the same at every position; Other and Ended grey; bands take their source colour', () => {
    expect(node(2, 'Other').color).toBe(OTHER_COLOR);
    expect(node(3, 'Other').color).toBe(OTHER_COLOR);
    expect(layout.nodes.filter((n) => n.kind === 'ended').every((n) => n.color === ENDED_COLOR)).toBe(true);
    expect(new Set([node(1, 'home'), node(2, 'a'), node(2, 'b'), node(3, 'x'), node(3, 'y')].map((n) => n.color)).size).toBe(5);
    const band = layout.links.find((l) => l.source === 'a')!;
    expect(band.color).toBe(node(2, 'a').color);
    expect(band.d).toMatch(/^M[\d.]+,[\d.]+C/);
    expect(band.share).toBeCloseTo(1 / 7, 10);
  });

  it('draws end paths right to left: position 1 in the last column, bands from earlier rows', () => {
    const end = pathsLayout(result, 'end', W, H);
    const x = (p: number) => end.nodes.find((n) => n.position === p)!.x0;
    expect(x(1)).toBeGreaterThan(x(2));
    expect(x(2)).toBeGreaterThan(x(3));
    expect(x(3)).toBeGreaterThan(x(4));
    const band = end.links.find((l) => l.position === 1 && l.target === 'a')!;
    expect(band.from).toBe(nodeId(2, 'a'));
    expect(band.to).toBe(nodeId(1, 'home'));
    expect(end.columns.map((c) => c.label)).toEqual(['End', '1 before', '2 before', '3 before']);
  });

  it('handles no paths and a single position', () => {
    expect(pathsLayout({ kind: 'paths', users: 0, nodes: [], links: [], ended: [] }, 'start', W, H).nodes).toEqual([]);
    const one = pathsLayout({ kind: 'paths', users: 2, nodes: [{ position: 1, name: 'v', users: 2 }], links: [], ended: [] }, 'start', W, H);
    expect(one.nodes).toHaveLength(1);
    expect(one.nodes[0].y1).toBeGreaterThan(one.nodes[0].y0);
  });
});

describe('pathTo', () => {
  it('follows the heaviest band into each node back to position 1', () => {
    expect(pathTo(result, 1, 'home')).toEqual(['home']);
    expect(pathTo(result, 2, 'a')).toEqual(['home', 'a']);
    // x is reached from Other, a and b (1 user each): code-point order picks "Other".
    expect(pathTo(result, 3, 'x')).toEqual(['home', 'Other', 'x']);
    // y from Other and b, 1 each: "Other" < "b".
    expect(pathTo(result, 3, 'y')).toEqual(['home', 'Other', 'y']);
  });

  it('prefers more users over the name order', () => {
    const r: PathsResult = {
      ...result,
      links: [{ position: 1, source: 'home', target: 'b', users: 2 }, { position: 2, source: 'Other', target: 'x', users: 1 }, { position: 2, source: 'b', target: 'x', users: 2 }]
    };
    expect(pathTo(r, 3, 'x')).toEqual(['home', 'b', 'x']);
  });
});

describe('paths table', () => {
  it('lists nodes, ended and links by position with shares of all paths', () => {
    const rows = pathsRows(result);
    expect(rows[0]).toMatchObject({ position: 1, what: 'node', from: 'home', users: '7', share: '100%' });
    expect(rows.filter((r) => r.what === 'ended').map((r) => [r.position, r.users])).toEqual([[3, '1'], [4, '6']]);
    expect(rows.find((r) => r.what === 'link' && r.from === 'home' && r.to === 'a')!.share).toBe('28.6%');
    expect(rows).toHaveLength(result.nodes.length + result.links.length + result.ended.length);
  });

  it('exports raw numbers', () => {
    const csv = pathsCsv(result);
    expect(csv.rows[0]).toEqual(['paths', null, null, null, 7]);
    expect(csv.rows).toHaveLength(1 + result.nodes.length + result.links.length + result.ended.length);
  });
});
