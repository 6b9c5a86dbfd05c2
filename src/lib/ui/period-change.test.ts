import { describe, expect, it } from 'vitest';
import { changeText, direction, periodChange } from './period-change';
import { overviewTiles } from './kpis';

const int = (n: number) => n.toLocaleString('en');

describe('a figure against the previous period', () => {
  it('gives the absolute and relative change', () => {
    // 1,200 − 1,000 = +200, 200 / 1,000 = +20.0%.
    expect(periodChange(1200, 1000)).toEqual({ delta: 200, ratio: 0.2, isNew: false });
    expect(changeText(periodChange(1200, 1000), int)).toBe('+200 (+20.0%)');
    // 3 − 4 = −1, −1 / 4 = −25.0%.
    expect(changeText(periodChange(3, 4), int)).toBe('−1 (−25.0%)');
    expect(changeText(periodChange(7, 7), int)).toBe('±0 (0.0%)');
    expect(direction(periodChange(3, 4))).toBe('down');
    expect(direction(periodChange(7, 7))).toBe('flat');
  });

  it('says "new" when the previous value is 0, and no change when both are 0', () => {
    expect(periodChange(12, 0)).toEqual({ delta: 12, ratio: null, isNew: true });
    expect(changeText(periodChange(12, 0), int)).toBe('new (+12)');
    expect(changeText(periodChange(0, 0), int)).toBe('±0');
    // Down to nothing is a fall of 100%, not "new".
    expect(changeText(periodChange(0, 5), int)).toBe('−5 (−100.0%)');
  });
});

describe('overview tiles with the previous period', () => {
  const now = { events: 1500, users: 300, first_ts: '2025-06-01T01:00:00Z', last_ts: '2025-06-30T20:00:00Z', purchasers: 45, revenue: 1250, revenue_rows: 50, data_first_ts: null, data_last_ts: null };
  const before = { ...now, events: 1000, users: 320, purchasers: 0, revenue: 1000, revenue_rows: 40 };

  it('puts the change on every count and on revenue, not on the date span', () => {
    const tiles = overviewTiles(now, before);
    const change = Object.fromEntries(tiles.map((t) => [t.label, t.change?.text ?? null]));
    // Users 300 vs 320: −20, −20/320 = −6.25% → −6.3%. Events +500 = +50.0%. Revenue 1,250 vs 1,000: +250.00, +25.0%.
    expect(change).toEqual({
      Users: '−20 (−6.3%)',
      Events: '+500 (+50.0%)',
      'Date span': null,
      Purchasers: 'new (+45)',
      Revenue: '+250.00 (+25.0%)'
    });
    expect(tiles.find((t) => t.label === 'Users')!.change!.previous).toBe('320');
  });

  it('has no change without a previous period', () => {
    expect(overviewTiles(now).every((t) => t.change === undefined)).toBe(true);
  });
});
