import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The page's Content-Security-Policy (docs/SECURITY.md gives the same policy as the HTTP header
 * to send where the host allows). SvelteKit writes it into index.html as a <meta> tag and adds
 * the hash of its own inline boot script to script-src ('hash' mode: a static build has no
 * server to make nonces); no other inline script can run.
 * - script-src 'wasm-unsafe-eval': DuckDB-WASM (in its worker) and parquet-wasm (in the page)
 *   compile WebAssembly; nothing may eval JavaScript.
 * - worker-src 'self' blob:: DuckDB's worker script is served by the app; blob: for a worker
 *   made from a blob URL.
 * - img-src blob: data:: the PNG export draws the chart's SVG from a blob URL.
 * - style-src 'unsafe-inline': Svelte sets style attributes (bar widths); a style cannot run script.
 * - frame-ancestors cannot be set from a <meta> tag: it is in the header only.
 */
export const CSP_DIRECTIVES = {
  'default-src': ['self'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  'worker-src': ['self', 'blob:'],
  'connect-src': ['self', 'blob:'],
  'img-src': ['self', 'data:', 'blob:'],
  'style-src': ['self', 'unsafe-inline'],
  'font-src': ['self'],
  'object-src': ['none'],
  'base-uri': ['none'],
  'form-action': ['none']
};

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A static SPA: every route falls back to index.html, nothing runs on a server.
    adapter: adapter({ fallback: 'index.html' }),
    csp: { mode: 'hash', directives: CSP_DIRECTIVES }
  }
};
