import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINE_ONLY_BYTES, baselineOnly } from '../../src/cli/wasm-tiers';

describe('how the command line has V8 compile the engine', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tiers-'));
  const small = path.join(dir, 'small.csv');
  writeFileSync(small, 'user,event,time\nu1,visit,2024-01-01\n');
  // Sparse files: sizes without the bytes.
  const atLimit = path.join(dir, 'at-limit.csv');
  writeFileSync(atLimit, '');
  truncateSync(atLimit, BASELINE_ONLY_BYTES);
  const half = path.join(dir, 'half.csv');
  writeFileSync(half, '');
  truncateSync(half, BASELINE_ONLY_BYTES / 2 + 1);

  it('small inputs, up to the limit, get the baseline compiler only', () => {
    expect(baselineOnly([small])).toBe(true);
    expect(baselineOnly([atLimit])).toBe(true);
    expect(baselineOnly([])).toBe(true);
  });

  it('inputs over the limit together keep V8 optimising', () => {
    expect(baselineOnly([atLimit, small])).toBe(false);
    expect(baselineOnly([half, half])).toBe(false);
  });

  it('a missing file counts nothing (the import reports it)', () => {
    expect(baselineOnly([path.join(dir, 'missing.csv'), small])).toBe(true);
  });
});
