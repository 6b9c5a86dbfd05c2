import type { Engine } from '../engine/engine';
import { SpecError } from '../spec/errors';
import type { Spec, Step } from '../spec/types';
import type { EventSchema } from '../sql/columns';
import { satisfactionSql, type SatisfactionPlan, type SatisfactionRow, type Scale } from '../sql/satisfaction';

/** The `satisfaction` analysis of CONTRACT.md (Journey analyses), as its JSON. */
export interface SatisfactionAnalysis {
  kind: 'satisfaction';
  /** Required: `nps` (0–10) or `csat` (1–5). */
  scale: Scale;
  /** Which rows are survey answers (a step object); default every row. */
  answers?: Step;
  breakdown?: string;
  /** As in a funnel: groups past this rank fold into "Other". */
  breakdown_limit?: number;
}

export interface NpsFigures {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** 100 × (promoters − detractors) / answers; null with no answers. */
  score: number | null;
}

export interface CsatFigures {
  answers: number;
  satisfied: number;
  /** 100 × satisfied / answers; null with no answers. */
  score: number | null;
}

export type SatisfactionFigures = NpsFigures | CsatFigures;

export interface SatisfactionResult {
  kind: 'satisfaction';
  scale: Scale;
  total: SatisfactionFigures;
  /** Candidate answers whose score is off the scale or not a whole number. */
  out_of_scale: number;
  /** Present only when a breakdown is asked for: groups by answers, then value, "Other" folded. */
  breakdown?: ({ value: string | null } & SatisfactionFigures)[];
}

export const SATISFACTION_DEFAULTS = {
  answers: { event: '*' } as Step,
  breakdown_limit: 25
} as const;

/** The checks the schema cannot make, and the defaults filled in. */
export function satisfactionPlan(a: SatisfactionAnalysis): SatisfactionPlan {
  if (a.scale !== 'nps' && a.scale !== 'csat') {
    throw new SpecError(`analysis.scale: expected "nps" or "csat", got ${JSON.stringify(a.scale)}`, 'analysis.scale');
  }
  const limit = a.breakdown_limit ?? SATISFACTION_DEFAULTS.breakdown_limit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SpecError(`analysis.breakdown_limit: expected a whole number of at least 1, got ${JSON.stringify(a.breakdown_limit)}`, 'analysis.breakdown_limit');
  }
  if (a.breakdown !== undefined && (typeof a.breakdown !== 'string' || a.breakdown === '')) {
    throw new SpecError('analysis.breakdown: expected a column name', 'analysis.breakdown');
  }
  return { scale: a.scale, answers: a.answers ?? SATISFACTION_DEFAULTS.answers, breakdown: a.breakdown, breakdownLimit: limit };
}

function figures(scale: Scale, r: Pick<SatisfactionRow, 'answers' | 'promoters' | 'passives' | 'detractors' | 'satisfied'>): SatisfactionFigures {
  const n = Number(r.answers);
  if (scale === 'csat') {
    const satisfied = Number(r.satisfied);
    return { answers: n, satisfied, score: n === 0 ? null : (100 * satisfied) / n };
  }
  const promoters = Number(r.promoters), passives = Number(r.passives), detractors = Number(r.detractors);
  return { answers: n, promoters, passives, detractors, score: n === 0 ? null : (100 * (promoters - detractors)) / n };
}

const NONE = { answers: 0, promoters: 0, passives: 0, detractors: 0, satisfied: 0 };

/** NPS or CSAT as CONTRACT.md defines them; all row work in one SQL statement. */
export async function runSatisfaction(engine: Engine, schema: EventSchema, spec: Spec): Promise<SatisfactionResult> {
  const a = spec.analysis as unknown as SatisfactionAnalysis;
  if (a.kind !== 'satisfaction') throw new SpecError('analysis.kind: expected "satisfaction"', 'analysis.kind');
  const plan = satisfactionPlan(a);
  const rows = await engine.query<SatisfactionRow & Record<string, unknown>>(satisfactionSql(schema, spec, plan).text);
  const total = rows.find((r) => Number(r.g) === 1);
  const result: SatisfactionResult = {
    kind: 'satisfaction',
    scale: plan.scale,
    total: figures(plan.scale, total ?? NONE),
    out_of_scale: Number(total?.out_of_scale ?? rows[0]?.out_of_scale ?? 0)
  };
  if (plan.breakdown !== undefined) {
    result.breakdown = rows.filter((r) => Number(r.g) === 0).map((r) => ({ value: r.grp, ...figures(plan.scale, r) }));
  }
  return result;
}
