/**
 * The largest and smallest of many numbers. `Math.max(...values)` passes every value as an
 * argument and throws RangeError past the engine's argument limit (about 120k-180k in V8: a daily
 * retention over 1000 periods blanked its heatmap); these loop. NaN is skipped, like d3.max.
 */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let m = floor;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let m = ceiling;
  for (const v of values) if (v < m) m = v;
  return m;
}
