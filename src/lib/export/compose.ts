import type { CsvColumn, CsvRow } from './csv';
import { escapeAttr, escapeText } from './svg';

/**
 * Exported pictures that keep their meaning on their own (docs/EXPORTS.md): the chart's title, the
 * filters and range it was computed under, the data, and its legend with every entry, around the
 * chart's own SVG (already made safe by svg.ts). Pure text: tested in Node.
 */

export interface LegendEntry {
  label: string;
  color: string;
  /** A line's dash pattern (`6 3`): the entry is drawn as that line, not a filled box. */
  dash?: string;
}
/** A standalone SVG document and its size in CSS pixels. */
export interface Picture {
  svg: string;
  width: number;
  height: number;
}
export interface Table {
  columns: readonly (string | CsvColumn)[];
  rows: readonly CsvRow[];
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const PAD = 16;
const INK = '#1b1f24';
const MUTED = '#5b6570';
/** A colour we write into an attribute: hex, rgb()/hsl() or a name; anything else becomes grey. */
const COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%/+-]+\)|[a-z]{3,20})$/i;
const safeColor = (c: string) => (COLOR.test(c.trim()) ? c.trim() : '#8a94a0');
const r = (v: number) => Math.round(v * 100) / 100;

/** Rough text width: enough to wrap lines and flow legend entries without a browser. */
const textWidth = (s: string, size: number) => [...s].length * size * 0.58;
const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

/** `text` in lines of at most `width` pixels at `size`, broken at spaces (a long word is cut). */
export function wrap(text: string, width: number, size: number): string[] {
  const max = Math.max(8, Math.floor(width / (size * 0.58)));
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length <= max) line = next;
    else {
      if (line) out.push(line);
      line = [...word].length > max ? cut(word, max) : word;
    }
  }
  if (line) out.push(line);
  return out;
}

/** The document's body: the SVG without its XML declaration, to nest it or inline it in HTML. */
export const svgBody = (svg: string) => svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');

function open(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${r(width)}" height="${r(height)}" viewBox="0 0 ${r(width)} ${r(height)}" style="font-family: ${escapeAttr(FONT)}; background: #ffffff;">` +
    `<title>${escapeText(title)}</title><rect width="${r(width)}" height="${r(height)}" fill="#ffffff"></rect>`
  );
}

/** The title (bold) and the context lines under it, from `y`; returns the markup and the next y. */
function heading(title: string, lines: readonly string[], width: number, y: number, size = 16): { out: string; y: number } {
  const out: string[] = [];
  for (const t of wrap(title, width - 2 * PAD, size)) {
    y += size + 4;
    out.push(`<text x="${PAD}" y="${r(y)}" font-size="${size}" font-weight="700" fill="${INK}">${escapeText(t)}</text>`);
  }
  for (const line of lines) {
    for (const t of wrap(line, width - 2 * PAD, 12)) {
      y += 16;
      out.push(`<text x="${PAD}" y="${r(y)}" font-size="12" fill="${MUTED}" data-line="context">${escapeText(t)}</text>`);
    }
  }
  return { out: out.join(''), y };
}

/** A box of the entry's colour, or a short line with its dash pattern (digits and spaces only). */
function swatch(e: LegendEntry, x: number, y: number): string {
  const color = escapeAttr(safeColor(e.color));
  if (e.dash === undefined) return `<rect x="${r(x)}" y="${r(y)}" width="12" height="12" rx="2" fill="${color}"></rect>`;
  const dash = /^[\d.\s,]+$/.test(e.dash) ? ` stroke-dasharray="${e.dash.trim()}"` : '';
  return `<line x1="${r(x)}" x2="${r(x + 14)}" y1="${r(y + 6)}" y2="${r(y + 6)}" stroke="${color}" stroke-width="3"${dash}></line>`;
}

/** Legend entries flowed in rows: a swatch and the label (a cut label keeps its whole text as a tooltip). */
function legendRows(entries: readonly LegendEntry[], width: number, y: number): { out: string; y: number } {
  if (!entries.length) return { out: '', y };
  const out: string[] = ['<g data-part="legend">'];
  let x = PAD;
  y += 6;
  for (const e of entries) {
    const label = cut(e.label, 48);
    const w = 18 + textWidth(label, 12) + 16;
    if (x > PAD && x + w > width - PAD) (x = PAD), (y += 20);
    out.push(
      `<g>${swatch(e, x, y)}` +
        `<text x="${r(x + 18)}" y="${r(y + 10)}" font-size="12" fill="${INK}">${label !== e.label ? `<title>${escapeText(e.label)}</title>` : ''}${escapeText(label)}</text></g>`
    );
    x += w;
  }
  out.push('</g>');
  return { out: out.join(''), y: y + 14 };
}

/**
 * One chart as a picture that stands on its own: title and context lines on top, the chart, then
 * its legend. The width is the chart's (what was on screen), at least 320 px.
 */
export function composeChart(o: { title: string; lines: readonly string[]; chart: Picture; legend: readonly LegendEntry[] }): Picture {
  const width = Math.max(320, Math.ceil(o.chart.width));
  const head = heading(o.title, o.lines, width, PAD - 4);
  const chartY = head.y + 12;
  const x = (width - o.chart.width) / 2;
  const legend = legendRows(o.legend, width, chartY + o.chart.height);
  const height = Math.ceil(legend.y + PAD);
  const svg =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    open(width, height, o.title) +
    head.out +
    `<g transform="translate(${r(x)} ${r(chartY)})">${svgBody(o.chart.svg)}</g>` +
    legend.out +
    '</svg>';
  return { svg, width, height };
}

/** A table drawn as SVG text (a KPI table has no chart): the first `maxRows` rows, then how many more. */
export function tablePicture(title: string, lines: readonly string[], table: Table, width = 640, maxRows = 30): Picture {
  const head = heading(title, lines, width, PAD - 4);
  const names = table.columns.map((c) => (typeof c === 'string' ? c : c.name));
  const colW = (width - 2 * PAD) / Math.max(1, names.length);
  const chars = Math.max(4, Math.floor(colW / (12 * 0.58)) - 1);
  const out: string[] = [];
  let y = head.y + 24;
  const row = (cells: string[], bold: boolean) => {
    cells.forEach((c, i) => out.push(`<text x="${r(PAD + i * colW)}" y="${r(y)}" font-size="12"${bold ? ' font-weight="650"' : ''} fill="${INK}">${escapeText(cut(c, chars))}</text>`));
    y += 18;
  };
  row(names, true);
  for (const rw of table.rows.slice(0, maxRows)) row(names.map((n, i) => cellString(rw, n, i)), false);
  if (table.rows.length > maxRows) {
    out.push(`<text x="${PAD}" y="${r(y)}" font-size="12" fill="${MUTED}">${table.rows.length - maxRows} more rows in the CSV export and the HTML report</text>`);
    y += 18;
  }
  const height = Math.ceil(y + PAD);
  return { svg: '<?xml version="1.0" encoding="UTF-8"?>\n' + open(width, height, title) + head.out + out.join('') + '</svg>', width, height };
}

/** A cell as text: numbers as they are (no rounding), empty for missing values. */
export function cellString(row: CsvRow, name: string, i: number): string {
  const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[name];
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'number' && !Number.isFinite(v)) return '';
  return String(v);
}

/** The whole dashboard as one picture: its title and context, then every chart in page order. */
export function composeDashboard(o: { title: string; lines: readonly string[]; charts: readonly Picture[] }): Picture {
  const width = Math.max(320, ...o.charts.map((c) => Math.ceil(c.width)));
  const head = heading(o.title, o.lines, width, PAD - 4, 20);
  let y = head.y + 16;
  const parts: string[] = [];
  for (const c of o.charts) {
    parts.push(`<g transform="translate(${r((width - c.width) / 2)} ${r(y)})">${svgBody(c.svg)}</g>`);
    y += c.height + 16;
  }
  const height = Math.ceil(y + PAD);
  return { svg: '<?xml version="1.0" encoding="UTF-8"?>\n' + open(width, height, o.title) + head.out + parts.join('') + '</svg>', width, height };
}
