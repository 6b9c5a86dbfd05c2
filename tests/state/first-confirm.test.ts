import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { NodeEngine } from '../../src/lib/engine/node';
import type { Fragment } from '../../src/lib/sql/quote';
import { AppState } from '../../src/lib/state/app-state.svelte';

/**
 * A first confirm guesses the stages from the built events' names: the events must be built once
 * (one CREATE TABLE events), the guessed stages written by one UPDATE of the stage column, not by a
 * second build over the files.
 */
test('a first confirm builds the events once and writes the guessed stages in place', async () => {
  const text = readFileSync(new URL('../../sample-data/journeys.csv', import.meta.url), 'utf8').split('\n').slice(0, 400).join('\n') + '\n';
  const seen: string[] = [];
  const app = new AppState(async () => {
    const engine = await NodeEngine.create();
    const counting = Object.create(engine) as Engine;
    counting.query = (stmt: Fragment, signal?: AbortSignal) => {
      seen.push(stmt.text.trim());
      return engine.query(stmt, signal);
    };
    return counting;
  });
  try {
    await app.addFiles([{ name: 'journeys.csv', data: new TextEncoder().encode(text) }]);
    expect(app.phase).toBe('mapping');
    const fromConfirm = seen.length;
    await app.confirm();
    expect(app.error).toBeNull();
    expect(app.phase).toBe('dashboard');
    expect(app.stages.length).toBeGreaterThan(0);
    const confirm = seen.slice(fromConfirm);
    expect(confirm.filter((s) => /^CREATE (OR REPLACE )?TABLE events\b/i.test(s))).toHaveLength(1);
    expect(confirm.filter((s) => /^UPDATE events SET stage\b/i.test(s))).toHaveLength(1);
    expect(confirm.filter((s) => /read_csv\(/i.test(s))).toHaveLength(0);
  } finally {
    await app.session?.engine.close();
  }
});
