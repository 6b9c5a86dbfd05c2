import { expect, guardContext, test } from './fixtures';

/**
 * The built page carries its Content-Security-Policy (svelte.config.js, kit.csp) and it holds:
 * script injected into the page does not run, whatever the way in, and each attempt is reported
 * as a violation. (Every other spec fails on any violation: the app itself never needs one.)
 * This spec opens its own context so that it can expect the violations it provokes.
 */
test('the page has its CSP, and inline script, inline handlers, eval and other origins are refused', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const guard = await guardContext(context, new URL(baseURL!).origin);
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");

  const ran = await page.evaluate(async () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.appendChild(s);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__handler = 1" onload="window.__handler = 1">';
    document.body.appendChild(div);
    let evaled = false;
    try {
      (0, eval)('1');
      evaled = true;
    } catch {
      // refused: no 'unsafe-eval'
    }
    const remote = document.createElement('script');
    remote.src = 'https://example.invalid/x.js';
    document.head.appendChild(remote);
    await new Promise((r) => setTimeout(r, 500));
    return { inline: g.__inline ?? null, handler: g.__handler ?? null, evaled };
  });
  expect(ran).toEqual({ inline: null, handler: null, evaled: false });
  await expect.poll(() => guard.violations.length).toBeGreaterThanOrEqual(3);
  expect(guard.violations.join('\n')).toMatch(/script-src/);
  // The page still works under the policy: the engine answered above, the worker and wasm loaded.
  await context.close();
});
