/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Makes the app work offline after its first visit (docs/PERSISTENCE.md). At install, every file
 * of the build is cached: the shell, each chunk (also those imported only later, such as the stage
 * guess on "Show the journey"), the DuckDB worker and the wasm files. A new build installs its own
 * cache, takes over at once and deletes the old caches, so no tab stays on an old build's files.
 */
import { base, build, files, version } from '$service-worker';
import { cacheName, precacheList, route } from '$lib/persist/offline';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
const ASSETS = precacheList(base, build, files);
const PRECACHED = new Set(ASSETS);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ASSETS);
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('fetch', (event) => {
  const r = route(event.request, sw.location.origin, base, PRECACHED);
  if (r.from === 'network') return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (r.from === 'cache') return (await cache.match(r.key)) ?? fetch(event.request);
      try {
        return await fetch(event.request);
      } catch (e) {
        const shell = await cache.match(r.shell);
        if (shell) return shell;
        throw e;
      }
    })()
  );
});
