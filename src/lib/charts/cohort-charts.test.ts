import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { CohortsResult } from '../schema/types';
import CohortCurves from './CohortCurves.svelte';
import CohortHeatmap from './CohortHeatmap.svelte';

const row = (cohort: string | null, size: number, users: (number | null)[], incomplete_from?: number | null) => ({
  cohort, size, eligible: users.map((u) => (u === null ? 0 : size)), users, retention: users.map((u) => (u === null ? null : u / size)),
  revenue: users.map(() => 0), cumulative_revenue_per_user: users.map(() => 0), orders_per_user: users.map(() => 0), repeat_purchase_rate: users.map(() => 0),
  ...(incomplete_from === undefined ? {} : { incomplete_from })
});

const byPeriod: CohortsResult = {
  kind: 'cohorts', period: 'month', by: null,
  cohorts: [row('2024-01-01', 4, [4, 2, 1], 2), row('2024-02-01', 2, [2, 1, null], 1)],
  total: row(null, 6, [6, 3, 1])
};

const cells = (body: string, testid: string) => {
  const table = body.slice(body.indexOf(`data-testid="${testid}"`)).split('</table>')[0];
  return [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '').trim());
};

describe('cohort charts', () => {
  it('curves carry the same numbers in a table, periods named like the heatmap', () => {
    const body = render(CohortCurves, { props: { result: byPeriod, metric: 'retention' } }).body;
    expect(cells(body, 'cohort-curves-table')).toEqual([
      'Cohort', 'Users', 'Month 0', 'Month 1', 'Month 2',
      '2024-01-01', '4', '100% (4)', '50.0% (4)', '25.0%* (4)',
      '2024-02-01', '2', '100% (2)', '50.0%* (2)', '',
      // The total mixes in a cohort still running at months 1 and 2: marked there too.
      'All cohorts', '6', '100% (6)', '50.0%* (6)', '16.7%* (6)'
    ]);
    expect(body).toContain('older → newer (2024-01-01 … 2024-02-01)');
  });

  it('value cohorts get categorical colours and a dashed total', () => {
    const byValue: CohortsResult = { ...byPeriod, by: 'channel', cohorts: [row('email', 4, [4, 2, 1]), row(null, 2, [2, 1, null])] };
    const body = render(CohortCurves, { props: { result: byValue, metric: 'users' } }).body;
    expect(body).toContain('stroke="#0072B2"');
    expect(body).toMatch(/stroke="#5b6570"[^>]*stroke-dasharray="6 4"/);
    expect(body).toContain('(none)');
  });

  it('heatmap stripes the periods not over yet and marks them with an asterisk', () => {
    const body = render(CohortHeatmap, { props: { result: byPeriod, metric: 'users' } }).body;
    expect(body.match(/-hatch-(light|dark)\)"/g)).toHaveLength(4); // 2024-01 at 2, 2024-02 at 1, the total at 1 and 2
    expect(body).toContain('data-testid="cohort-cell-0-2" data-value="1"');
    expect(body).toMatch(/>1\*<\/text>/);
    expect(body).toContain('data-testid="cohort-cell-2-1" data-value="3" data-eligible="6" data-incomplete="true"');
  });

  // Value cohorts: "email" (4 users) has only 3 who reach month 1 and 1 who reaches month 2
  // (the others joined late), so its LTV there rests on fewer users: shown and marked.
  const byValue: CohortsResult = {
    kind: 'cohorts', period: 'month', by: 'channel',
    cohorts: [{ ...row('email', 4, [4, 2, 1]), eligible: [4, 3, 1], cumulative_revenue_per_user: [10, 12, 30] }, row(null, 2, [2, 1, 1])],
    total: { ...row(null, 6, [6, 3, 2]), eligible: [6, 5, 3] }
  };

  it('value cohorts show the users behind each cell and mark those fewer than the cohort', () => {
    const body = render(CohortHeatmap, { props: { result: byValue, metric: 'cumulative_revenue_per_user' } }).body;
    expect(cells(body, 'cohort-heatmap-table').slice(5, 10)).toEqual(['email', '4', '10.00 (4)', '12.00† (3)', '30.00† (1)']);
    expect(cells(body, 'cohort-heatmap-table').slice(10, 15)).toEqual(['(none)', '2', '0.00 (2)', '0.00 (2)', '0.00 (2)']);
    expect(body).toContain('data-testid="cohort-cell-0-2" data-value="30" data-eligible="1" data-incomplete="false" data-short="true"');
    expect(body).toContain('email, Month 2: 30.00†, over 1 user of the 4 (†: the others joined too late to reach this period)');
    expect(body).toContain('† counted over fewer users than the cohort holds');
    expect(body).not.toMatch(/-hatch-(light|dark)\)"/);
    const curves = render(CohortCurves, { props: { result: byValue, metric: 'cumulative_revenue_per_user' } }).body;
    expect(curves).toContain('Month 1: 12.00† over 3 of 4 users');
    expect(cells(curves, 'cohort-curves-table').slice(5, 10)).toEqual(['email', '4', '10.00 (4)', '12.00† (3)', '30.00† (1)']);
  });
});
