import { describe, expect, test } from 'vitest';
import { SpecError } from './errors';
import { parseSpec } from './parse';
import { parseRangeBound } from '../sql/range';
import { windowMicros } from '../sql/window';

const funnel = (analysis: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: 1,
  ...extra,
  analysis: { kind: 'funnel', steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }], ...analysis }
});

function fieldOf(spec: unknown): string | undefined {
  try {
    parseSpec(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).message.startsWith((e as SpecError).field + ':')).toBe(true);
    return (e as SpecError).field;
  }
  return undefined;
}

describe('parseSpec names the field at fault', () => {
  test.each([
    ['from_step equal to to_step', funnel({ exclusions: [{ event: 'x', from_step: 2, to_step: 2 }] }), 'analysis.exclusions[0].from_step'],
    ['from_step after to_step', funnel({ exclusions: [{ event: 'x', from_step: 3, to_step: 1 }] }), 'analysis.exclusions[0].from_step'],
    ['a step past the last', funnel({ exclusions: [{ event: 'x', from_step: 1, to_step: 4 }] }), 'analysis.exclusions[0].to_step'],
    ['unordered exclusion not spanning the funnel', funnel({ order: 'unordered', exclusions: [{ event: 'x', from_step: 1, to_step: 2 }] }), 'analysis.exclusions[0].from_step'],
    ['unknown kind', { version: 1, analysis: { kind: 'nope' } }, 'analysis.kind'],
    ['bad window unit', funnel({ window: { value: 1, unit: 'month' } }), 'analysis.window.unit'],
    ['non-positive window', funnel({ window: { value: 0, unit: 'day' } }), 'analysis.window.value'],
    ['bad order', funnel({ order: 'sequential' }), 'analysis.order'],
    ['a step with no event', funnel({ steps: [{ event: 'a' }, { where: [] }] }), 'analysis.steps[1]'],
    ['unknown filter op', funnel({ steps: [{ event: 'a', where: [{ column: 'c', op: 'like', values: ['x'] }] }] }), 'analysis.steps[0].where[0].op'],
    ['attribution step past the last', funnel({ breakdown: 'channel', attribution: { step: 4 } }), 'analysis.attribution.step'],
    ['breakdown_limit zero', funnel({ breakdown: 'channel', breakdown_limit: 0 }), 'analysis.breakdown_limit'],
    ['no steps', funnel({ steps: [] }), 'analysis.steps'],
    ['bad range date', funnel({}, { range: { from: '2024-02-30' } }), 'range.from'],
    ['range the wrong way round', funnel({}, { range: { from: '2024-02-01', to: '2024-01-01' } }), 'range.to'],
    ['an event in two stages', { version: 1, stages: [{ name: 's1', events: ['a'] }, { name: 's2', events: ['a'] }], analysis: { kind: 'stages' } }, 'stages[1].events[0]'],
    ['stages kind without stages', { version: 1, analysis: { kind: 'stages' } }, 'stages'],
    // Found by the 10,000-link run: the steps are the stages with events (here 2 of 3).
    ['stage funnel attribution past the stages with events', { version: 1, stages: [{ name: 's1', events: ['a'] }, { name: 's2', events: [] }, { name: 's3', events: ['b'] }], analysis: { kind: 'stages', breakdown: 'channel', attribution: { step: 3 } } }, 'analysis.attribution.step'],
    ['version', { version: 2, analysis: { kind: 'funnel', steps: [{ event: 'a' }] } }, 'version'],
    ['top-level filter without values', funnel({}, { filters: [{ column: 'c', op: 'in', values: [] }] }), 'filters[0].values'],
    ['utc_offset', funnel({}, { utc_offset: 'CET' }), 'utc_offset'],
    ['a window of 1e300 weeks', funnel({ window: { value: 1e300, unit: 'week' } }), 'analysis.window.value'],
    ['a window of 2000 years in days', funnel({ window: { value: 730_000, unit: 'day' } }), 'analysis.window.value'],
    ['retention periods beyond the bound', { version: 1, analysis: { kind: 'retention', start: { event: 'a' }, return: { event: 'a' }, periods: 100_000 } }, 'analysis.periods'],
    ['a filter value that is not a number, text or boolean', funnel({}, { filters: [{ column: 'c', op: '=', values: [{}] }] }), 'filters[0].values[0]'],
    // Nine different steps sharing events through "*" with conditions: 511 subset counts.
    ['unordered, too many overlapping steps', funnel({ order: 'unordered', steps: Array.from({ length: 9 }, (_, i) => ({ event: '*', where: [{ column: 'n', op: '=', values: [i] }] })) }), 'analysis.steps']
  ])('%s', (_, spec, field) => {
    expect(fieldOf(spec)).toBe(field);
  });

  test('a full valid funnel passes', () => {
    expect(fieldOf(funnel({ order: 'strict', window: null, breakdown: 'channel', attribution: 'last_touch', exclusions: [{ events: ['x', 'y'], from_step: 1, to_step: 3 }] }, { range: { from: '2024-01-01', to: '2024-02-01 12:00' } }))).toBeUndefined();
  });
});

test('unordered funnels are capped on overlapping steps, not on steps', () => {
  const distinct = Array.from({ length: 30 }, (_, i) => ({ event: `e${i}` }));
  expect(fieldOf(funnel({ order: 'unordered', steps: distinct }))).toBeUndefined();
  const repeats = [...Array.from({ length: 12 }, () => ({ event: '*' })), ...Array.from({ length: 12 }, () => ({ events: ['a', 'b'] }))];
  expect(fieldOf(funnel({ order: 'unordered', steps: repeats }))).toBeUndefined();
  const chain = Array.from({ length: 9 }, (_, i) => ({ events: [`e${i}`, `e${i + 1}`] }));
  expect(fieldOf(funnel({ order: 'unordered', steps: chain }))).toBe('analysis.steps');
  expect(fieldOf(funnel({ order: 'unordered', steps: chain.slice(0, 8) }))).toBeUndefined();
});

describe('range bounds and windows', () => {
  test('dates and date-times are UTC microseconds', () => {
    expect(parseRangeBound('2024-01-02', 'range.from')).toBe(Date.UTC(2024, 0, 2) * 1000);
    expect(parseRangeBound('2024-01-02T03:04:05.25Z', 'range.from')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 250000);
  });
  test('windows are exact elapsed time; null means none, omitted the default', () => {
    expect(windowMicros({ value: 2, unit: 'week' })).toBe(14 * 86400e6);
    expect(windowMicros(null)).toBeNull();
    const parsed = parseSpec(funnel({}));
    expect(parsed.analysis.kind === 'funnel' && windowMicros(parsed.analysis.window)).toBe(14 * 86400e6);
  });
});
