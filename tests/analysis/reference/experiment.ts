import { refFilterPasses, refStepMatches, refText, type RefEvent, type RefFilter, type RefStep } from './retention';

/**
 * An independent implementation of docs/SPEC.md's experiment in plain per-user loops, for the
 * differential and real-data tests. Nothing from src/lib: the per-user values, two-pass variances
 * and the normal tail (by numerical integration of the density, not the series of src/lib) are
 * written again from the contract's text.
 */
export type RefOutcome = { column: string; label?: string } | (RefStep & { label?: string });

export interface RefExperimentSpec {
  group: string;
  control: string;
  outcomes: RefOutcome[];
  filters?: RefFilter[];
  range?: { from?: number; to?: number };
}

/** P(|Z| ≥ z) by Simpson's rule on the standard normal density from |z| to |z| + 15. */
export function refTwoSidedP(z: number): number {
  const a = Math.abs(z);
  if (!Number.isFinite(a)) return 0;
  const h = 0.0005, n = 30_000;
  const f = (t: number) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(a + n * h);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return Math.min(1, 2 * (s * h) / 3);
}

function codePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!), y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const label = (o: RefOutcome) => o.label ?? ('column' in o ? o.column : (o.events ?? [o.event!]).map((n) => (n === '*' ? 'any event' : n)).join(', '));

export function refExperiment(events: RefEvent[], spec: RefExperimentSpec) {
  const rows = events.filter((e) =>
    (spec.filters ?? []).every((f) => refFilterPasses(e, f)) &&
    (spec.range?.from === undefined || e.ts >= spec.range.from) &&
    (spec.range?.to === undefined || e.ts < spec.range.to));
  const byUser = new Map<string, RefEvent[]>();
  for (const e of rows) byUser.set(e.user_id, [...(byUser.get(e.user_id) ?? []), e]);
  const groups = new Map<string, number[][]>(); // value -> per user, the outcome values
  let noGroup = 0;
  for (const mine of byUser.values()) {
    mine.sort((a, b) => a.ts - b.ts || a.row_id - b.row_id);
    const value = refText(mine[0][spec.group]);
    if (value === null) {
      noGroup++;
      continue;
    }
    const values = spec.outcomes.map((o) =>
      'column' in o
        ? mine.reduce((s, e) => s + (typeof e[o.column] === 'number' ? (e[o.column] as number) : 0), 0)
        : mine.some((e) => refStepMatches(e, o)) ? 1 : 0);
    groups.set(value, [...(groups.get(value) ?? []), values]);
  }
  const stat = (users: number[][], k: number) => {
    const xs = users.map((u) => u[k]);
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = n < 2 ? null : xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    return { n, mean, variance };
  };
  const control = groups.get(spec.control);
  if (!control) throw new Error(`reference: no control group ${spec.control}`);
  const values = [spec.control, ...[...groups.keys()].filter((v) => v !== spec.control).sort(codePoints)];
  return {
    kind: 'experiment',
    control: spec.control,
    no_group: noGroup,
    groups: values.map((value) => {
      const users = groups.get(value)!;
      return {
        value,
        users: users.length,
        outcomes: spec.outcomes.map((o, k) => {
          const t = stat(users, k), c = stat(control, k);
          const isControl = value === spec.control;
          const difference = isControl ? 0 : t.mean - c.mean;
          let ci_low: number | null = null, ci_high: number | null = null, p_value: number | null = null;
          if (!isControl && t.variance !== null && c.variance !== null) {
            const se = Math.sqrt(t.variance / t.n + c.variance / c.n);
            ci_low = difference - 1.959964 * se;
            ci_high = difference + 1.959964 * se;
            p_value = se === 0 ? (difference === 0 ? 1 : 0) : refTwoSidedP(difference / se);
          }
          return { label: label(o), mean: t.mean, variance: t.variance, difference, lift: c.mean === 0 ? null : difference / c.mean, ci_low, ci_high, p_value };
        })
      };
    })
  };
}
