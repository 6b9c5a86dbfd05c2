import { describe, expect, it } from 'vitest';
import { svgString, type SvgNode } from './svg';

const text = (s: string): SvgNode => ({ nodeType: 3, nodeName: '#text', nodeValue: s, childNodes: [] });
const el = (name: string, attrs: Record<string, string>, ...children: SvgNode[]): SvgNode => ({
  nodeType: 1,
  nodeName: name,
  nodeValue: null,
  childNodes: children,
  attributes: Object.entries(attrs).map(([n, value]) => ({ name: n, value }))
});

// The label values of bad-csv fixture 29, and its hostile header.
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg onload=alert(3)>',
  'javascript:alert(4)',
  '</text><script>alert(5)</script>',
  '&lt;b&gt;escaped&lt;/b&gt;',
  "{{constructor.constructor('alert(7)')()}}",
  "<img src=x onerror=alert('hdr')>"
];

describe('svgString', () => {
  it('writes a standalone file: xmlns, size, a title, a font', () => {
    const out = svgString(el('svg', { viewBox: '0 0 10 10', role: 'img' }, el('rect', { x: '0', width: '5' })), { title: 'Funnel', width: 640, height: 200 });
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" role="img" width="640" height="200" style="font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; background: #ffffff;">` +
        '<title>Funnel</title><rect x="0" width="5"></rect></svg>'
    );
  });

  it('keeps fixture 29 strings as escaped text, never as markup', () => {
    const labels = HOSTILE.map((s) => el('text', { 'aria-label': s }, text(s)));
    const out = svgString(el('svg', {}, el('title', {}, text(HOSTILE[0])), ...labels));
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;/text&gt;&lt;script&gt;alert(5)&lt;/script&gt;');
    expect(out).toContain('&amp;lt;b&amp;gt;escaped&amp;lt;/b&amp;gt;');
    expect(out).toContain('aria-label="&lt;img src=x onerror=alert(2)&gt;"');
    expect(out).not.toMatch(/<script|<img|<svg onload/i);
    // Exactly the elements we wrote: svg, title and 8 text elements.
    expect(out.match(/<[a-z]/gi)).toHaveLength(10);
    // The one title is the chart's own; no second title was added.
    expect(out.match(/<title>/g)).toHaveLength(1);
  });

  it('drops on* attributes, scripts, foreign content and outside links', () => {
    const out = svgString(
      el('svg', { onload: 'alert(1)', ONCLICK: 'x()' },
        el('script', {}, text('alert(1)')),
        el('foreignObject', {}, el('div', {}, text('hi'))),
        el('a', { href: 'javascript:alert(1)' }, el('rect', {})),
        el('use', { href: 'https://evil.example/x.svg#a' }),
        el('use', { 'xlink:href': '#local' }),
        el('rect', { fill: 'url(https://evil.example/p)', stroke: 'url(#grad)', 'data-testid': 'x', 'bad name': 'y' }),
        el('linearGradient', { id: 'grad' }))
    );
    expect(out).not.toMatch(/onload|onclick|script|foreignObject|div|javascript|evil|data-testid|bad name/i);
    expect(out).toContain('<use></use><use xlink:href="#local"></use><rect stroke="url(#grad)"></rect><linearGradient id="grad"></linearGradient>');
  });

  it('removes characters XML cannot hold and escapes quotes in attributes', () => {
    const out = svgString(el('svg', {}, el('text', { 'aria-label': 'a"b\u0000' }, text('x\u0001y'))));
    expect(out).toContain('<text aria-label="a&quot;b">xy</text>');
  });

  it('adds the inline style the caller computes', () => {
    const out = svgString(el('svg', {}, el('rect', {})), { styleOf: (n) => (n.nodeName === 'rect' ? 'fill: rgb(1, 2, 3)' : '') });
    expect(out).toContain('<rect style="fill: rgb(1, 2, 3)"></rect>');
  });
});
