import { describe, expect, it } from 'vitest';
import { composeChart, composeDashboard, tablePicture, wrap } from './compose';
import { contextLines } from './context-lines';
import { reportHtml } from './report';

const CHART = { svg: '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="10" height="10"></rect></svg>', width: 600, height: 300 };
// The 11 origins of the Olist leads: every one must be in the legend.
const ORIGINS = ['organic_search', 'paid_search', 'social', 'unknown', 'direct_traffic', 'email', 'referral', 'other', '(none)', 'display', 'other_publicities'];
const DAY = new Date(2026, 11, 6);

describe('contextLines', () => {
  it('say the filters, the range and the data', () => {
    expect(contextLines({ files: ['a.csv', 'spend.csv'], spendFile: 'spend.csv', filters: [{ column: 'origin', op: 'in', values: ['social', 'email'] }, { column: 'x', op: 'is_null' }], range: { from: '2018-01-01', to: '2018-07-01' } }, DAY))
      .toEqual(['Filters: origin in "social", "email"; x is empty', 'Range: 2018-01-01 to 2018-07-01 (UTC, end excluded)', 'Data: a.csv; ad spend from spend.csv · exported 2026-12-06']);
    expect(contextLines({ files: ['a.csv'] }, DAY)).toEqual(['Filters: none', 'Range: all dates', 'Data: a.csv · exported 2026-12-06']);
  });
});

describe('composeChart', () => {
  const lines = contextLines({ files: ['olist_leads.csv'], filters: [{ column: 'origin', op: '!=', values: ['<b>unknown</b>'] }] }, DAY);
  const out = composeChart({ title: 'Funnel — lead → won, by origin', lines, chart: CHART, legend: ORIGINS.map((label, i) => ({ label, color: i % 2 ? '#1d4ed8' : 'rgb(1, 2, 3)' })) });

  it('carries the title, the context lines and every legend entry around the chart', () => {
    expect(out.svg).toContain('<title>Funnel — lead → won, by origin</title>');
    expect(out.svg).toContain('>Filters: origin != "&lt;b&gt;unknown&lt;/b&gt;"<');
    expect(out.svg).toContain('>Range: all dates<');
    for (const o of ORIGINS) expect(out.svg).toContain(`>${o}</text>`);
    expect(out.svg.match(/<rect x="[^"]+" y="[^"]+" width="12"/g)).toHaveLength(11);
    // The chart itself, nested once, without its XML declaration.
    expect(out.svg.match(/<\?xml/g)).toHaveLength(1);
    expect(out.svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="10" height="10"></rect></svg>');
  });

  it('is as wide as the chart on screen and tall enough for all of it', () => {
    expect(out.width).toBe(600);
    expect(out.height).toBeGreaterThan(300 + 3 * 16 + 20);
    expect(out.svg).toContain(`width="600" height="${out.height}" viewBox="0 0 600 ${out.height}"`);
    // 11 entries do not fit on one row of 600 px: the legend wraps.
    const ys = new Set([...out.svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="12"/g)].map((m) => m[1]));
    expect(ys.size).toBeGreaterThan(1);
  });

  it('writes a colour only if it is one, and escapes labels', () => {
    const bad = composeChart({ title: 't', lines: [], chart: CHART, legend: [{ label: '</text><script>x</script>', color: 'url(https://evil.example/x)' }] });
    expect(bad.svg).not.toContain('evil');
    expect(bad.svg).not.toMatch(/<script/);
    expect(bad.svg).toContain('fill="#8a94a0"');
  });

  it('draws a dashed entry as its line (a colour repeated past the palette stays told apart)', () => {
    const out2 = composeChart({ title: 't', lines: [], chart: CHART, legend: [{ label: 'a', color: '#000', dash: '6 3' }, { label: 'b', color: '#000', dash: '6 3" onload="x' }] });
    expect(out2.svg).toContain('stroke="#000" stroke-width="3" stroke-dasharray="6 3"></line>');
    expect(out2.svg).not.toContain('onload');
  });

  it('wraps long lines at spaces', () => {
    expect(wrap('aaa bbb ccc ddd', 8 * 12 * 0.58, 12)).toEqual(['aaa bbb', 'ccc ddd']);
  });
});

describe('the dashboard picture and report', () => {
  const table = { columns: ['step', { name: 'users', type: 'number' as const }], rows: [['lead', 8000], ['won <script>', 841]] };
  const kpi = tablePicture('Marketing KPIs', ['Filters: none'], table, 500);

  it('draws a table-only frame as text', () => {
    expect(kpi.svg).toContain('>8000</text>');
    expect(kpi.svg).toContain('won &lt;script&gt;');
    expect(kpi.width).toBe(500);
  });

  it('stacks every chart under the dashboard title', () => {
    const d = composeDashboard({ title: 'Customer journey — olist', lines: ['Filters: none'], charts: [CHART, kpi] });
    expect(d.width).toBe(600);
    expect(d.height).toBeGreaterThan(300 + kpi.height);
    expect(d.svg.match(/<\?xml/g)).toHaveLength(1);
    expect(d.svg).toContain('<title>Marketing KPIs</title>');
  });

  it('writes one HTML file with every panel title, inline SVG and tables, and no script', () => {
    const html = reportHtml({
      title: 'Customer journey — olist',
      lines: ['Filters: none'],
      sections: [
        { heading: 'Funnel — lead → won, by origin', charts: [{ title: 'Funnel', svg: CHART.svg, table }] },
        { heading: 'Marketing KPIs', charts: [{ title: 'Marketing KPIs', table }] }
      ]
    });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h2>Funnel — lead → won, by origin</h2>');
    expect(html).toContain('<h2>Marketing KPIs</h2>');
    expect(html).toContain('<figure><svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<td class="num">841</td>');
    expect(html).toContain('<td>won &lt;script&gt;</td>');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    expect(html).toContain(`default-src 'none'`);
  });
});
