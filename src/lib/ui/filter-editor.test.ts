import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { FILTER_OPS } from '../schema/schema';
import { FILTER_OP_LABELS } from './option-labels';
import FilterEditor from './FilterEditor.svelte';
import ExclusionChips from './ExclusionChips.svelte';

const props = {
  columns: ['Invoice', 'Quantity', 'Country'],
  numeric: (c: string) => c === 'Quantity',
  valueCounts: async () => [],
  label: 'Filter every panel',
  onsave: () => {},
  oncancel: () => {}
};

describe('FilterEditor', () => {
  it("offers every column and every operator of the schema, in the schema's order, with its label", () => {
    const body = render(FilterEditor, { props }).body;
    for (const c of props.columns) expect(body).toContain(`<option value="${c}">${c}</option>`);
    const ops = [...body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>'), m[2]]).filter(([v]) => (FILTER_OPS as readonly string[]).includes(v));
    expect(ops.map(([v]) => v)).toEqual([...FILTER_OPS]);
    expect(ops.map(([, l]) => l)).toEqual(FILTER_OPS.map((o) => FILTER_OP_LABELS[o]));
  });

  it('starts from the filter it edits, its values as picked chips; no value box for "is missing"', () => {
    const edit = render(FilterEditor, { props: { ...props, initial: { column: 'Country', op: 'in', values: ['Norway', 'EIRE'] } } }).body;
    expect(edit.match(/data-testid="filter-picked"/g)).toHaveLength(2);
    expect(edit).toContain('Norway');
    const missing = render(FilterEditor, { props: { ...props, initial: { column: 'Country', op: 'is_null' } } }).body;
    expect(missing).not.toContain('data-testid="filter-value"');
  });
});

describe('ExclusionChips', () => {
  it("shows each exclusion of a funnel in words, and nothing when it has none", () => {
    const body = render(ExclusionChips, { props: { analysis: { kind: 'funnel', steps: [{ event: 'a' }, { event: 'b' }], exclusions: [{ event: 'refund', from_step: 1, to_step: 2 }] } } }).body;
    expect(body).toContain('>no "refund" between step 1 and step 2<');
    expect(render(ExclusionChips, { props: { analysis: { kind: 'funnel', steps: [{ event: 'a' }] } } }).body).not.toContain('exclusion-chip');
  });
});
