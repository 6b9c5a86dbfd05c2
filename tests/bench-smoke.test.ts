import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../src/lib/engine/node';
import { appSession, type SessionRun } from '../bench/app-session';
import { difference } from '../bench/compare';
import { journeysFile } from '../bench/data-files';
import { fileBlob, NativeEngine } from '../bench/native-engine';

/**
 * The benchmark's smoke run (issue 5): 100k generated events through the app's own code
 * (importFile, buildEvents, runAnalysis) on the Node build of DuckDB-WASM, and the same code on
 * native DuckDB through bench/native-engine.ts. The two must agree on every number, and the
 * funnel's users per step must equal the plain self-join of bench/reference-funnel.sql. Timings
 * are not asserted (`npm run bench` reports them).
 */

describe('benchmark smoke run: 100k events, app code on DuckDB-WASM (Node) and on native DuckDB', () => {
  let dir: string;
  let wasm: SessionRun;
  let native: SessionRun;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-bench-'));
    const file = journeysFile(100_000, dir);
    const name = path.basename(file.path);
    const w = await NodeEngine.create();
    try {
      wasm = await appSession(w, { name, data: await fileBlob(file.path) });
    } finally {
      await w.close();
    }
    const n = await NativeEngine.create();
    try {
      native = await appSession(n, { name, data: await fileBlob(file.path) });
    } finally {
      await n.close();
    }
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every generated row in both engines', () => {
    expect(wasm.results.overview.events).toBe(100_000);
    expect(native.results.overview.events).toBe(100_000);
  });

  for (const k of ['overview', 'stages', 'funnel', 'retention', 'breakdown', 'funnel_changed'] as const) {
    it(`${k}: the browser's engine gives native DuckDB's numbers`, () => {
      expect(difference(wasm.results[k], native.results[k])).toBeNull();
    });
  }

  it('the breakdown has one group per channel and sums to the funnel', () => {
    const b = wasm.results.breakdown as { breakdown: { value: string | null; steps: { users: number }[] }[] };
    const f = wasm.results.funnel as { steps: { users: number }[] };
    expect(b.breakdown.map((g) => g.value).sort()).toEqual(['direct', 'display', 'email', 'organic', 'paid_search', 'referral', 'social']);
    f.steps.forEach((s, i) => expect(b.breakdown.reduce((sum, g) => sum + g.steps[i].users, 0)).toBe(s.users));
  });

  it("the app's funnel counts equal the reference self-join's, on both engines", () => {
    for (const run of [wasm, native]) {
      const users = (run.results.funnel as { steps: { users: number }[] }).steps.map((s) => s.users);
      expect(users).toEqual(run.results.reference_funnel);
      expect(users[4]).toBeGreaterThan(0);
    }
  });
});
