import { describe, expect, test } from 'vitest';
import { rangeMicros } from '../sql/range';
import { addDays, dayOf, presetOf, presetRange, previousRange, rangeLabel } from './date-range';

// Worked by hand with a calendar; `to` is the excluded day after the last day shown.
describe('presets relative to the last event', () => {
  const last = '2025-06-30T10:00:00Z';
  test('last 7 / 30 / 90 days end with the last event\'s whole day', () => {
    expect(presetRange('last_7', last)).toEqual({ from: '2025-06-24', to: '2025-07-01' });
    expect(presetRange('last_30', last)).toEqual({ from: '2025-06-01', to: '2025-07-01' });
    // 30 June − 89 days: 1 June is −29, 31 May −30, 1 May −60, 30 April −61, 2 April −89.
    expect(presetRange('last_90', last)).toEqual({ from: '2025-04-02', to: '2025-07-01' });
  });

  test('this month runs to the last event\'s day; last month is the whole month before', () => {
    expect(presetRange('this_month', last)).toEqual({ from: '2025-06-01', to: '2025-07-01' });
    expect(presetRange('last_month', last)).toEqual({ from: '2025-05-01', to: '2025-06-01' });
    expect(presetRange('this_month', '2025-06-12T23:59:59Z')).toEqual({ from: '2025-06-01', to: '2025-06-13' });
    expect(presetRange('all', last)).toBeUndefined();
  });

  test('leap years: 29 February 2024 exists, 2023 and 2100 have none', () => {
    expect(presetRange('last_7', '2024-03-01T00:00:00Z')).toEqual({ from: '2024-02-24', to: '2024-03-02' });
    expect(presetRange('last_month', '2024-03-01T00:00:00Z')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
    expect(presetRange('this_month', '2024-03-01T00:00:00Z')).toEqual({ from: '2024-03-01', to: '2024-03-02' });
    expect(presetRange('last_7', '2023-03-01T08:00:00Z')).toEqual({ from: '2023-02-23', to: '2023-03-02' });
    expect(presetRange('last_7', '2100-03-01')).toEqual({ from: '2100-02-23', to: '2100-03-02' });
    expect(presetRange('last_month', '2024-02-29T12:00:00Z')).toEqual({ from: '2024-01-01', to: '2024-02-01' });
    expect(presetRange('this_month', '2024-02-29T12:00:00Z')).toEqual({ from: '2024-02-01', to: '2024-03-01' });
  });

  test('month and year ends', () => {
    expect(presetRange('last_month', '2025-01-05T00:00:00Z')).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(presetRange('last_30', '2025-01-05T00:00:00Z')).toEqual({ from: '2024-12-07', to: '2025-01-06' });
    expect(presetRange('this_month', '2024-12-31T23:59:59Z')).toEqual({ from: '2024-12-01', to: '2025-01-01' });
    expect(presetRange('last_month', '2025-03-31T10:00:00Z')).toEqual({ from: '2025-02-01', to: '2025-03-01' });
  });

  test('the last event is inside every preset but "last month", as the engine applies a range (from ≤ t < to)', () => {
    for (const last of ['2025-06-30T23:59:59Z', '2025-07-01T00:00:00Z', '2024-02-29T00:00:01Z']) {
      const t = rangeMicros({ from: last.slice(0, 10) + ' ' + last.slice(11, 19) }).from!;
      for (const p of ['last_7', 'last_30', 'last_90', 'this_month'] as const) {
        const r = rangeMicros(presetRange(p, last));
        expect(r.from! <= t && t < r.to!, `${p} ${last}`).toBe(true);
      }
      const lm = rangeMicros(presetRange('last_month', last));
      expect(lm.to! <= t).toBe(true);
    }
  });

  test('a range is recognised as the preset it is, else custom', () => {
    const last = '2025-06-30T10:00:00Z';
    expect(presetOf(undefined, last)).toBe('all');
    expect(presetOf({ from: '2025-06-01', to: '2025-07-01' }, last)).toBe('last_30');
    expect(presetOf({ from: '2025-05-01', to: '2025-06-01' }, last)).toBe('last_month');
    expect(presetOf({ from: '2025-06-02', to: '2025-07-01' }, last)).toBe('custom');
    expect(presetOf({ from: '2025-06-01' }, last)).toBe('custom');
    expect(presetOf({ from: '2025-06-01', to: '2025-07-01' }, null)).toBe('custom');
  });
});

describe('the previous period', () => {
  test('same length, ending where the range starts', () => {
    // 30 days before 1 June: 31 May is −1, 2 May −30.
    expect(previousRange({ from: '2025-06-01', to: '2025-07-01' })).toEqual({ from: '2025-05-02', to: '2025-06-01' });
    // February 2024 has 29 days: 1 February − 29 days = 3 January; 2023's 28 days reach 4 January.
    expect(previousRange({ from: '2024-02-01', to: '2024-03-01' })).toEqual({ from: '2024-01-03', to: '2024-02-01' });
    expect(previousRange({ from: '2023-02-01', to: '2023-03-01' })).toEqual({ from: '2023-01-04', to: '2023-02-01' });
    // Across a leap day: 7 days before 2 March 2024 are 24 February to 1 March.
    expect(previousRange({ from: '2024-03-02', to: '2024-03-09' })).toEqual({ from: '2024-02-24', to: '2024-03-02' });
  });

  test('date-times keep their time of day; a range without both ends has none', () => {
    // 30 h 30 min: 1 June 12:00 − 30:30 = 31 May 05:30.
    expect(previousRange({ from: '2025-06-01 12:00', to: '2025-06-02 18:30' })).toEqual({ from: '2025-05-31 05:30:00', to: '2025-06-01 12:00:00' });
    expect(previousRange({ from: '2025-06-01 00:00:00.25', to: '2025-06-01 00:00:01' })).toEqual({ from: '2025-05-31 23:59:59.500000', to: '2025-06-01 00:00:00.250000' });
    expect(previousRange({ from: '2025-06-01' })).toBeNull();
    expect(previousRange({ to: '2025-06-01' })).toBeNull();
    expect(previousRange(undefined)).toBeNull();
  });

  test('the previous range holds exactly as many microseconds and touches the range', () => {
    const r = { from: '2025-06-24', to: '2025-07-01' };
    const p = rangeMicros(previousRange(r)!);
    const c = rangeMicros(r);
    expect(p.to).toBe(c.from);
    expect(p.to! - p.from!).toBe(c.to! - c.from!);
  });
});

describe('labels and days', () => {
  test('whole days show their last day; a time of day shows as given', () => {
    expect(rangeLabel({ from: '2025-06-01', to: '2025-07-01' })).toBe('2025-06-01 → 2025-06-30');
    expect(rangeLabel({ from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-01 → 2024-02-29');
    expect(rangeLabel({ from: '2025-06-01 12:00', to: '2025-06-02 18:30' })).toBe('2025-06-01 12:00 → before 2025-06-02 18:30');
    expect(rangeLabel({ from: '2025-06-01' })).toBe('2025-06-01 → the end');
    expect(rangeLabel({ to: '2025-06-01' })).toBe('the start → 2025-05-31');
    expect(rangeLabel(undefined)).toBe('all dates');
  });

  test('days of a time, days moved', () => {
    expect(dayOf('2025-06-30T23:59:59Z')).toBe('2025-06-30');
    expect(dayOf('2025-06-30')).toBe('2025-06-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});
