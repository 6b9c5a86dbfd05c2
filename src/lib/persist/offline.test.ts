import { describe, expect, it } from 'vitest';
import { cacheName, precacheList, route } from './offline';

const origin = 'http://localhost:4173';
const built = new Set(precacheList('', ['/_app/immutable/chunks/a.js', '/_app/immutable/assets/duckdb-eh.wasm'], ['/favicon.svg']));
const req = (url: string, mode = 'cors', method = 'GET') => ({ url, mode, method });

describe('offline routes', () => {
  it('precaches the shell, every built file and the static files, once each', () => {
    expect(precacheList('', ['/_app/x.js', '/_app/x.js'], ['/favicon.svg'])).toEqual(['/', '/_app/x.js', '/favicon.svg']);
    expect(precacheList('/app', [], [])).toEqual(['/app/']);
    expect(cacheName('123')).toBe('journeyscope-123');
  });

  it('answers built files from the cache, pages from the network then the shell', () => {
    expect(route(req(`${origin}/_app/immutable/chunks/a.js`), origin, '', built)).toEqual({ from: 'cache', key: '/_app/immutable/chunks/a.js' });
    expect(route(req(`${origin}/_app/immutable/assets/duckdb-eh.wasm?v=1`), origin, '', built)).toEqual({ from: 'cache', key: '/_app/immutable/assets/duckdb-eh.wasm' });
    expect(route(req(`${origin}/?x=1`, 'navigate'), origin, '', built)).toEqual({ from: 'network-then-shell', shell: '/' });
    expect(route(req(`${origin}/any/route`, 'navigate'), origin, '/base', built)).toEqual({ from: 'network-then-shell', shell: '/base/' });
  });

  it('leaves everything else to the network', () => {
    expect(route(req(`${origin}/_app/version.json`), origin, '', built)).toEqual({ from: 'network' });
    expect(route(req(`${origin}/_app/immutable/chunks/a.js`, 'cors', 'POST'), origin, '', built)).toEqual({ from: 'network' });
    expect(route(req('http://example.com/_app/immutable/chunks/a.js'), origin, '', built)).toEqual({ from: 'network' });
  });
});
