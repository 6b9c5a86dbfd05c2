import type { BrowserRun } from './browser-harness';
import { difference } from './compare';
import type { NativeRun } from './native-run';

export interface Row {
  metric: string;
  app: string;
  native: string;
  ratio: string;
  target: string;
  /** true / false when there is a target, null for information only. */
  met: boolean | null;
}

export interface SizeResult {
  events: number;
  label: string;
  file: string;
  bytes: number;
  native: NativeRun[];
  app: BrowserRun[];
  cancel: { button: boolean; ms: number | null; engine_free_ms?: number; left_to: string | null } | null;
  loadavg: number[];
  /** Browser runs that ended in an error on the page, with the Workspace calls that had finished. */
  failures?: { run: number; error: string; calls: { name: string; kind?: string; ms: number }[] }[];
  summary?: { rows: Row[]; equal: Record<string, string | null> };
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const sec = (ms: number) => (Number.isFinite(ms) ? (ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(2)) + ' s' : '–');
const mb = (b: number | null | undefined) => (b === null || b === undefined || !Number.isFinite(b) ? '–' : `${Math.round(b / 2 ** 20)} MB`);
const x = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');

/** Medians, ratios app / native, and each issue-5 target met or not. */
export function evaluate(s: SizeResult): { rows: Row[]; equal: Record<string, string | null> } {
  const N = (f: (r: NativeRun) => number) => median(s.native.map(f));
  const A = (f: (r: BrowserRun) => number) => median(s.app.map(f));
  const rows: Row[] = [];
  const has = s.app.length > 0;
  const ratioRow = (metric: string, app: number, native: number, limit: number | null, nativeNote = '') => {
    const r = app / native;
    rows.push({
      metric,
      app: has ? sec(app) : '–',
      native: sec(native) + nativeNote,
      ratio: has ? x(r) : '–',
      target: limit === null ? '' : `≤ ${limit}×`,
      met: limit === null || !has ? null : r <= limit
    });
  };
  const readCsv = N((r) => r.read_csv_ms);
  const appIngest = A((r) => r.ms.ingest);
  ratioRow('ingest (app: import + build events; native: read_csv)', appIngest, readCsv, 1.5);
  ratioRow('ingest, same app code natively', appIngest, N((r) => r.session.ms.ingest), null);
  const mbs = (ms: number) => `${(s.bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MB/s, ${(s.events / (ms / 1000) / 1e6).toFixed(2)} M rows/s`;
  rows.push({ metric: 'ingest throughput', app: has ? mbs(appIngest) : '–', native: mbs(readCsv), ratio: '', target: '', met: null });
  const nativeFirst = N((r) => r.read_csv_ms + r.session.ms.overview + r.session.ms.stages);
  ratioRow('drop → first chart (native: read_csv + overview + stages)', A((r) => r.drop_to_first_chart_ms), nativeFirst, 2);
  ratioRow('stage overview (KPIs + stages funnel)', A((r) => r.ms.overview + r.ms.stages_overview), N((r) => r.session.ms.overview + r.session.ms.stages), null);
  ratioRow('stages analysis (run alone)', A((r) => r.ms.stages), N((r) => r.session.ms.stages), null);
  ratioRow('5-step 7-day funnel, same SQL', A((r) => r.ms.funnel), N((r) => r.session.ms.funnel), 1.5);
  ratioRow('5-step funnel vs native reference self-join', A((r) => r.ms.funnel), N((r) => r.session.ms.reference_funnel), 1.0);
  ratioRow('reference self-join, same SQL', A((r) => r.ms.reference_funnel), N((r) => r.session.ms.reference_funnel), null);
  ratioRow('weekly retention, 12 weeks', A((r) => r.ms.retention), N((r) => r.session.ms.retention), 2);
  ratioRow('funnel broken down by channel', A((r) => r.ms.breakdown), N((r) => r.session.ms.breakdown), 2);
  ratioRow('changed funnel (one step), same SQL', A((r) => median(r.change_step.query_ms)), N((r) => r.session.ms.funnel_changed), null);
  if (has) {
    const redraw = median(s.app.flatMap((r) => r.change_step.redraw_ms));
    const query = median(s.app.flatMap((r) => r.change_step.panel_query_ms ?? r.change_step.query_ms));
    // Redraw over the panel's own query in the same edit (older results: over the query run alone).
    const ratios = s.app.flatMap((r) => r.change_step.redraw_ms.map((d, i) => d / (r.change_step.panel_query_ms?.[i] ?? r.change_step.query_ms[i])));
    const rr = median(ratios);
    rows.push({ metric: 'change one funnel step: chart redrawn / its query', app: `${sec(redraw)} / ${sec(query)}`, native: '', ratio: x(rr), target: '≤ 1.2×', met: rr <= 1.2 });
    const quick = s.app.flatMap((r) => r.change_step.quick_redraw_ms ?? []);
    if (quick.length) {
      // Redrawn while the previous funnel's extra views were still running, over the same query alone.
      const qr = median(s.app.flatMap((r) => r.change_step.quick_redraw_ms!.map((d, i) => d / r.change_step.quick_query_ms![i])));
      const qa = median(s.app.flatMap((r) => r.change_step.quick_query_ms!));
      rows.push({ metric: 'quick second edit (views still running): redrawn / query alone', app: `${sec(median(quick))} / ${sec(qa)}`, native: '', ratio: x(qr), target: '≤ 1.2×', met: qr <= 1.2 });
    }
    const lt = (k: 'ingest' | 'queries') => s.app.flatMap((r) => r.long_tasks[k]);
    for (const k of ['ingest', 'queries'] as const) {
      const all = lt(k);
      const worst = all.length ? Math.max(...all) : 0;
      rows.push({
        metric: `main-thread long tasks during ${k === 'ingest' ? 'drop → chart' : 'queries'} (per run: > 50 ms; worst)`,
        app: `${(all.length / s.app.length).toFixed(1)}; ${worst} ms`,
        native: '',
        ratio: '',
        target: '≤ 200 ms',
        met: worst <= 200
      });
    }
    const mem = (f: (r: BrowserRun) => number | null) => Math.max(...s.app.map((r) => f(r) ?? NaN));
    rows.push({
      metric: 'memory: DuckDB (duckdb_memory) / peak process',
      app: `${mb(mem((r) => r.memory.duckdb_bytes))} / ${mb(mem((r) => r.memory.renderer_peak_rss_bytes))} renderer`,
      native: `${mb(Math.max(...s.native.map((r) => r.session.duckdb_memory_bytes)))} / ${mb(Math.max(...s.native.map((r) => r.peak_rss_bytes)))} RSS`,
      ratio: '',
      target: 'loads',
      met: s.app.every((r) => r.results.overview !== undefined) && !(s.failures ?? []).length
    });
    const f = s.app[0].first_load;
    rows.push({
      metric: 'first load: first paint / engine ready',
      app: `${sec(A((r) => r.first_load.fcp_ms ?? NaN))} / ${sec(A((r) => r.first_load.engine_ready_ms ?? NaN))}`,
      native: '',
      ratio: '',
      target: 'shell first',
      met: s.app.every((r) => r.first_load.fcp_ms !== null && r.first_load.engine_ready_ms !== null && r.first_load.fcp_ms < r.first_load.engine_ready_ms)
    });
    rows.push({ metric: 'JS before first render (gzip, excl. worker, wasm)', app: `${(f.js_before_render_gzip_bytes / 1024).toFixed(0)} KB`, native: '', ratio: '', target: '≤ 250 KB', met: f.js_before_render_gzip_bytes <= 250 * 1024 });
    rows.push({ metric: 'progress bar shown during import', app: s.app.every((r) => r.progress_seen) ? 'yes' : 'no', native: '', ratio: '', target: 'yes', met: s.app.every((r) => r.progress_seen) });
    if (s.cancel) {
      rows.push({
        metric: 'Cancel during import: back to the drop zone',
        app: s.cancel.button ? `${sec(s.cancel.ms ?? NaN)} (to ${s.cancel.left_to}); engine free after ${sec(s.cancel.engine_free_ms ?? NaN)}` : 'no Cancel button',
        native: '',
        ratio: '',
        target: '≤ 2 s',
        met: s.cancel.button && s.cancel.ms !== null && Math.max(s.cancel.ms, s.cancel.engine_free_ms ?? 0) <= 2000
      });
    }
  }
  for (const f of s.failures ?? []) {
    const done = f.calls.map((c) => `${c.name}${c.kind ? ' ' + c.kind : ''} ${sec(c.ms)}`).join(', ');
    rows.push({ metric: `browser run ${f.run}`, app: `failed: ${f.error}${done ? ` (finished: ${done})` : ''}`, native: '', ratio: '', target: 'loads', met: false });
  }
  const equal: Record<string, string | null> = {};
  const n0 = s.native[0]?.session.results as Record<string, unknown> | undefined;
  for (const r of s.app) {
    for (const k of ['overview', 'stages', 'funnel', 'retention', 'breakdown', 'reference_funnel']) {
      if (n0 && !(k in equal && equal[k] !== null)) equal[k] = difference(r.results[k], n0[k]);
    }
  }
  if (n0) {
    const fu = (n0.funnel as { steps: { users: number }[] }).steps.map((st) => st.users);
    equal.funnel_vs_reference = difference(fu, n0.reference_funnel);
  }
  if (s.app.length) {
    rows.push({
      metric: 'results: browser = native (stages, funnel, retention, breakdown, overview)',
      app: Object.values(equal).every((v) => v === null) ? 'equal' : Object.entries(equal).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('; '),
      native: '',
      ratio: '',
      target: 'equal',
      met: Object.values(equal).every((v) => v === null)
    });
  }
  return { rows, equal };
}

export function printTable(sizes: SizeResult[]): void {
  for (const s of sizes) {
    const sum = s.summary ?? evaluate(s);
    const load = s.loadavg.map((l) => l.toFixed(1)).join(', ');
    console.log(`\n### ${s.label} events (${(s.bytes / 1e6).toFixed(0)} MB CSV), medians of ${Math.max(s.native.length, s.app.length)} runs; load average at each run: ${load}`);
    console.log('| measure | app in Chromium | native DuckDB | app / native | target | met |');
    console.log('|---|---:|---:|---:|---|---|');
    for (const r of sum.rows) console.log(`| ${r.metric} | ${r.app} | ${r.native} | ${r.ratio} | ${r.target} | ${r.met === null ? '' : r.met ? 'yes' : '**no**'} |`);
    const errors = pageErrors(s);
    if (errors.length) console.log(`\nerrors in the page: ${errors.join(' | ')}`);
  }
}

/** Errors the page reported during the runs (analyses that failed, console errors), once each. */
export function pageErrors(s: SizeResult): string[] {
  return [...new Set(s.app.flatMap((r) => r.errors))];
}
