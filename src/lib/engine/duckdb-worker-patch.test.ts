import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchDuckdbWorker, WORKER_PATCHES } from './duckdb-worker-patch';

const worker = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');

describe('patchDuckdbWorker', () => {
  it("applies every patch once to the installed duckdb-wasm's worker", () => {
    const out = patchDuckdbWorker(worker);
    for (const p of WORKER_PATCHES) {
      expect(out.includes(p.find), p.why).toBe(false);
      if (p.replace) expect(out.split(p.replace).length - 1, p.why).toBe(1);
    }
    expect(out.length).toBe(worker.length + WORKER_PATCHES.reduce((n, p) => n + p.replace.length - p.find.length, 0));
    // The wasm still reaches instantiateStreaming as fetch()'s own Response (the fallback branch).
    expect(out).toContain('WebAssembly.instantiateStreaming(fetch(n),e)');
  });

  it('refuses a worker whose text differs (a new duckdb-wasm version)', () => {
    const changed = worker.replace('wasmExports=relocateExports(wasmExports,1024)', 'wasmExports=relocateExports(wasmExports,2048)');
    expect(() => patchDuckdbWorker(changed)).toThrow(/does not read as expected \(text not found\)/);
    const twice = worker + WORKER_PATCHES[1].find;
    expect(() => patchDuckdbWorker(twice)).toThrow(/more than once/);
  });

  // The replacement for relocateExports on the main module, run on a hand-made case: numbers are
  // relocated by 1024 for everyone, but only symbols already in GOT (imported), `orig$` names and
  // __heap_base reach updateGOT.
  it('relocates every export and hands updateGOT only the imported ones', () => {
    const main = WORKER_PATCHES[0].replace;
    const seen: Record<string, unknown>[] = [];
    const GOT: Record<string, unknown> = { imported_fn: {}, imported_data: {} };
    const run = new Function('GOT', 'updateGOT', 'wasmExports', `${main};return wasmExports;`) as (
      got: typeof GOT,
      update: (e: Record<string, unknown>) => void,
      exports: Record<string, unknown>
    ) => Record<string, unknown>;
    const f = () => 0;
    const out = run(GOT, (e) => seen.push(e), {
      imported_fn: f,
      imported_data: 8,
      other_fn: f,
      other_data: { value: 16 },
      orig$renamed: f,
      __heap_base: { value: 4096 }
    });
    expect(out).toEqual({ imported_fn: f, imported_data: 1032, other_fn: f, other_data: 1040, orig$renamed: f, __heap_base: 5120 });
    expect(seen).toEqual([{ imported_fn: f, imported_data: 1032, orig$renamed: f, __heap_base: 5120 }]);
  });
});
