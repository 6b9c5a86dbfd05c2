import { cellString, svgBody, type Table } from './compose';
import { escapeAttr, escapeText } from './svg';

/**
 * The dashboard as one self-contained HTML file (docs/EXPORTS.md): each panel's title, its charts
 * inlined as SVG, and its numbers as tables. No script, no stylesheet or image to fetch, no link
 * out: its own Content-Security-Policy forbids all of them, so it opens the same offline, in
 * mail, or years later.
 */

export interface ReportChart {
  title: string;
  /** A standalone SVG from compose.ts (already safe); absent for a table-only frame. */
  svg?: string;
  table?: Table;
}
export interface ReportSection {
  heading: string;
  charts: ReportChart[];
}

const CSS = `
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-top: 1px solid #dde1e6; padding-top: 1rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; } .context { color: #5b6570; margin: .1rem 0; }
figure { margin: 0 0 .75rem; overflow-x: auto; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .85rem; margin-bottom: 1rem; } caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #dde1e6; padding: .2rem .5rem; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; max-height: 40rem; }`;

export function tableHtml(caption: string, table: Table): string {
  const names = table.columns.map((c) => (typeof c === 'string' ? c : c.name));
  const head = names.map((n) => `<th scope="col">${escapeText(n)}</th>`).join('');
  const rows = table.rows
    .map((row) => `<tr>${names.map((n, i) => {
      const s = cellString(row, n, i);
      return `<td${/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s) ? ' class="num"' : ''}>${escapeText(s)}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table><caption>${escapeText(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

export function reportHtml(o: { title: string; lines: readonly string[]; sections: readonly ReportSection[] }): string {
  const body = o.sections
    .map((s) => {
      const charts = s.charts
        .map((c) => `<h3>${escapeText(c.title)}</h3>` + (c.svg ? `<figure>${svgBody(c.svg)}</figure>` : '') + (c.table ? tableHtml(`${c.title}: the numbers`, c.table) : ''))
        .join('\n');
      return `<section>\n<h2>${escapeText(s.heading)}</h2>\n${charts}\n</section>`;
    })
    .join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr("default-src 'none'; style-src 'unsafe-inline'")}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeText(o.title)}</title>\n<style>${CSS}\n</style>\n</head>\n<body>\n` +
    `<h1>${escapeText(o.title)}</h1>\n` +
    o.lines.map((l) => `<p class="context">${escapeText(l)}</p>`).join('\n') +
    `\n${body}\n</body>\n</html>\n`
  );
}
