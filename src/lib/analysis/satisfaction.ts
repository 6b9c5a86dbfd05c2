import type { Engine } from '../engine/engine';
import { expectKind, parseSpec } from '../schema/parse';
import type { AnalysisOf, Resolved, Spec } from '../schema/types';
import type { EventSchema } from '../sql/columns';
import { satisfactionSql, type SatisfactionPlan, type SatisfactionRow, type Scale } from '../sql/satisfaction';

/** The `satisfaction` analysis (docs/JOURNEY.md); fields and defaults are the schema's. */
export type SatisfactionAnalysis = AnalysisOf<'satisfaction'>;

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

/** The plan of a parsed analysis. */
export function satisfactionPlan(a: Resolved<'satisfaction'>): SatisfactionPlan {
  return { scale: a.scale, answers: a.answers, breakdown: a.breakdown, breakdownLimit: a.breakdown_limit };
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

/** NPS or CSAT as docs/SPEC.md defines them; all row work in one SQL statement. */
export async function runSatisfaction(engine: Engine, schema: EventSchema, spec: Spec): Promise<SatisfactionResult> {
  const parsed = parseSpec(spec);
  const plan = satisfactionPlan(expectKind(parsed, 'satisfaction'));
  spec = parsed;
  const rows = await engine.query<SatisfactionRow & Record<string, unknown>>(satisfactionSql(schema, spec, plan));
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
