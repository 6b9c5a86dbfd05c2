import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { retentionPlan, retentionSql } from '../sql/retention';
import { expectKind, parseSpec } from '../schema/parse';
import type { RetentionCohort, RetentionResult, RetentionTotal, Spec } from '../schema/types';

interface Row {
  b: string | null;
  c: number;
  start: string;
  size: number;
  avail: number;
  n: number | null;
  retained: number | null;
}

/**
 * Retention as docs/SPEC.md defines it. SQL does all row work (one statement); here the per-cohort
 * rows are laid out as arrays and summed into totals and breakdown groups.
 */
export async function runRetention(engine: Engine, schema: EventSchema, spec: Spec): Promise<RetentionResult> {
  const s = parseSpec(spec);
  const a = expectKind(s, 'retention');
  const plan = retentionPlan(a);
  const rows = await engine.query<Row & Record<string, unknown>>(retentionSql(schema, s, a, plan));

  // One cohort per (breakdown value, period): the SQL orders rows by period, value, n.
  const groups = new Map<string | null, Map<number, RetentionCohort>>();
  for (const r of rows) {
    let g = groups.get(r.b);
    if (!g) groups.set(r.b, (g = new Map()));
    let cohort = g.get(r.c);
    if (!cohort) {
      cohort = {
        start: r.start,
        size: r.size,
        retained: Array.from({ length: plan.periods + 1 }, (_, n) => (n > r.avail ? null : n === 0 ? r.size : 0)),
        // The period holding the last event is still running; every later one is past the data.
        incomplete_from: r.avail <= plan.periods ? r.avail : null
      };
      g.set(r.c, cohort);
    }
    if (r.n !== null && r.retained !== null) cohort.retained[r.n] = r.retained;
  }

  const all = new Map<number, RetentionCohort>();
  for (const g of groups.values()) {
    for (const [c, cohort] of g) {
      const prev = all.get(c);
      if (!prev) all.set(c, { ...cohort, retained: [...cohort.retained] });
      else {
        prev.size += cohort.size;
        prev.retained = prev.retained.map((v, i) => (v === null ? null : v + (cohort.retained[i] ?? 0)));
      }
    }
  }
  const result: RetentionResult = { kind: 'retention', period: plan.cal.period, cohorts: sorted(all), total: total(sorted(all), plan.periods) };
  if (plan.breakdown !== undefined) {
    result.breakdown = [...groups].map(([value, g]) => ({ value, cohorts: sorted(g), total: total(sorted(g), plan.periods) }));
    result.breakdown.sort((x, y) => y.total.size - x.total.size || compareValues(x.value, y.value));
  }
  return result;
}

function sorted(m: Map<number, RetentionCohort>): RetentionCohort[] {
  return [...m].sort((x, y) => x[0] - y[0]).map(([, c]) => c);
}

/** Sums over the cohorts that reach each period; a period no cohort reaches is null (eligible 0). */
export function total(cohorts: RetentionCohort[], periods: number): RetentionTotal {
  const retained: (number | null)[] = Array(periods + 1).fill(null);
  const eligible: number[] = Array(periods + 1).fill(0);
  for (const c of cohorts) {
    c.retained.forEach((v, n) => {
      if (v === null) return;
      retained[n] = (retained[n] ?? 0) + v;
      eligible[n] += c.size;
    });
  }
  return { size: cohorts.reduce((s, c) => s + c.size, 0), retained, eligible };
}

/** Code-point order, null after every text (the funnel breakdown's tie rule). */
export function compareValues(x: string | null, y: string | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  const xs = [...x], ys = [...y];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const d = xs[i].codePointAt(0)! - ys[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return xs.length - ys.length;
}
