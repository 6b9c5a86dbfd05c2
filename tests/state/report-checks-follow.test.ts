import { expect, test } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { AppState } from '../../src/lib/state/app-state.svelte';

/**
 * The page's report checks (repeated lines, time problems) are not part of its import: the file
 * shows "running", a confirm made at once builds the journey, and the file's report is then
 * completed with what the checks found (docs/STARTUP.md). The command line's files (no AppState)
 * are complete at once: tests/ingest/deferred-checks.test.ts.
 */
test('the page shows its files before their row checks, then completes their report', async () => {
  // Line 3 repeats line 2; one date lies in the future.
  const csv = 'user,time,event\nu1,2024-01-01 10:00:00,view\nu1,2024-01-01 10:00:00,view\nu2,2999-01-01 10:00:00,buy\nu3,2024-01-02 10:00:00,view\n';
  const app = new AppState(() => NodeEngine.create());
  try {
    await app.addFiles([{ name: 'hand.csv', data: new TextEncoder().encode(csv) }]);
    expect(app.phase).toBe('mapping');
    expect(app.files[0].checks).toEqual({ running: true });
    expect(app.files[0].warnings.map((w) => w.code)).toEqual([]);
    await app.confirm();
    expect(app.error).toBeNull();
    expect(app.phase).toBe('dashboard');
    // The checks follow; the file's report then holds their warnings, counted as found.
    for (let i = 0; i < 200 && app.files[0].checks?.running; i++) await new Promise((r) => setTimeout(r, 50));
    expect(app.files[0].checks).toEqual({ running: false, found: 2 });
    expect(app.files[0].warnings.map((w) => w.code)).toEqual(['future_dates', 'duplicate_rows']);
  } finally {
    await app.session?.engine.close();
  }
});

test('a page made with deferChecks false reads its files complete', async () => {
  const csv = 'user,time,event\nu1,2024-01-01 10:00:00,view\nu1,2024-01-01 10:00:00,view\n';
  const app = new AppState(() => NodeEngine.create(), undefined, { deferChecks: false });
  try {
    await app.addFiles([{ name: 'hand.csv', data: new TextEncoder().encode(csv) }]);
    expect(app.files[0].checks).toBeUndefined();
    expect(app.files[0].warnings.map((w) => w.code)).toEqual(['duplicate_rows']);
  } finally {
    await app.session?.engine.close();
  }
});
