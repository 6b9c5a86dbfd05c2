/**
 * How the service worker (src/service-worker.ts) answers a request, so that the app starts and
 * runs without a network after one visit. Plain logic: the worker only carries it out.
 */

/** The cache of one build: a new version gets a new cache, and the old one is deleted. */
export function cacheName(version: string): string {
  return `journeyscope-${version}`;
}

/** Everything a session can load: the page shell, every built chunk (the lazily loaded ones too,
 * the DuckDB worker and both wasm files) and the static files. */
export function precacheList(base: string, build: readonly string[], files: readonly string[]): string[] {
  return [...new Set([shellPath(base), ...build, ...files])];
}

/** The page itself (the static build's index.html, served for every route). */
export function shellPath(base: string): string {
  return `${base}/`;
}

export type Route =
  /** Not ours to answer: the browser asks the network as it would without a service worker. */
  | { from: 'network' }
  /** A built file: never changes under its name, so the cache is the answer. */
  | { from: 'cache'; key: string }
  /** A page: the network first (a new build shows at once), the cached shell when offline. */
  | { from: 'network-then-shell'; shell: string };

export interface RequestLike {
  method: string;
  url: string;
  mode: string;
}

export function route(req: RequestLike, origin: string, base: string, precached: ReadonlySet<string>): Route {
  if (req.method !== 'GET') return { from: 'network' };
  const url = new URL(req.url);
  if (url.origin !== origin) return { from: 'network' };
  if (req.mode === 'navigate') return { from: 'network-then-shell', shell: shellPath(base) };
  if (precached.has(url.pathname)) return { from: 'cache', key: url.pathname };
  return { from: 'network' };
}
