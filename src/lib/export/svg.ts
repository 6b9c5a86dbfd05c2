/**
 * A chart's SVG as a standalone file. The serialiser is our own, not XMLSerializer, because the
 * export must be safe whatever the data held (bad-csv fixture 29): only drawing elements pass,
 * no `on*` attribute, no external or `javascript:` link, every text and attribute escaped. It
 * works on a minimal node shape, so tests run in Node without a DOM.
 */

export interface SvgNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<SvgNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

export interface SvgOptions {
  /** Becomes the file's `<title>` when the SVG has none. */
  title?: string;
  /** Inline style text for an element (the browser passes computed styles). */
  styleOf?: (node: SvgNode) => string;
  width?: number;
  height?: number;
}

const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'title', 'desc', 'defs', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'pattern',
  'marker', 'use', 'symbol'
]);
const DROPPED_ATTRS = /^(on|data-|xmlns)|^(style|class|tabindex|contenteditable)$/i;
const ATTR_NAME = /^[a-zA-Z_][-a-zA-Z0-9_.]*(:[a-zA-Z_][-a-zA-Z0-9_.]*)?$/;
const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Characters XML 1.0 cannot carry at all (NUL and most C0 controls) are dropped. */
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

function safeAttr(name: string, value: string): boolean {
  if (!ATTR_NAME.test(name) || DROPPED_ATTRS.test(name)) return false;
  // Links may only point inside the document (gradients, clip paths, <use>).
  if (/(^|:)href$/i.test(name)) return value.trim().startsWith('#');
  return !/javascript:|url\(\s*['"]?\s*[^#'"\s]/i.test(value);
}

function serialise(node: SvgNode, opts: SvgOptions, out: string[], root: boolean): void {
  if (node.nodeType === 3) return void out.push(escapeText(clean(node.nodeValue ?? '')));
  if (node.nodeType !== 1) return;
  const name = node.nodeName.toLowerCase();
  if (!ELEMENTS.has(name)) return;
  const tag = node.nodeName.includes(':') ? name : node.nodeName; // keep linearGradient's case
  const attrs: string[] = [];
  for (const a of Array.from(node.attributes ?? [])) {
    if (root && (a.name === 'width' || a.name === 'height') && (opts.width || opts.height)) continue;
    if (safeAttr(a.name, a.value)) attrs.push(`${a.name}="${escapeAttr(clean(a.value))}"`);
  }
  let style = opts.styleOf?.(node) ?? '';
  if (root) {
    attrs.unshift('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"');
    if (opts.width) attrs.push(`width="${opts.width}"`);
    if (opts.height) attrs.push(`height="${opts.height}"`);
    style = `font-family: ${FONT_STACK}; background: #ffffff; ${style}`;
  }
  if (style.trim()) attrs.push(`style="${escapeAttr(clean(style.trim()))}"`);
  out.push(`<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>`);
  const children = Array.from(node.childNodes);
  if (root && opts.title && !children.some((c) => c.nodeName.toLowerCase() === 'title')) {
    out.push(`<title>${escapeText(clean(opts.title))}</title>`);
  }
  for (const c of children) serialise(c, opts, out, false);
  out.push(`</${tag}>`);
}

/** Serialises `svg` (an SVGSVGElement, or any node of the same shape) as a standalone file. */
export function svgString(svg: SvgNode, opts: SvgOptions = {}): string {
  const browser = typeof window !== 'undefined' && typeof getComputedStyle === 'function' && svg instanceof Element;
  const styleOf = opts.styleOf ?? (browser ? computedStyle : undefined);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  serialise(svg, { ...opts, styleOf }, out, true);
  return out.join('');
}

/** Presentation properties a chart's CSS may set, with the value that needs no mention. */
const STYLE_PROPS: [string, string][] = [
  ['fill', ''], ['fill-opacity', '1'], ['stroke', 'none'], ['stroke-width', '1px'], ['stroke-opacity', '1'],
  ['stroke-dasharray', 'none'], ['stroke-linecap', 'butt'], ['opacity', '1'], ['visibility', 'visible']
];
const TEXT_PROPS: [string, string][] = [
  ['font-family', ''], ['font-size', ''], ['font-weight', '400'], ['font-style', 'normal'],
  ['text-anchor', 'start'], ['dominant-baseline', 'auto'], ['paint-order', 'normal'], ['unicode-bidi', 'normal']
];

function computedStyle(node: SvgNode): string {
  const cs = getComputedStyle(node as unknown as Element);
  const text = /^(text|tspan)$/i.test(node.nodeName);
  return [...STYLE_PROPS, ...(text ? TEXT_PROPS : [])]
    .map(([p, skip]) => [p, cs.getPropertyValue(p), skip] as const)
    .filter(([, v, skip]) => v && v !== skip)
    .map(([p, v]) => `${p}: ${v}`)
    .join('; ');
}
