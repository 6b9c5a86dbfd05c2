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

  // The three rewritten passes against the original text, on the same hand-made exports.
  const byWhy = (re: RegExp) => WORKER_PATCHES.find((p) => re.test(p.why))!;
  const exportsCase = () => ({ dynCall_vi: () => 1, dynCall_ii: () => 2, malloc: () => 3, stubbed: () => 4, defined: () => 5, data: 1040 });

  it('registerDynCallSymbols: the same dynCall_ names land on Module, an existing one kept', () => {
    const p = byWhy(/registerDynCallSymbols/);
    const run = (text: string) => {
      const kept = () => 0;
      const Module: Record<string, unknown> = { dynCall_ii: kept };
      (new Function('Module', `var registerDynCallSymbols;${text};return registerDynCallSymbols;`)(Module) as (e: object) => void)(exportsCase());
      return { keys: Object.keys(Module).sort(), keptKept: Module.dynCall_ii === kept };
    };
    expect(run(p.replace)).toEqual(run(p.find));
    expect(run(p.replace)).toEqual({ keys: ['dynCall_ii', 'dynCall_vi'], keptKept: true });
  });

  it('mergeLibSymbols: an export fills a missing or stub name, never a real definition', () => {
    const p = byWhy(/mergeLibSymbols/);
    const run = (text: string) => {
      const stub = Object.assign(() => 0, { stub: true });
      const real = () => 0;
      const wasmImports: Record<string, unknown> = { stubbed: stub, defined: real };
      const isSymbolDefined = (n: string) => {
        const t = wasmImports[n] as { stub?: boolean } | undefined;
        return !(!t || t.stub);
      };
      const e = exportsCase();
      new Function('e', 'isSymbolDefined', 'wasmImports', `{${text}`)(e, isSymbolDefined, wasmImports);
      return Object.fromEntries(Object.entries(wasmImports).map(([k, v]) => [k, v === real ? 'real' : v === stub ? 'stub' : v === (e as Record<string, unknown>)[k] ? 'export' : '?']));
    };
    expect(run(p.replace)).toEqual(run(p.find));
    expect(run(p.replace)).toEqual({ stubbed: 'export', defined: 'real', dynCall_vi: 'export', dynCall_ii: 'export', malloc: 'export', data: 'export' });
  });

  it('applySignatureConversions: every export reads the same, the wrapped ones wrapped, the input untouched', () => {
    const p = byWhy(/applySignatureConversions/);
    const run = (text: string) => {
      const e: Record<string, unknown> = exportsCase();
      const malloc = e.malloc;
      const out = new Function('e', `${text}e.malloc=(f=>()=>f()>>>0)(e.malloc);return e}return applySignatureConversions(e);`)(e) as Record<string, unknown>;
      return { reads: Object.keys(exportsCase()).map((k) => (k === 'malloc' ? (out[k] as () => number)() : out[k] === e[k])), inputKept: e.malloc === malloc };
    };
    expect(run(p.replace)).toEqual(run(p.find));
    expect(run(p.replace)).toEqual({ reads: [true, true, 3, true, true, true], inputKept: true });
  });
});
