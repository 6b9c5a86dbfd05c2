import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { KpisResult } from '../analysis/kpis';
import { toCsv } from '../export/csv';
import KpiTable from './KpiTable.svelte';
import { change, kpiCsv, kpiTable } from './kpi-table';

const figures = (users: number, purchasers: number, orders: number, revenue: number | null, repeat: number | null) => ({
  users, purchasers, conversion: users ? purchasers / users : null, orders, revenue,
  aov: revenue !== null && orders ? revenue / orders : null, revenue_per_user: revenue !== null && users ? revenue / users : null, repeat_rate: repeat
});

const result: KpisResult = {
  kind: 'kpis',
  total: { ...figures(200, 20, 30, 1500, 0.25), spend: 600, cpa: 30, roas: 2.5, previous: { ...figures(100, 8, 8, 400, 0), spend: 0, cpa: 0, roas: null } },
  breakdown: [
    { value: 'email', ...figures(150, 20, 30, 1500, 0.25), spend: 600, cpa: 30, roas: 2.5, previous: { ...figures(0, 0, 0, 0, null), spend: 0, cpa: null, roas: null } },
    { value: null, ...figures(50, 0, 0, 0, null), spend: 0, cpa: null, roas: null, previous: { ...figures(100, 8, 8, 400, 0), spend: 0, cpa: null, roas: null } }
  ]
};

describe('kpi table', () => {
  it('puts the counts behind each ratio beside it, and the change from the previous period', () => {
    const m = kpiTable(result);
    expect(m.columns.map((c) => c.key)).toEqual(['users', 'purchasers', 'conversion', 'orders', 'revenue', 'aov', 'revenue_per_user', 'repeat_rate', 'spend', 'cpa', 'roas']);
    const total = Object.fromEntries(m.columns.map((c, i) => [c.key, m.rows[0].cells[i]]));
    expect(total.users).toEqual({ value: '200', of: '', previous: '100', change: '+100%' });
    expect(total.conversion).toEqual({ value: '10.0%', of: '20 / 200', previous: '8.0%', change: '+2.0 pp' });
    expect(total.repeat_rate.of).toBe('5 / 20');
    expect(total.aov).toEqual({ value: '50.00', of: '1,500.00 / 30', previous: '50.00', change: '±0.0%' });
    expect(total.roas).toEqual({ value: '2.5×', of: '1,500.00 / 600.00', previous: '—', change: '—' });
    expect(total.spend.change).toBe('—');
    expect(m.rows.map((r) => r.label)).toEqual(['All users', 'email', '(none)']);
  });

  it('shows only the columns the result has (no spend, no previous)', () => {
    const { breakdown: _b, ...plain } = result;
    const { spend: _s, cpa: _c, roas: _r, previous: _p, ...total } = plain.total;
    const m = kpiTable({ kind: 'kpis', total });
    expect(m.compare).toBe(false);
    expect(m.columns).toHaveLength(8);
    expect(m.rows[0].cells[0]).toEqual({ value: '200', of: '' });
  });

  it('changes: rates in points, others relative, none from 0 or unknown', () => {
    expect(change(0.5, 0.25, 'rate')).toBe('+25.0 pp');
    expect(change(10, 20, 'count')).toBe('−50.0%');
    expect(change(10, 0, 'money')).toBe('—');
    expect(change(null, 3, 'money')).toBe('—');
  });

  it('exports the raw numbers with the previous ones beside', () => {
    const { columns, rows } = kpiCsv(result);
    const text = toCsv(columns, rows).split('\r\n');
    expect(text[0]).toBe('group,breakdown_value,users,previous_users,purchasers,previous_purchasers,conversion,previous_conversion,orders,previous_orders,revenue,previous_revenue,aov,previous_aov,revenue_per_user,previous_revenue_per_user,repeat_rate,previous_repeat_rate,spend,previous_spend,cpa,previous_cpa,roas,previous_roas');
    expect(text[1]).toBe('all,,200,100,20,8,0.1,0.08,30,8,1500,400,50,50,7.5,4,0.25,0,600,0,30,0,2.5,');
    expect(text[3].startsWith('breakdown,,50,100,')).toBe(true);
  });

  it('renders a table with two header rows when comparing, group names isolated', () => {
    const body = (render as (c: typeof KpiTable, o: { props: { result: KpisResult } }) => { body: string })(KpiTable, { props: { result } }).body;
    expect(body).toContain('data-testid="kpi-table"');
    expect(body).toContain('<bdi>(none)</bdi>');
    expect((body.match(/<th scope="col"[^>]*>Change<\/th>/g) ?? []).length).toBe(11);
    expect(body).toContain('20 / 200');
  });
});
