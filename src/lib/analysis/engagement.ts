import type { Engine } from '../engine/engine';
import type { EventSchema } from '../sql/columns';
import { engagementSql, type EngagementOp, type PlannedCondition } from '../sql/engagement';
import { mapsOrders } from '../sql/occurrences';
import { SpecError } from '../schema/errors';
import { expectKind, parseSpec } from '../schema/parse';
import { ENGAGEMENT_DEFAULT_SCOPE, ENGAGEMENT_SCOPED } from '../schema/schema';
import { DEFAULT_STAGES, type AnalysisOf, type Period, type Resolved, type Spec, type Step } from '../schema/types';
import { incompleteFrom } from './lifecycle';

export type { EngagementOp };

/** The `engagement` kind of docs/ENGAGEMENT.md; fields, the rule language and the default levels are the schema's. */
export type EngagementAnalysis = AnalysisOf<'engagement'>;
export type EngagementLevel = Resolved<'engagement'>['levels'][number];
export type EngagementCondition = EngagementLevel['when'][number];
export type EngagementMeasure = EngagementCondition['measure'];

export type EngagementSpec = Omit<Spec, 'analysis'> & { analysis: EngagementAnalysis };

export interface EngagementPeriod {
  start: string;
  /** Users placed in the period: every user with an activity occurrence in it or before. */
  users: number;
  /** Users per level, in the order of `levels`. */
  levels: number[];
}

export interface EngagementFlow {
  /** The earlier and the later of two consecutive reported periods. */
  from_start: string;
  to_start: string;
  /** The level in the earlier period; null for users first placed in the later one. */
  from: string | null;
  to: string;
  users: number;
}

export interface EngagementResult {
  kind: 'engagement';
  period: Period;
  levels: string[];
  periods: EngagementPeriod[];
  flows: EngagementFlow[];
  incomplete_from: number | null;
}

export { DEFAULT_LEVELS } from '../schema/schema';

/** Checks `levels` and reduces each condition to a measure column, an operator and a number. */
export function planLevels(levels: unknown, stages: readonly string[]): { levels: PlannedCondition[][]; steps: { step: Step; field: string }[]; names: string[] } {
  const f = 'analysis.levels';
  if (!Array.isArray(levels) || levels.length !== 5) throw new SpecError(`${f}: must list exactly five levels, lowest first`, f);
  const steps: { step: Step; field: string }[] = [];
  const names: string[] = [];
  const planned = levels.map((level: unknown, i) => {
    const lf = `${f}[${i}]`;
    const l = level as Partial<EngagementLevel> | null;
    if (!l || typeof l !== 'object') throw new SpecError(`${lf}: expected {"name": ..., "when": [...]}`, lf);
    if (typeof l.name !== 'string' || l.name.trim() === '') throw new SpecError(`${lf}.name: must be a non-empty text`, `${lf}.name`);
    if (names.includes(l.name)) throw new SpecError(`${lf}.name: "${l.name}" is already the name of another level`, `${lf}.name`);
    names.push(l.name);
    const when = l.when ?? [];
    if (!Array.isArray(when)) throw new SpecError(`${lf}.when: must be a list of conditions`, `${lf}.when`);
    if (i === 0 && when.length > 0) throw new SpecError(`${lf}.when: the lowest level takes every user no other level takes, so it has no conditions`, `${lf}.when`);
    return when.map((c: unknown, j) => planCondition(c as EngagementCondition, `${lf}.when[${j}]`, stages, steps));
  });
  return { levels: planned, steps, names };
}

function planCondition(c: EngagementCondition, cf: string, stages: readonly string[], steps: { step: Step; field: string }[]): PlannedCondition {
  const counted = ENGAGEMENT_SCOPED.includes(c.measure);
  if (c.scope !== undefined && (!counted || (c.scope !== 'period' && c.scope !== 'to_date'))) {
    throw new SpecError(`${cf}.scope: only purchases and occurrences take a scope, "period" or "to_date"`, `${cf}.scope`);
  }
  if ((c.step !== undefined) !== (c.measure === 'occurrences')) {
    throw new SpecError(`${cf}.step: ${c.measure === 'occurrences' ? 'occurrences needs a step, e.g. {"event": "share"}' : 'only occurrences takes a step'}`, `${cf}.step`);
  }
  let value: number;
  if (typeof c.value === 'string' && c.measure === 'stage') {
    value = stages.indexOf(c.value) + 1;
    if (value === 0) throw new SpecError(`${cf}.value: no stage "${c.value}" (stages: ${stages.join(', ')})`, `${cf}.value`);
  } else if (typeof c.value === 'number' && Number.isFinite(c.value)) value = c.value;
  else throw new SpecError(`${cf}.value: must be a number${c.measure === 'stage' ? ' or a stage name' : ''}`, `${cf}.value`);
  const scope = c.scope ?? ENGAGEMENT_DEFAULT_SCOPE;
  let column: PlannedCondition['column'];
  if (c.measure === 'purchases') column = scope === 'period' ? 'pur_p' : 'pur_td';
  else if (c.measure === 'occurrences') {
    steps.push({ step: c.step!, field: `${cf}.step` });
    column = scope === 'period' ? `o${steps.length - 1}_p` : `o${steps.length - 1}_td`;
  } else column = c.measure;
  return { column, op: c.op, value };
}

interface Row {
  kind: 'level' | 'flow';
  p: number;
  start: string;
  from_lv: number | null;
  lv: number;
  users: number;
  last_p: number;
}

export async function runEngagement(engine: Engine, schema: EventSchema, input: Spec): Promise<EngagementResult> {
  const spec = parseSpec(input);
  const a = expectKind(spec, 'engagement');
  const cal = { period: a.period, weekStart: a.week_start };
  const periods = a.periods;
  // Without `stages` the page's default stage names are the journey order.
  const stages = spec.stages?.map((s) => s.name) ?? [...DEFAULT_STAGES];
  const { levels, steps, names } = planLevels(a.levels, stages);
  const q = engagementSql(schema, spec, { cal, periods, activity: a.activity, purchase: a.purchase, stages, steps, levels, orders: mapsOrders(spec) });
  const rows = await engine.query<Row & Record<string, unknown>>(q);

  // Rows: every 'level' row (by period), then every 'flow' row (by later period, from, to).
  const byP = new Map<number, EngagementPeriod & { p: number; last_p: number }>();
  for (const r of rows.filter((x) => x.kind === 'level')) {
    let cur = byP.get(r.p);
    if (!cur) byP.set(r.p, (cur = { p: r.p, last_p: r.last_p, start: r.start, users: 0, levels: [0, 0, 0, 0, 0] }));
    cur.levels[r.lv] = r.users;
    cur.users += r.users;
  }
  const list = [...byP.values()].sort((x, y) => x.p - y.p);
  const flows = rows
    .filter((x) => x.kind === 'flow')
    .map((r) => ({
      from_start: byP.get(r.p - 1)!.start,
      to_start: r.start,
      from: r.from_lv === null ? null : names[r.from_lv],
      to: names[r.lv],
      users: r.users
    }));
  return {
    kind: 'engagement',
    period: cal.period,
    levels: names,
    periods: list.map(({ p: _p, last_p: _l, ...rest }) => rest),
    flows,
    incomplete_from: incompleteFrom(list)
  };
}
