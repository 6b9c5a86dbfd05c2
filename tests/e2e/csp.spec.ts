import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, guardContext, test } from './fixtures';

/**
 * The built page carries its Content-Security-Policy (svelte.config.js, kit.csp) and it holds:
 * script injected into the page does not run, whatever the way in, and each attempt is reported
 * as a violation. (Every other spec fails on any violation: the app itself never needs one.)
 * This spec opens its own context so that it can expect the violations it provokes.
 */
test('the page has its CSP, and inline script, inline handlers and other origins are refused', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  const page = await context.newPage();
  const res = await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  // `vite preview` renders the page and sends the policy as a header; the static build's
  // index.html (what a host serves) carries the same policy in a <meta> tag.
  const header = res!.headers()['content-security-policy'];
  const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(readFileSync(path.resolve('build/index.html'), 'utf8'))?.[1];
  for (const policy of [header, meta]) {
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  // Script from text is refused ('unsafe-eval' and 'unsafe-inline' absent). Checked on the policy:
  // the test's own evaluate() runs through DevTools, which the policy does not govern.
  expect(policy!.split(';').find((d) => d.trim().startsWith('script-src'))).not.toMatch(/'unsafe-(eval|inline)'/);
  }

  const ran = await page.evaluate(async () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.appendChild(s);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__handler = 1" onload="window.__handler = 1">';
    document.body.appendChild(div);
    const remote = document.createElement('script');
    remote.src = 'https://example.invalid/x.js';
    document.head.appendChild(remote);
    await new Promise((r) => setTimeout(r, 500));
    return { inline: g.__inline ?? null, handler: g.__handler ?? null };
  });
  expect(ran).toEqual({ inline: null, handler: null });
  await expect.poll(() => guard.violations.length).toBeGreaterThanOrEqual(2);
  expect(guard.violations.join('\n')).toMatch(/script-src/);
  // The page still works under the policy: the engine answered above, the worker and wasm loaded.
  await context.close();
});
