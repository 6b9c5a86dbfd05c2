import { expect, it } from 'vitest';
import { zoned } from './time-checks';

it('zoned: offsets, Z, UTC and epochs carry their zone; other patterns do not', () => {
  expect(['%Y-%m-%d %H:%M:%S%z', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S UTC', 'epoch_s', 'epoch_ms'].map(zoned)).toEqual([true, true, true, true, true]);
  expect(['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%d/%m/%Y %H:%M', '%Y%m%d'].map(zoned)).toEqual([false, false, false, false]);
});
