/**
 * Changes to DuckDB-WASM 1.32.0's browser worker (duckdb-browser-eh.worker.js), made when the
 * app is built (vite.config.ts, `duckdbWorkerPatch`): the file is minified, so each change replaces
 * one exact piece of text, and the build fails if that text is not found exactly once (a new
 * duckdb-wasm version must be looked at again, not patched blindly). Measurements: docs/STARTUP.md.
 */

export interface WorkerPatch {
  /** What it changes and why, for the build's error message. */
  why: string;
  find: string;
  replace: string;
}

export const WORKER_PATCHES: readonly WorkerPatch[] = [
  {
    // The worker exports its 75,011 wasm exports to Emscripten's dynamic linker: relocateExports
    // → updateGOT makes a WebAssembly.Global for every one of them and, for the 65,167 functions,
    // grows the function table by one slot and stores the function there (addFunction). That loop
    // was the largest item in a profile of the engine's start. Only
    // the GOT entries some module imports are ever read: those the main module itself imports
    // (made by GOTHandler while it was instantiated, so already in GOT), and those a side module
    // loaded later asks for — GOTHandler makes those on demand, and reportUndefinedSymbols fills
    // them from the main module's exports (mergeLibSymbols put them in wasmImports). So the main
    // module's entries are filled for the symbols already in GOT, plus `orig$` renames (which
    // updateGOT treats as replacements) and __heap_base (getMemory writes GOT.__heap_base).
    // Side modules still go through the unchanged updateGOT.
    why: 'fill only the GOT entries that are imported, not one per export of the main module',
    find: 'wasmExports=relocateExports(wasmExports,1024)',
    replace:
      'wasmExports=((e,t)=>{var n={},g={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l,(a in GOT||a.startsWith("orig$")||a=="__heap_base")&&(g[a]=l)}return updateGOT(g),n})(wasmExports,1024)'
  },
  // Three passes the linker still makes over all 75,011 exports, rewritten to do the same with
  // less work (each held 5–11% of the worker's busy samples in a profile):
  {
    // Copied every export into a new object to replace ~15 of them with wrappers that make their
    // results unsigned. Afterwards the object is only read by name (wasmExports.x), so an object
    // whose prototype is the exports gives the same answers without copying 75k properties.
    why: "read the exports through a prototype instead of copying them (applySignatureConversions)",
    find: 'function applySignatureConversions(e){e=Object.assign({},e);',
    replace: 'function applySignatureConversions(e){e=Object.create(e);'
  },
  {
    // Object.entries made a [name, value] array per export to find the few dynCall_ names.
    why: 'look for dynCall_ names without an array per export (registerDynCallSymbols)',
    find: 'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    replace: 'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}'
  },
  {
    // Same rule (an export fills wasmImports[name] unless a real definition is there), without an
    // array and a closure per export (mergeLibSymbols).
    why: 'merge the exports into wasmImports without an array and a closure per export (mergeLibSymbols)',
    find: 'for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}',
    replace: 'for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}'
  },
  {
    // With TransformStream present, the worker reads the wasm through a TransformStream (for a
    // progress callback the app does not use) and hands instantiateStreaming a new Response made
    // from that stream. Such a Response has no URL and no cache handler, so Chromium can neither
    // store nor reuse its compiled code (v8_wasm_response_extensions.cc: the code cache needs the
    // fetch's own Response, served as application/wasm). Its own fallback passes fetch() as is.
    why: "hand instantiateStreaming the fetch's own Response, so Chromium may cache the compiled wasm",
    find: 'instantiateStreaming)if(typeof TransformStream=="function"){',
    replace: 'instantiateStreaming)if(!1){'
  },
  {
    why: 'no console warning for the progress handler the app does not use',
    find: 'console.warn("instantiating without progress handler since transform streams are unavailable");',
    replace: ''
  }
];

/** The worker's text with every patch applied; throws if a patch's text is missing or repeated. */
export function patchDuckdbWorker(source: string): string {
  let out = source;
  for (const p of WORKER_PATCHES) {
    const first = out.indexOf(p.find);
    const again = first < 0 ? -1 : out.indexOf(p.find, first + 1);
    if (first < 0 || again >= 0) {
      throw new Error(
        `DuckDB's worker does not read as expected (${first < 0 ? 'text not found' : 'text found more than once'}): cannot ${p.why}. Look at src/lib/engine/duckdb-worker-patch.ts again for this duckdb-wasm version.`
      );
    }
    out = out.slice(0, first) + p.replace + out.slice(first + p.find.length);
  }
  return out;
}
