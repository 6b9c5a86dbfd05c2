import { describe, expect, it } from 'vitest';
import { overviewTiles } from './kpis';

describe('overview tiles', () => {
  const base = { events: 50000, users: 9858, first_ts: '2025-01-01T00:54:22Z', last_ts: '2025-06-30T23:54:32Z', purchasers: 1348, revenue: null, revenue_rows: 0, data_first_ts: null, data_last_ts: null };

  it('counts the calendar days covered, both ends included, and names the dates', () => {
    const span = overviewTiles(base).find((t) => t.label === 'Date span')!;
    expect(span.value).toBe('181 days'); // 31 + 28 + 31 + 30 + 31 + 30
    expect(span.hint).toBe('2025-01-01 → 2025-06-30 (UTC)');
  });

  it('shows revenue only when a revenue column holds values', () => {
    expect(overviewTiles(base).map((t) => t.label)).toEqual(['Users', 'Events', 'Date span', 'Purchasers']);
    const withRevenue = overviewTiles({ ...base, revenue: 185777.29, revenue_rows: 3146 });
    expect(withRevenue.at(-1)).toEqual({ label: 'Revenue', value: '185,777.29' });
  });

  it('gives purchasers as a share of users', () => {
    expect(overviewTiles(base).find((t) => t.label === 'Purchasers')!.hint).toBe('13.7% of users');
  });

  it('names a purchase stage with another name, and says when there is none', () => {
    expect(overviewTiles(base, null, 'bought').find((t) => t.label === 'Purchasers')).toEqual({ label: 'Purchasers', value: '1,348', hint: '13.7% of users, stage "bought"' });
    expect(overviewTiles(base, null, null).find((t) => t.label === 'Purchasers')!.value).toBe('—');
  });
});
