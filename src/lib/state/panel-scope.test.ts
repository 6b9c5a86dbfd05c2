import { describe, expect, it } from 'vitest';
import type { Mapping } from '../schema/types';
import { isPlainScope, scopeChips, scopedMapping } from './panel-scope';
import { decodeState, encodeState, specsOf } from './url-codec';

const noC = { column: 'Invoice', op: 'not_starts_with' as const, values: ['C'] };
const positive = { column: 'Quantity', op: '>' as const, values: [0] };
const norway = { column: 'Country', op: '=' as const, values: ['Norway'] };
const mapping: Mapping = { columns: { user: 'Customer ID' }, filters: [noC, positive], range: { from: '2010-01-01', to: '2010-07-01' } };

describe('a panel over the dashboard', () => {
  it('without its own scope runs on the dashboard as it is', () => {
    expect(scopedMapping(mapping, undefined)).toEqual(mapping);
    expect(scopedMapping(mapping, {})).toEqual(mapping);
  });

  it("adds its own filters after the dashboard's (a row must pass all)", () => {
    expect(scopedMapping(mapping, { filters: [norway] }).filters).toEqual([noC, positive, norway]);
  });

  it("sets the dashboard's filters aside, keeping its own", () => {
    expect(scopedMapping(mapping, { dashboard_filters: 'ignore', filters: [norway] }).filters).toEqual([norway]);
    expect(scopedMapping(mapping, { dashboard_filters: 'ignore' })).not.toHaveProperty('filters');
  });

  it("uses its own range instead of the dashboard's, or every date", () => {
    expect(scopedMapping(mapping, { range: { from: '2010-03-01' } }).range).toEqual({ from: '2010-03-01' });
    expect(scopedMapping(mapping, { dashboard_range: 'ignore' })).not.toHaveProperty('range');
    // Its own range wins whether or not the dashboard's is set aside.
    expect(scopedMapping(mapping, { dashboard_range: 'ignore', range: { to: '2010-02-01' } }).range).toEqual({ to: '2010-02-01' });
    expect(scopedMapping({ columns: {} }, { filters: [norway] })).toEqual({ columns: {}, filters: [norway] });
  });

  it('knows a scope that changes nothing', () => {
    expect(isPlainScope(undefined)).toBe(true);
    expect(isPlainScope({})).toBe(true);
    expect(isPlainScope({ filters: [], dashboard_filters: 'apply', dashboard_range: 'apply' })).toBe(true);
    expect(isPlainScope({ filters: [norway] })).toBe(false);
    expect(isPlainScope({ dashboard_range: 'ignore' })).toBe(false);
  });
});

describe("a panel's chips", () => {
  it("show the dashboard's filters and range, then the panel's own, told apart", () => {
    expect(scopeChips(mapping, { filters: [norway] })).toEqual([
      { kind: 'filter', from: 'dashboard', text: 'Invoice does not start with "C"', ignored: false },
      { kind: 'filter', from: 'dashboard', text: 'Quantity is more than 0', ignored: false },
      { kind: 'range', from: 'dashboard', text: '2010-01-01 to 2010-07-01 (UTC, end excluded)', ignored: false },
      { kind: 'filter', from: 'panel', text: 'Country is "Norway"', ignored: false }
    ]);
  });

  it('keep what the panel sets aside on screen, marked so', () => {
    const chips = scopeChips(mapping, { dashboard_filters: 'ignore', range: { from: '2010-03-01' } });
    expect(chips.map((c) => [c.from, c.text, c.ignored])).toEqual([
      ['dashboard', 'Invoice does not start with "C"', true],
      ['dashboard', 'Quantity is more than 0', true],
      ['dashboard', '2010-01-01 to 2010-07-01 (UTC, end excluded)', true],
      ['panel', '2010-03-01 to the end (UTC, end excluded)', false]
    ]);
    expect(scopeChips({ range: { from: '2010-01-01' } }, { dashboard_range: 'ignore' }).map((c) => [c.from, c.text, c.ignored])).toEqual([
      ['dashboard', '2010-01-01 to the end (UTC, end excluded)', true],
      ['panel', 'every date', false]
    ]);
    expect(scopeChips({}, undefined)).toEqual([]);
  });
});

describe('scopes in the link', () => {
  const panels = [{ kind: 'kpis' as const }, { kind: 'cohorts' as const, by: 'Country' }, { kind: 'kpis' as const }];

  it('round-trip, trailing plain scopes left out, and give each panel its spec (the command line runs the same)', async () => {
    const state = { v: 1 as const, mapping, panels, scopes: [{}, { filters: [norway], dashboard_range: 'ignore' as const }, {}] };
    const back = await decodeState(await encodeState(state));
    expect(back.scopes).toEqual([{ dashboard_filters: 'apply', dashboard_range: 'apply' }, { filters: [norway], dashboard_filters: 'apply', dashboard_range: 'ignore' }]);
    const specs = specsOf(back);
    expect(specs[0].filters).toEqual([noC, positive]);
    expect(specs[0].range).toEqual(mapping.range);
    expect(specs[1].filters).toEqual([noC, positive, norway]);
    expect(specs[1]).not.toHaveProperty('range');
    expect(specs[2].filters).toEqual([noC, positive]);
  });

  it('refuse more scopes than panels, and a bad operator, naming the field', async () => {
    await expect(encodeState({ v: 1, mapping, panels: [panels[0]], scopes: [{}, {}] })).rejects.toThrow(/scopes: has 2 entries for 1 panels/);
    await expect(encodeState({ v: 1, mapping, panels, scopes: [{ filters: [{ column: 'x', op: 'like' as never, values: ['a'] }] }] })).rejects.toThrow(/scopes\[0\]\.filters\[0\]\.op/);
    await expect(encodeState({ v: 1, mapping, panels, scopes: [{ range: { from: '2010-05-01', to: '2010-01-01' } }] })).rejects.toThrow(/scopes\[0\]\.range\.to/);
  });
});
