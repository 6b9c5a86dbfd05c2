import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { planLevels } from '../analysis/engagement';
import { DEFAULT_LEVELS, ENGAGEMENT_MEASURES, ENGAGEMENT_OPS, ENGAGEMENT_SCOPES } from '../schema/schema';
import type { AnalysisOf } from '../schema/types';
import EngagementBuilder from './EngagementBuilder.svelte';
import {
  addCondition, hasDefaultLevels, levelsOf, MAX_CONDITIONS, removeCondition, renameLevel, setCondition, setMeasure,
  stageOptions, stagePosition, withLevels, type Level
} from './engagement-levels';

const names = ['awareness', 'consideration', 'purchase'];
const fresh = (): Level[] => structuredClone(DEFAULT_LEVELS);
/** The runner's own check of the rules (throws a SpecError for what it refuses). */
const accepted = (levels: Level[]) => planLevels(levels, names);

describe('engagement level edits', () => {
  it('start from the default rules and leave them out of the analysis when unchanged', () => {
    const a: AnalysisOf<'engagement'> = { kind: 'engagement' };
    expect(levelsOf(a)).toEqual(DEFAULT_LEVELS);
    expect(levelsOf(a)).not.toBe(DEFAULT_LEVELS);
    expect(withLevels({ ...a, levels: fresh() }, fresh())).toEqual({ kind: 'engagement' });
    expect(hasDefaultLevels({ kind: 'engagement', levels: fresh() })).toBe(true);
    const raised = setCondition(fresh(), 3, 0, { value: 1 });
    expect(withLevels(a, raised).levels![3].when[0]).toEqual({ measure: 'purchases', op: '>=', value: 1 });
    expect(hasDefaultLevels(withLevels(a, raised))).toBe(false);
    // Reset: no levels, so the defaults again.
    expect(withLevels({ ...a, levels: raised }, undefined)).toEqual({ kind: 'engagement' });
  });

  it('never add a condition to the lowest level, nor more than the schema allows', () => {
    expect(addCondition(fresh(), 0, 'view')).toEqual(DEFAULT_LEVELS);
    let l = fresh();
    for (let k = 0; k < MAX_CONDITIONS + 3; k++) l = addCondition(l, 1, 'view');
    expect(l[1].when).toHaveLength(MAX_CONDITIONS);
    expect(() => accepted(l)).not.toThrow();
    expect(l[1].when[1]).toEqual({ measure: 'purchases', op: '>=', value: 1 });
  });

  it('remove the condition asked for', () => {
    const l = removeCondition(fresh(), 2, 1);
    expect(l[2].when.map((c) => c.measure)).toEqual(['stage', 'days_since_active']);
    expect(fresh()[2].when).toHaveLength(3);
  });

  it('refuse an empty or duplicate level name, trim the rest', () => {
    expect(renameLevel(fresh(), 1, '  ')).toBeNull();
    expect(renameLevel(fresh(), 1, 'committed')).toBeNull();
    expect(renameLevel(fresh(), 1, ' curious ')![1].name).toBe('curious');
    expect(renameLevel(fresh(), 1, 'understanding')![1].name).toBe('understanding');
  });

  it('every measure, from every measure, gives a condition the runner accepts', () => {
    for (const from of ENGAGEMENT_MEASURES) {
      for (const to of ENGAGEMENT_MEASURES) {
        let l = setMeasure(fresh(), 3, 0, from, names, 'view');
        l = setCondition(l, 3, 0, { scope: ENGAGEMENT_SCOPES[0] });
        l = setMeasure(l, 3, 0, to, names, 'view');
        expect(() => accepted(l), `${from} → ${to}`).not.toThrow();
        const c = l[3].when[0];
        expect(c.measure).toBe(to);
        expect('step' in c).toBe(to === 'occurrences');
        // A scope survives a move between counted measures; any other measure dropped it.
        const counted = (m: string) => m === 'purchases' || m === 'occurrences';
        expect('scope' in c).toBe(counted(from) && counted(to));
      }
    }
  });

  it('a scope set on a measure that takes none is dropped; an occurrence keeps its step', () => {
    const onStage = setCondition(fresh(), 1, 0, { scope: 'period' });
    expect(onStage[1].when[0]).toEqual({ measure: 'stage', op: '>=', value: 2 });
    let l = setMeasure(fresh(), 3, 0, 'occurrences', names, 'view');
    expect(l[3].when[0].step).toEqual({ event: 'view' });
    l = setCondition(l, 3, 0, { step: { event: 'share' } });
    l = setMeasure(l, 3, 0, 'purchases', names, 'view');
    l = setMeasure(l, 3, 0, 'occurrences', names, 'view');
    expect(l[3].when[0].step).toEqual({ event: 'view' });
    for (const op of ENGAGEMENT_OPS) expect(() => accepted(setCondition(l, 3, 0, { op }))).not.toThrow();
  });

  it('a stage value: a name is its position, a position past the stages stays on offer', () => {
    expect(stagePosition('purchase', names)).toBe(3);
    expect(stagePosition(2, names)).toBe(2);
    expect(stageOptions(2, names).map((o) => o.value)).toEqual([0, 1, 2, 3]);
    expect(stageOptions(5, names).map((o) => o.label)).toEqual(['no stage', '1 · awareness', '2 · consideration', '3 · purchase', '5 (no such stage)']);
    // A stage name becomes its position when the measure changes.
    const named = setCondition(fresh(), 1, 0, { value: 'consideration' });
    expect(setMeasure(named, 1, 0, 'active_days', names, 'view')[1].when[0].value).toBe(2);
  });
});

describe('EngagementBuilder', () => {
  const events = [{ event: 'view', rows: 10, users: 5 }, { event: 'purchase', rows: 3, users: 2 }];
  const stages = names.map((name, i) => ({ name, events: [events[Math.min(i, 1)].event] }));
  const html = (analysis: AnalysisOf<'engagement'>) =>
    render(EngagementBuilder, { props: { analysis, events, columns: ['channel'], stages, onchange: () => {} } }).body;

  it('shows the schema-driven options and the five default levels, the lowest as everyone else', () => {
    const body = html({ kind: 'engagement' });
    expect(body).toContain('data-testid="schema-builder"');
    for (const l of DEFAULT_LEVELS) expect(body).toContain(`value="${l.name}"`);
    expect(body).toContain('everyone else');
    expect(body).not.toContain('aria-label="Add a condition to level 1"');
    expect(body).toContain('aria-label="Add a condition to level 5"');
    // Stage conditions are a select of the stages, counted ones have a scope, the others none.
    expect(body).toContain('aria-label="Level 2 condition 1 stage"');
    expect(body).toContain('2 · consideration');
    expect(body).toContain('aria-label="Level 4 condition 1 scope"');
    expect(body).not.toContain('aria-label="Level 2 condition 1 scope"');
    expect(body).not.toContain('aria-label="Level 4 condition 1 event"');
    expect(body).toMatch(/<button class="reset[^"]*"[^>]* disabled/);
  });

  it('shows an occurrences condition with its step picker and enables the reset', () => {
    const levels = setMeasure(fresh(), 4, 0, 'occurrences', names, 'purchase');
    const body = html({ kind: 'engagement', levels });
    expect(body).toContain('aria-label="Level 5 condition 1 event"');
    expect(body).toContain('aria-label="Level 5 condition 1 scope"');
    expect(body).not.toMatch(/<button class="reset[^"]*"[^>]* disabled/);
  });
});
