/**
 * A figure against the same figure in the previous period (docs/DATES.md): the absolute change and
 * the relative one. A previous value of 0 has no relative change: a figure that was 0 and is not
 * now is "new"; 0 then and now is no change.
 */
export interface PeriodChange {
  /** now − before. */
  delta: number;
  /** (now − before) / before; null when before is 0. */
  ratio: number | null;
  /** before was 0 and now is not. */
  isNew: boolean;
}

export function periodChange(now: number, before: number): PeriodChange {
  return { delta: now - before, ratio: before === 0 ? null : (now - before) / Math.abs(before), isNew: before === 0 && now !== 0 };
}

const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');

/**
 * How a change reads on a tile: `+120 (+4.5%)`, `−3 (−25.0%)`, `±0 (0.0%)`, or `new (+12)`.
 * `format` writes the absolute amount (counts, money).
 */
export function changeText(c: PeriodChange, format: (n: number) => string): string {
  const abs = `${sign(c.delta)}${format(Math.abs(c.delta))}`;
  if (c.isNew) return `new (${abs})`;
  if (c.ratio === null) return abs;
  return `${abs} (${c.ratio === 0 ? '' : sign(c.ratio)}${(Math.abs(c.ratio) * 100).toFixed(1)}%)`;
}

/** Which way a change went, for its colour (up is not always good: the words carry the meaning). */
export function direction(c: PeriodChange): 'up' | 'down' | 'flat' {
  return c.delta > 0 ? 'up' : c.delta < 0 ? 'down' : 'flat';
}
