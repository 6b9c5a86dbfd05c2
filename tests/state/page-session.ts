import type { Engine } from '../../src/lib/engine/engine';
import { AppState } from '../../src/lib/state/app-state.svelte';

/** One panel's outcome as a person would see it: the result's JSON, or the error message. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The page opened at `link` with `files` dropped: the page's own AppState (the same class the
 * route constructs, minus the router), on `engine`. Returns each panel's outcome once every
 * panel has run, and the page's error line (a link that does not fit, a build that failed).
 * The engine is closed at the end (a lent engine is handed back clean).
 */
export async function openPage(link: string, files: { name: string; data: Uint8Array }[], engine: () => Promise<Engine>): Promise<{ error: string | null; panels: number; outcomes: Outcome[] }> {
  const app = new AppState(engine, { read: () => link, write: () => undefined });
  try {
    await app.addFiles(files);
    if (app.running.some((r) => r)) throw new Error('addFiles returned while panels were still running');
    const outcomes = app.panels.map((_, i): Outcome => {
      const r = app.results[i];
      if (!r) return { ok: false, error: '(no result)' };
      return r.ok ? { ok: true, value: JSON.parse(JSON.stringify(r.value)) } : { ok: false, error: r.error };
    });
    return { error: app.error, panels: app.panels.length, outcomes };
  } finally {
    await app.session?.engine.close();
  }
}
