import type { CsatFigures, NpsFigures, SatisfactionFigures, SatisfactionResult } from '../analysis/satisfaction';
import { formatInt, formatPct, formatSigned } from './number-format';

/**
 * What the satisfaction chart draws, from the contract's result alone (STYLE.md 9): score tiles,
 * and one stacked bar per row (the total, then each breakdown group in the result's order) split
 * into the scale's bands, with the answers behind every figure.
 */

export interface Band {
  key: 'promoters' | 'passives' | 'detractors' | 'satisfied' | 'others';
  label: string;
  color: string;
}

const NPS_BANDS: Band[] = [
  { key: 'promoters', label: 'Promoters (9–10)', color: '#009E73' },
  { key: 'passives', label: 'Passives (7–8)', color: '#BBBBBB' },
  { key: 'detractors', label: 'Detractors (0–6)', color: '#D55E00' }
];
const CSAT_BANDS: Band[] = [
  { key: 'satisfied', label: 'Satisfied (4–5)', color: '#009E73' },
  { key: 'others', label: 'Not satisfied (1–3)', color: '#BBBBBB' }
];

export function bandsOf(scale: SatisfactionResult['scale']): Band[] {
  return scale === 'nps' ? NPS_BANDS : CSAT_BANDS;
}

/** Answers in a band (for CSAT, `others` is answers − satisfied). */
export function bandCount(f: SatisfactionFigures, key: Band['key']): number {
  if (key === 'others') return f.answers - (f as CsatFigures).satisfied;
  return (f as unknown as Record<string, number>)[key];
}

/** The score as shown: NPS signed and whole (`+12`, `−40`), CSAT a percentage; `—` without answers. */
export function formatScore(scale: SatisfactionResult['scale'], score: number | null): string {
  if (score === null) return '—';
  if (scale === 'csat') return formatPct(score / 100);
  const whole = Math.round(score);
  return whole === 0 ? '0' : formatSigned(whole);
}

export interface Tile {
  label: string;
  value: string;
  hint: string;
}

export function satisfactionTiles(r: SatisfactionResult): Tile[] {
  const t = r.total;
  const answers = `${formatInt(t.answers)} answers`;
  const share = (n: number) => (t.answers === 0 ? '—' : formatPct(n / t.answers));
  const tiles: Tile[] = [{ label: r.scale === 'nps' ? 'NPS' : 'CSAT', value: formatScore(r.scale, t.score), hint: answers }];
  for (const b of bandsOf(r.scale)) {
    const n = bandCount(t, b.key);
    tiles.push({ label: b.label, value: share(n), hint: `${formatInt(n)} of ${answers}` });
  }
  tiles.push({ label: 'Out of scale', value: formatInt(r.out_of_scale), hint: 'scores off the scale or not whole, not counted' });
  return tiles;
}

export interface BarSegment extends Band {
  count: number;
  share: number;
  x: number;
  w: number;
}

export interface BarRow {
  /** null for the total row; the group's value otherwise (null value shown as "(none)"). */
  value: string | null;
  total: boolean;
  label: string;
  figures: SatisfactionFigures;
  score: string;
  y: number;
  h: number;
  segments: BarSegment[];
}

export interface SatisfactionLayout {
  width: number;
  height: number;
  barX: number;
  barW: number;
  rows: BarRow[];
  bands: Band[];
}

export const BAR = { left: 140, right: 150, rowH: 30, gap: 10, top: 8 };
const r2 = (v: number) => Math.round(v * 100) / 100;

export function satisfactionLayout(r: SatisfactionResult, width: number): SatisfactionLayout {
  const bands = bandsOf(r.scale);
  const barX = BAR.left;
  const barW = Math.max(60, width - BAR.left - BAR.right);
  const entries: { value: string | null; total: boolean; label: string; f: SatisfactionFigures }[] = [
    { value: null, total: true, label: 'All answers', f: r.total },
    ...(r.breakdown ?? []).map((g) => ({ value: g.value, total: false, label: g.value ?? '(none)', f: g as NpsFigures | CsatFigures }))
  ];
  const rows = entries.map((e, i): BarRow => {
    let x = barX;
    const segments = bands.map((b): BarSegment => {
      const count = bandCount(e.f, b.key);
      const share = e.f.answers === 0 ? 0 : count / e.f.answers;
      const seg = { ...b, count, share, x: r2(x), w: r2(share * barW) };
      x += share * barW;
      return seg;
    });
    return { value: e.value, total: e.total, label: e.label, figures: e.f, score: formatScore(r.scale, e.f.score), y: BAR.top + i * (BAR.rowH + BAR.gap), h: BAR.rowH, segments };
  });
  return { width, height: BAR.top + rows.length * (BAR.rowH + BAR.gap), barX, barW, rows, bands };
}

/** The table behind the chart (its CSV export): one row for the total, then one per group. */
export function satisfactionCsv(r: SatisfactionResult): { columns: string[]; rows: (string | number | null)[][] } {
  const bands = bandsOf(r.scale).filter((b) => b.key !== 'others');
  const row = (value: string | null, f: SatisfactionFigures) => [value, f.answers, ...bands.map((b) => bandCount(f, b.key)), f.score];
  return {
    columns: ['group', 'answers', ...bands.map((b) => b.key), 'score'],
    rows: [row('(all answers)', r.total), ...(r.breakdown ?? []).map((g) => row(g.value, g))]
  };
}
