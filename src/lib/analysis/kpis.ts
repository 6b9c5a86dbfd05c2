import type { Engine } from '../engine/engine';
import { SpecError } from '../schema/errors';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Mapping, Spec } from '../schema/types';
import type { EventSchema } from '../sql/columns';
import { kpisSql, type KpisPlan } from '../sql/kpis';
import { mapsOrders } from '../sql/occurrences';
import { previousPeriod, rangeMicros } from '../sql/range';
import { spendSource } from './kpis-spend';
import { compareValues } from './retention';
import { raw } from '../sql/quote';

/** `{ "kind": "kpis", … }` (docs/KPIS.md); fields and defaults are the schema's. */
export type KpisAnalysis = AnalysisOf<'kpis'>;
/** The spec's top-level `spend`: a file of ad spend, imported but not stacked into the events. */
export type Spend = NonNullable<Mapping['spend']>;

/** One set of figures; ratios are null when their denominator is 0 (or revenue is unknown). */
export interface KpiFigures {
  users: number;
  purchasers: number;
  conversion: number | null;
  orders: number;
  /** Null when no revenue role is mapped. */
  revenue: number | null;
  aov: number | null;
  revenue_per_user: number | null;
  repeat_rate: number | null;
  /** Only with `spend`. A group's spend is null when the spend file has no channel/campaign column. */
  spend?: number | null;
  cpa?: number | null;
  roas?: number | null;
}

export type KpiFigureSet = KpiFigures & { previous?: KpiFigures };

export interface KpisResult {
  kind: 'kpis';
  total: KpiFigureSet;
  breakdown?: ({ value: string | null } & KpiFigureSet)[];
}

/**
 * A revenue role is mapped when the spec names one (top level or any source), or when the role
 * was guessed: then the built events hold some revenue. Without either, revenue and every figure
 * made from it are null rather than 0.
 */
async function revenueMapped(engine: Engine, schema: EventSchema, spec: Spec): Promise<boolean> {
  if (spec.columns?.revenue !== undefined || (spec.sources ?? []).some((s) => s.columns?.revenue !== undefined)) return true;
  if (schema.revenue === undefined) return false;
  const [r] = await engine.query<{ r: boolean }>(raw('SELECT EXISTS (SELECT 1 FROM events WHERE revenue IS NOT NULL) AS r'));
  return r.r === true;
}

interface Row {
  part: 'u' | 's';
  per: number;
  is_total: boolean;
  g: string | null;
  users: number | null;
  purchasers: number | null;
  orders: number | null;
  revenue: number | null;
  repeaters: number | null;
  spend: number | null;
  [k: string]: unknown;
}

const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

/** Figures from a figures row and a spend row (either may be absent: no users, no spend). */
function figures(u: Row | undefined, s: Row | undefined, revenue: boolean, spend: 'none' | 'known' | 'unknown'): KpiFigures {
  const users = u?.users ?? 0;
  const purchasers = u?.purchasers ?? 0;
  const orders = u?.orders ?? 0;
  const rev = revenue ? (u?.revenue ?? 0) : null;
  const out: KpiFigures = {
    users,
    purchasers,
    conversion: ratio(purchasers, users),
    orders,
    revenue: rev,
    aov: ratio(rev, orders),
    revenue_per_user: ratio(rev, users),
    repeat_rate: ratio(u?.repeaters ?? 0, purchasers)
  };
  if (spend !== 'none') {
    const sp = spend === 'known' ? (s?.spend ?? 0) : null;
    out.spend = sp;
    out.cpa = ratio(sp, purchasers);
    out.roas = ratio(rev, sp);
  }
  return out;
}

/**
 * KPIs as docs/SPEC.md defines them (docs/KPIS.md). SQL does the row work in one statement (per
 * user and period, then per group); here the rows become figure sets and the ratios are taken.
 */
export async function runKpis(engine: Engine, schema: EventSchema, spec: Spec): Promise<KpisResult> {
  const parsed = parseSpec(spec);
  const a = expectKind(parsed, 'kpis');
  spec = parsed;
  const current = rangeMicros(spec.range);
  const plan: KpisPlan = {
    purchase: a.purchase,
    breakdown: a.breakdown,
    breakdownLimit: a.breakdown_limit,
    filters: spec.filters,
    orders: mapsOrders(spec),
    current,
    previous: a.compare === 'previous_period' ? previousPeriod(current) : undefined,
    spend: spec.spend === undefined ? undefined : await spendSource(engine, spec)
  };
  const revenue = await revenueMapped(engine, schema, spec);
  const rows = await engine.query<Row>(kpisSql(schema, plan));

  const key = (part: string, per: number, total: boolean, g: string | null) => JSON.stringify([part, per, total, total ? null : g]);
  const byKey = new Map(rows.map((r) => [key(r.part, Number(r.per), r.is_total, r.g), r]));
  const find = (part: 'u' | 's', per: number, total: boolean, g: string | null) => byKey.get(key(part, per, total, g));
  const spendKind = (total: boolean) => (plan.spend === undefined ? 'none' : total || plan.spend.value !== null ? 'known' : 'unknown');
  const set = (total: boolean, g: string | null): KpiFigureSet => {
    const out: KpiFigureSet = figures(find('u', 0, total, g), find('s', 0, total, g), revenue, spendKind(total));
    if (plan.previous !== undefined) out.previous = figures(find('u', 1, total, g), find('s', 1, total, g), revenue, spendKind(total));
    return out;
  };

  const result: KpisResult = { kind: 'kpis', total: set(true, null) };
  if (plan.breakdown !== undefined) {
    // Every group of either period; ranked by users of the current period, then value (null last).
    const groups = [...new Set(rows.filter((r) => r.part === 'u' && !r.is_total).map((r) => r.g))];
    result.breakdown = groups
      .map((g) => ({ value: g, ...set(false, g) }))
      .sort((x, y) => y.users - x.users || compareValues(x.value, y.value));
  }
  return result;
}
