import type { DateRange, Filter, Mapping, PanelScope } from '../schema/types';
import { filterText, rangeText } from '../ui/filter-text';

/**
 * What one panel computes on: the dashboard's filters and range, with the panel's own on top
 * (docs/FILTERS.md). Filters add up (a row must pass the dashboard's and the panel's, unless the
 * panel sets the dashboard's aside); a range is one window, so the panel's replaces the
 * dashboard's. The result is an ordinary spec mapping: the command line runs the same panel the
 * same way (url-codec.ts `specsOf`), and a spec has one `filters` list, ANDed, as the contract says.
 */
export type { PanelScope };

export function scopedMapping(mapping: Mapping, scope: PanelScope | undefined): Mapping {
  if (!scope) return mapping;
  const shared = scope.dashboard_filters === 'ignore' ? [] : (mapping.filters ?? []);
  const filters = [...shared, ...(scope.filters ?? [])];
  const range = scope.range ?? (scope.dashboard_range === 'ignore' ? undefined : mapping.range);
  const { filters: _f, range: _r, ...rest } = mapping;
  return { ...rest, ...(filters.length ? { filters } : {}), ...(range && (range.from || range.to) ? { range } : {}) };
}

/** A scope that changes nothing (left out of the link). */
export function isPlainScope(scope: PanelScope | undefined): boolean {
  return !scope || (!(scope.filters?.length) && !scope.range && (scope.dashboard_filters ?? 'apply') === 'apply' && (scope.dashboard_range ?? 'apply') === 'apply');
}

/** One chip on a panel: what applies to it, and where it comes from. */
export interface ScopeChip {
  kind: 'filter' | 'range';
  /** `dashboard`: set in the filter bar for every panel; `panel`: this panel's own. */
  from: 'dashboard' | 'panel';
  text: string;
  /** A dashboard filter or range this panel sets aside (shown struck through, never hidden). */
  ignored: boolean;
}

/**
 * Every filter and range a panel is computed with, and the dashboard ones it sets aside, so that
 * nothing is applied (or left out) without a trace on screen.
 */
export function scopeChips(globals: { filters?: Filter[]; range?: DateRange }, scope: PanelScope | undefined): ScopeChip[] {
  const chips: ScopeChip[] = [];
  const ignoreFilters = scope?.dashboard_filters === 'ignore';
  for (const f of globals.filters ?? []) chips.push({ kind: 'filter', from: 'dashboard', text: filterText(f), ignored: ignoreFilters });
  const globalRange = rangeText(globals.range);
  // The panel's own range replaces the dashboard's: the dashboard's is shown as set aside.
  if (globalRange) chips.push({ kind: 'range', from: 'dashboard', text: globalRange, ignored: scope?.range !== undefined || scope?.dashboard_range === 'ignore' });
  for (const f of scope?.filters ?? []) chips.push({ kind: 'filter', from: 'panel', text: filterText(f), ignored: false });
  const own = rangeText(scope?.range);
  if (own) chips.push({ kind: 'range', from: 'panel', text: own, ignored: false });
  else if (scope?.dashboard_range === 'ignore') chips.push({ kind: 'range', from: 'panel', text: 'every date', ignored: false });
  return chips;
}
