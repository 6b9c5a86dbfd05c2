import { scaleBand, scaleLinear } from 'd3';
import type { EngagementResult } from '../analysis/engagement';
import type { CsvColumn, CsvRow } from '../export/csv';
import { periodAxes } from './period-axes';

/**
 * Geometry of the engagement chart: per period a column of the five levels stacked (lowest at the
 * bottom), and between consecutive columns one ribbon per (level before → level after) whose
 * thickness is its users. Ribbons leave a segment ordered by target level and enter one ordered
 * by source level, so they do not cross inside a segment. Users first placed in the later period
 * have no source: they are the part of a segment no ribbon enters (at its top).
 */
export const ENGAGEMENT_MARGIN = { top: 16, right: 16, bottom: 40, left: 56 };

/** Cool to warm as engagement grows (Okabe & Ito). */
export const LEVEL_COLOURS = ['#999999', '#56B4E9', '#0072B2', '#009E73', '#E69F00'] as const;

export interface LevelSegment {
  period: number;
  level: number;
  users: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FlowRibbon {
  period: number;
  from: number;
  to: number;
  users: number;
  /** SVG path of the ribbon. */
  d: string;
}

export function engagementLayout(result: EngagementResult, width: number, height: number) {
  const m = ENGAGEMENT_MARGIN;
  const x = scaleBand<number>().domain(result.periods.map((_, i) => i)).range([m.left, width - m.right]).paddingInner(0.55).paddingOuter(0.1);
  const y = scaleLinear().domain([0, Math.max(1, ...result.periods.map((p) => p.users))]).nice().range([height - m.bottom, m.top]);
  const k = (users: number) => y(0) - y(users);
  const segments: LevelSegment[] = [];
  // Bottom of each (period, level) segment in pixels, and how much of it ribbons already use.
  const bottom: number[][] = [];
  result.periods.forEach((p, i) => {
    let base = 0;
    bottom[i] = [];
    p.levels.forEach((users, level) => {
      bottom[i][level] = y(base);
      segments.push({ period: i, level, users, x: x(i)!, y: y(base + users), w: x.bandwidth(), h: k(users) });
      base += users;
    });
  });
  const index = new Map(result.periods.map((p, i) => [p.start, i]));
  const level = (name: string) => result.levels.indexOf(name);
  const out = result.periods.map((p) => p.levels.map(() => 0));
  const into = result.periods.map((p) => p.levels.map(() => 0));
  const ribbons: FlowRibbon[] = [];
  // Out-side order: by target level; in-side order: by source level. Flows arrive sorted by
  // (period, from, to), so the in-side needs its own pass in (to, from) order.
  const flows = result.flows.filter((f) => f.from !== null).map((f) => ({ i: index.get(f.from_start)!, from: level(f.from!), to: level(f.to), users: f.users }));
  const outY = new Map<string, number>();
  for (const f of flows) {
    outY.set(`${f.i} ${f.from} ${f.to}`, bottom[f.i][f.from] - out[f.i][f.from]);
    out[f.i][f.from] += k(f.users);
  }
  for (const f of [...flows].sort((a, b) => a.i - b.i || a.to - b.to || a.from - b.from)) {
    const y0 = outY.get(`${f.i} ${f.from} ${f.to}`)!;
    const y1 = bottom[f.i + 1][f.to] - into[f.i + 1][f.to];
    into[f.i + 1][f.to] += k(f.users);
    const h = k(f.users);
    const x0 = x(f.i)! + x.bandwidth();
    const x1 = x(f.i + 1)!;
    const mid = (x0 + x1) / 2;
    ribbons.push({
      period: f.i, from: f.from, to: f.to, users: f.users,
      d: `M${x0},${y0}C${mid},${y0} ${mid},${y1} ${x1},${y1}L${x1},${y1 - h}C${mid},${y1 - h} ${mid},${y0 - h} ${x0},${y0 - h}Z`
    });
  }
  return { ...periodAxes(result.periods, result.incomplete_from, x, y, m, { width, height, labelPx: 72 }), segments, ribbons };
}

/** The distribution per period, one column per level (the flows have their own table). */
export function engagementTable(result: EngagementResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  return {
    columns: [{ name: 'period' }, { name: 'users', type: 'number' }, ...result.levels.map((name) => ({ name, type: 'number' as const }))],
    rows: result.periods.map((p) => [p.start, p.users, ...p.levels])
  };
}

export function engagementFlowTable(result: EngagementResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  return {
    columns: [{ name: 'from period' }, { name: 'to period' }, { name: 'from level' }, { name: 'to level' }, { name: 'users', type: 'number' }],
    rows: result.flows.map((f) => [f.from_start, f.to_start, f.from ?? '(new)', f.to, f.users])
  };
}
