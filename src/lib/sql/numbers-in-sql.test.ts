import { describe, expect, it } from 'vitest';
import { funnelPlan } from '../analysis/funnel';
import { expectKind, parseSpec } from '../schema/parse';
import { MAX_WINDOW_SECONDS } from '../schema/schema';
import { SpecError } from '../schema/errors';
import type { FunnelAnalysis, Spec } from '../schema/types';
import { funnelSql } from './funnel';
import { dropOffSql } from './funnel-dropoff';
import type { FunnelPlan } from './funnel-plan';
import { timeToConvertSql } from './funnel-time';
import { conversionTrendSql } from './funnel-trend';
import { windowMicros } from './window';

// Regression: a funnel window of 1e300 weeks became `Infinity` pasted into the SQL text (numbers
// were template text, not `lit`): DuckDB read it as a column name or a NULL window.
const schema = { row_id: 'BIGINT', user_id: 'VARCHAR', ts: 'TIMESTAMP', event: 'VARCHAR', channel: 'VARCHAR' };
const steps = [{ event: 'a' }, { event: 'b' }, { event: 'c' }];

function spec(window: FunnelAnalysis['window'], order: FunnelAnalysis['order'] = 'ordered'): { spec: Spec; a: FunnelAnalysis } {
  const a = { kind: 'funnel', steps, window, order } as FunnelAnalysis;
  return { spec: { version: 1, columns: { user: 'user_id', time: 'ts', event: 'event' }, analysis: a } as unknown as Spec, a };
}

describe('numbers in funnel SQL', () => {
  it('a window over 1000 years is a spec error naming analysis.window.value', () => {
    for (const window of [{ value: 1e300, unit: 'week' }, { value: 1001 * 366, unit: 'day' }] as const) {
      const { spec: s } = spec(window);
      expect(() => parseSpec(s)).toThrow(SpecError);
      try {
        parseSpec(s);
      } catch (e) {
        expect((e as SpecError).field).toBe('analysis.window.value');
        expect((e as SpecError).message).toMatch(/^analysis\.window\.value: /);
      }
    }
    expect(windowMicros({ value: 52_000, unit: 'week' })).toBe(52_000 * 604_800e6);
    expect(MAX_WINDOW_SECONDS * 1e6).toBeLessThan(Number.MAX_SAFE_INTEGER * 4);
  });

  // Plans that slipped past validation: every number reaches the text through `lit`, so a
  // non-finite one is NULL, never `Infinity` or `NaN` as a word of SQL.
  it.each(['ordered', 'unordered'] as const)('%s: no non-finite number is pasted as text', (order) => {
    const { spec: s } = spec({ value: 2, unit: 'day' }, order);
    const parsed = parseSpec(s);
    const base = funnelPlan(parsed, expectKind(parsed, 'funnel'), steps);
    const plan: FunnelPlan = { ...base, windowUs: Infinity, range: { from: NaN, to: Infinity }, breakdown: 'channel', breakdownLimit: NaN, immature: 'exclude' };
    const texts = [
      funnelSql(schema, plan).text,
      dropOffSql(schema, plan, 2, Infinity, NaN).text,
      timeToConvertSql(schema, plan, 1, 3, [0, 60, 3600]).text,
      conversionTrendSql(schema, plan, { period: 'day', weekStart: 'monday' } as never).text
    ];
    for (const t of texts) expect(t).not.toMatch(/Infinity|NaN/);
    expect(texts[0]).toContain('+ NULL');
  });
});
