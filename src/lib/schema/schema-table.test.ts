import { describe, expect, it } from 'vitest';
import { compactState, decodeState, encodeState, type DashboardState } from '../state/url-codec';
import { SpecError } from './errors';
import { parseSpec } from './parse';
import { ANALYSES, type Kind } from './schema';
import type { Node, Opt, Shape } from './schema-nodes';

/**
 * Table-driven over the schema itself: for every kind and every field it declares, each enum value
 * is accepted and a wrong one refused with the field's path (in a spec file and in a link), each
 * bound holds, and each default is left out of a link and restored when the link is read. A field
 * or kind added to the schema is covered here without a line of this file changing — except the
 * smallest valid analysis of a new kind, which the compiler asks for below.
 */
const MINIMAL: { [K in Kind]: Record<string, unknown> } = {
  funnel: { steps: [{ event: 'a' }, { event: 'b' }] },
  stages: {},
  retention: { start: { event: 'a' }, return: { event: 'b' } },
  cohorts: {},
  kpis: {},
  satisfaction: { scale: 'nps' },
  experiment: { group: 'segment', control: 'control', outcomes: [{ column: 'visit' }] },
  paths: { start: { event: 'a' } },
  lifecycle: {},
  stickiness: {},
  engagement: {}
};
const STAGES = [{ name: 'awareness', events: ['a'] }, { name: 'purchase', events: ['b'] }];

// A range too: some options need one (kpis `compare`).
const RANGE = { from: '2024-01-01', to: '2024-02-01' };
const specOf = (kind: Kind, patch: Record<string, unknown>) => ({ version: 1, stages: STAGES, range: RANGE, analysis: { kind, ...MINIMAL[kind], ...patch } });
const stateOf = (kind: Kind, patch: Record<string, unknown>): DashboardState =>
  ({ v: 1, mapping: { stages: STAGES, range: RANGE }, panels: [{ kind, ...MINIMAL[kind], ...patch }] }) as unknown as DashboardState;

function fieldOfError(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    expect(e.message.startsWith(`${e.field}: `)).toBe(true);
    return e.field;
  }
  return undefined;
}
async function linkFieldOfError(state: DashboardState): Promise<string | undefined> {
  try {
    await encodeState(state);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.field;
  }
  return undefined;
}

type Field = { kind: Kind; key: string; node: Node<unknown> & Record<string, unknown>; opt: Opt<unknown, unknown> | null };
const FIELDS: Field[] = (Object.keys(ANALYSES) as Kind[]).flatMap((kind) =>
  Object.entries((ANALYSES[kind] as unknown as { shape: Shape }).shape)
    .filter(([key]) => key !== 'kind')
    .map(([key, f]) => {
      const opt = f.tag === 'opt' ? (f as Opt<unknown, unknown>) : null;
      return { kind, key, node: (opt ? opt.node : f) as Node<unknown> & Record<string, unknown>, opt };
    })
);
const named = (x: Field) => `${x.kind}.${x.key}`;

describe('every enum of every kind', () => {
  const enums = FIELDS.filter((x) => x.node.tag === 'enum');
  it('covers the enums of the schema', () => expect(enums.length).toBeGreaterThan(15));
  it.each(enums.map((x) => [named(x), x] as const))('%s: each option is accepted, a wrong one refused with its path', async (_, x) => {
    for (const option of x.node.options as string[]) {
      expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: option }))), option).toBeUndefined();
    }
    expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: '__nope__' })))).toBe(`analysis.${x.key}`);
    expect(await linkFieldOfError(stateOf(x.kind, { [x.key]: '__nope__' }))).toBe(`panels[0].${x.key}`);
  });
});

describe('every number of every kind is bounded', () => {
  const numbers = FIELDS.filter((x) => x.node.tag === 'number');
  it('covers the numbers of the schema', () => expect(numbers.length).toBeGreaterThan(8));
  it.each(numbers.map((x) => [named(x), x] as const))('%s: its bounds hold, beyond them is refused with its path', (_, x) => {
    const { min, max, integer, exclusiveMin } = x.node as unknown as { min: number; max: number; integer: boolean; exclusiveMin: boolean };
    const low = exclusiveMin ? min + 1 : min;
    for (const ok of [low, max]) expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: ok }))), String(ok)).toBeUndefined();
    const bad = [exclusiveMin ? min : min - 1, max + 1, Infinity, NaN, '3', ...(integer ? [low + 0.5] : [])];
    for (const b of bad) expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: b }))), String(b)).toBe(`analysis.${x.key}`);
  });
});

describe('every flag of every kind', () => {
  const flags = FIELDS.filter((x) => x.node.tag === 'bool');
  it.each(flags.map((x) => [named(x), x] as const))('%s: true and false, nothing else', (_, x) => {
    for (const ok of [true, false]) expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: ok })))).toBeUndefined();
    expect(fieldOfError(() => parseSpec(specOf(x.kind, { [x.key]: 'yes' })))).toBe(`analysis.${x.key}`);
  });
});

describe('every default of every kind', () => {
  const defaults = FIELDS.filter((x) => x.opt?.hasDefault);
  it('covers the defaults of the schema', () => expect(defaults.length).toBeGreaterThan(25));
  it.each(defaults.map((x) => [named(x), x] as const))('%s: filled in by parsing, left out of a link, restored when it is read', async (_, x) => {
    const value = x.opt!.default;
    expect((parseSpec(specOf(x.kind, {})).analysis as Record<string, unknown>)[x.key]).toEqual(value);
    const state = stateOf(x.kind, { [x.key]: value });
    expect(compactState(state).panels[0]).not.toHaveProperty(x.key);
    const link = await encodeState(state);
    expect((await decodeState(link)).panels[0]).toHaveProperty(x.key, value);
    expect(link).toBe(await encodeState(stateOf(x.kind, {})));
  });
});

describe('unknown fields', () => {
  it.each((Object.keys(ANALYSES) as Kind[]).map((k) => [k]))('%s: a link refuses them, a spec file ignores them', async (kind) => {
    expect(fieldOfError(() => parseSpec(specOf(kind, { typo: 1 })))).toBeUndefined();
    expect(parseSpec(specOf(kind, { typo: 1 })).analysis).not.toHaveProperty('typo');
    expect(await linkFieldOfError(stateOf(kind, { typo: 1 }))).toBe('panels[0].typo');
  });
});
