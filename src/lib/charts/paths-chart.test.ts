import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { PathsResult } from '../analysis/paths';
import PathsChart from './PathsChart.svelte';

// Server rendering gives the markup the browser starts from (width falls back to 720: no layout).
const html = (props: { result: PathsResult; title?: string; direction?: 'start' | 'end'; onpick?: (p: (string | null)[]) => void }) =>
  render(PathsChart, { props }).body;

const result: PathsResult = {
  kind: 'paths',
  users: 10,
  nodes: [
    { position: 1, name: 'view', users: 10 },
    { position: 2, name: 'cart', users: 6 }, { position: 2, name: null, users: 1 },
    { position: 3, name: 'Other', users: 4 }
  ],
  links: [
    { position: 1, source: 'view', target: 'cart', users: 6 }, { position: 1, source: 'view', target: null, users: 1 },
    { position: 2, source: 'cart', target: 'Other', users: 4 }
  ],
  ended: [{ position: 2, users: 3 }, { position: 3, users: 3 }, { position: 4, users: 4 }]
};

describe('PathsChart', () => {
  const body = html({ result, title: 'After a view' });

  it('is an accessible image with a title and a summary', () => {
    expect(body).toContain('data-testid="paths-chart"');
    expect(body).toContain('<title>After a view</title>');
    expect(body).toMatch(/<svg role="img" aria-label="After a view\. 10 users; position 1: \u2068view\u2069 10; position 2: \u2068cart\u2069 6, \u2068\(no event name\)\u2069 1; position 3: \u2068Other\u2069 4"/);
  });

  it('draws a node per name and ended position and a band per link', () => {
    expect(body.match(/<rect /g)).toHaveLength(4 + 3);
    expect(body.match(/<path /g)).toHaveLength(3);
  });

  it('shows the same numbers as a table', () => {
    const table = body.slice(body.indexOf('data-testid="paths-table"')).split('</table>')[0];
    const cells = [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '').trim());
    expect(cells.slice(6, 12)).toEqual(['1', 'node', 'view', '', '10', '100%']);
    expect(cells).toContain('(no event name)');
    expect(cells.join('|')).toContain('2|ended|Ended||3|30.0%');
    expect(cells.join('|')).toContain('2|link|cart|Other|4|40.0%');
  });

  it('makes nodes and bands buttons only when a funnel can be picked', () => {
    expect(body).not.toContain('role="button"');
    const picking = html({ result, onpick: () => {} });
    // 4 named nodes and 3 bands; ended nodes are not a path.
    expect(picking.match(/role="button"/g)).toHaveLength(7);
    expect(picking).toContain('aria-label="Make a funnel of the path to cart → Other"');
  });

  it('labels end paths from the end backwards', () => {
    expect(html({ result, direction: 'end' })).toContain('>End</text>');
  });
});
