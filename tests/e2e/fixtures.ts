import { test as base, expect, type BrowserContext } from '@playwright/test';

/**
 * Every e2e test runs through these guards (import `test` and `expect` from here, not from
 * '@playwright/test'): the page must never ask another host for anything, and the
 * Content-Security-Policy must never have to block something the app itself does. A context a test
 * opens itself gets the same guards with `guardContext`.
 */
export interface Guard {
  /** Requests to another origin (aborted, so nothing leaves the machine). */
  offOrigin: string[];
  /** CSP violations reported by any page of the context: directive and blocked URI. */
  violations: string[];
}

export async function guardContext(context: BrowserContext, origin: string): Promise<Guard> {
  const guard: Guard = { offOrigin: [], violations: [] };
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && url.origin !== origin,
    (route) => {
      guard.offOrigin.push(route.request().url());
      return route.abort();
    }
  );
  await context.exposeBinding('__reportCspViolation', (_source, v: string) => void guard.violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return guard;
}

export function expectClean(guard: Guard): void {
  expect(guard.offOrigin, 'requests to another origin').toEqual([]);
  expect(guard.violations, 'Content-Security-Policy violations').toEqual([]);
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ context, baseURL }, use) => {
      const guard = await guardContext(context, new URL(baseURL!).origin);
      await use(guard);
      expectClean(guard);
    },
    { auto: true }
  ]
});

export { expect };
export type { Page, Locator, BrowserContext, Download } from '@playwright/test';
