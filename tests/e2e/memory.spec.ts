import { closeSync, openSync, ftruncateSync, mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

// Files and analyses too big for DuckDB-WASM's memory (3.1 GiB in the page, nothing spills).

test('a CSV too big for the engine is refused at once with a clear message; the page stays usable', async ({ page }) => {
  // 1.2 GB: 2 MB of real CSV rows, then a sparse tail (no disk used). Refused by its size before
  // any of it is read, so the tail is never looked at.
  const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-big-'));
  const file = path.join(dir, 'huge-export.csv');
  const fd = openSync(file, 'w');
  const rows = ['user_id,event_time,event'];
  for (let i = 0; i < 50_000; i++) rows.push(`u${i % 977},2024-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,site_visit`);
  writeSync(fd, rows.join('\n') + '\n');
  ftruncateSync(fd, 1.2e9);
  closeSync(fd);
  try {
    await page.goto('/');
    await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('file-input').setInputFiles(file);
    const error = page.getByTestId('error');
    // The size rule's message ("… of text needs …"): refused before any of it was read.
    await expect(error).toContainText('huge-export.csv is too big for this browser tab: 1.1 GiB of text needs at least 3.9 GiB of memory in the analysis engine, which may use 3.1 GiB here');
    await expect(error).toContainText('Load a shorter period or fewer columns');
    // Back on the drop zone, and the engine works.
    await page.getByRole('button', { name: 'Try the sample data' }).click();
    await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('kpi-users')).toContainText('9,858');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('DuckDB out of memory in an analysis: the panel says so, the engine is rebuilt, the dashboard keeps working', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 60_000 });
  const before = await page.getByTestId('overview').getByTestId('funnel-step-users-1').getAttribute('data-value');

  // The next statement the page sends really runs DuckDB-WASM out of memory (a 6.4 GB table
  // against its 3.1 GiB): the worker's engine reports "Out of Memory Error" and is marked dead.
  await page.evaluate(() => {
    type Stmt = { text: string };
    const g = globalThis as unknown as { __journeyscope: { session: { engine: { query: (s: Stmt, sig?: AbortSignal) => Promise<unknown> } } }; __journeyscopeRaw: (t: string) => Stmt };
    const engine = g.__journeyscope.session.engine;
    const query = engine.query.bind(engine);
    let armed = true;
    engine.query = (s: Stmt, sig?: AbortSignal) => {
      if (!armed) return query(s, sig);
      armed = false;
      return query(g.__journeyscopeRaw('CREATE OR REPLACE TEMP TABLE __oom AS SELECT hash(range) AS a, hash(range + 1) AS b FROM range(400000000)'), sig);
    };
  });
  await page.getByRole('button', { name: '+ Funnel' }).click();
  const panelError = page.getByTestId('panel-1').getByTestId('panel-error');
  await expect(panelError).toContainText('Not enough memory: this funnel analysis needs more than the analysis engine in this browser tab may use (3.1 GiB)', { timeout: 90_000 });
  await expect(panelError).toContainText('The engine is usable again');
  // Rebuilt: the overview's numbers are the same, another analysis runs.
  await expect(page.getByTestId('error')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('overview').getByTestId('funnel-step-users-1')).toHaveAttribute('data-value', before!);
  await page.getByRole('button', { name: '+ Funnel' }).click();
  await expect(page.getByTestId('panel-2').getByTestId('funnel-step-users-1')).toBeVisible({ timeout: 90_000 });
});
