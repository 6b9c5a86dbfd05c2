import { refFilterPasses, refStepMatches, refText, type RefEvent, type RefFilter, type RefStep } from './retention';

/**
 * An independent implementation of docs/SPEC.md's satisfaction analysis in plain loops over rows,
 * for the differential test. Nothing from src/lib: occurrences, bands, the ranking and the fold
 * are written again from the contract's text (filters and steps shared with the retention reference).
 */
export interface RefSatisfactionSpec {
  scale: 'nps' | 'csat';
  answers?: RefStep;
  breakdown?: string;
  breakdown_limit?: number;
  filters?: RefFilter[];
  /** Epoch milliseconds, from inclusive, to exclusive. */
  range?: { from?: number; to?: number };
  /** An order column is mapped: the rows of one (user, event, order) are one occurrence. */
  orders?: boolean;
}

export type RefFigures = Record<string, number | null>;

function codePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!), y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Descending weight, then value in code-point order, null last. */
export function refRank<T extends { value: string | null; weight: number }>(groups: T[]): T[] {
  return [...groups].sort((a, b) => b.weight - a.weight || (a.value === b.value ? 0 : a.value === null ? 1 : b.value === null ? -1 : codePoints(a.value, b.value)));
}

/** Occurrences: the earliest row (time, then input order) of each (user, event, non-null order). */
export function refOccurrences(rows: RefEvent[]): RefEvent[] {
  const sorted = [...rows].sort((a, b) => a.ts - b.ts || a.row_id - b.row_id);
  const seen = new Set<string>();
  const out: RefEvent[] = [];
  for (const e of sorted) {
    if (e.order_id === null || e.order_id === undefined) {
      out.push(e);
      continue;
    }
    const key = JSON.stringify([e.user_id, e.event, e.order_id]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function figures(scale: 'nps' | 'csat', scores: number[]): RefFigures {
  const n = scores.length;
  if (scale === 'csat') {
    const satisfied = scores.filter((s) => s === 4 || s === 5).length;
    return { answers: n, satisfied, score: n === 0 ? null : (100 * satisfied) / n };
  }
  const promoters = scores.filter((s) => s === 9 || s === 10).length;
  const passives = scores.filter((s) => s === 7 || s === 8).length;
  const detractors = n - promoters - passives;
  return { answers: n, promoters, passives, detractors, score: n === 0 ? null : (100 * (promoters - detractors)) / n };
}

export function refSatisfaction(events: RefEvent[], spec: RefSatisfactionSpec) {
  const [lo, hi] = spec.scale === 'nps' ? [0, 10] : [1, 5];
  let rows = events.filter((e) => (spec.filters ?? []).every((f) => refFilterPasses(e, f)));
  if (spec.orders) rows = refOccurrences(rows);
  const answers: { score: number; value: string | null }[] = [];
  let outOfScale = 0;
  for (const e of rows) {
    const score = e.score as number | null | undefined;
    if (score === null || score === undefined) continue;
    if (!refStepMatches(e, spec.answers ?? { event: '*' })) continue;
    if (spec.range?.from !== undefined && e.ts < spec.range.from) continue;
    if (spec.range?.to !== undefined && e.ts >= spec.range.to) continue;
    if (Number.isInteger(score) && score >= lo && score <= hi) answers.push({ score, value: spec.breakdown ? refText(e[spec.breakdown]) : null });
    else outOfScale++;
  }
  const result: Record<string, unknown> = { kind: 'satisfaction', scale: spec.scale, total: figures(spec.scale, answers.map((a) => a.score)), out_of_scale: outOfScale };
  if (spec.breakdown) {
    const byValue = new Map<string | null, number[]>();
    for (const a of answers) byValue.set(a.value, [...(byValue.get(a.value) ?? []), a.score]);
    const limit = spec.breakdown_limit ?? 25;
    const ranked = refRank([...byValue].map(([value, scores]) => ({ value, scores, weight: scores.length })));
    const folded = new Map<string | null, number[]>();
    ranked.forEach((g, i) => {
      const name = ranked.length > limit && i >= limit ? 'Other' : g.value;
      folded.set(name, [...(folded.get(name) ?? []), ...g.scores]);
    });
    result.breakdown = refRank([...folded].map(([value, scores]) => ({ value, scores, weight: scores.length }))).map((g) => ({ value: g.value, ...figures(spec.scale, g.scores) }));
  }
  return result;
}
