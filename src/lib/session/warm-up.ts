import { guessStages } from '../ingest/stages';
import { raw } from '../sql/quote';
import type { Mapping } from '../schema/types';
import { dropImport, type Session } from './session';

const WARM_UP_FILE = 'warm-up.csv';

/**
 * A tiny journey (a few users, every stage, revenue) that the warm-up runs through the app's own
 * path. Written here rather than fetched: the warm-up must not touch the network.
 */
export function warmUpCsv(users = 40): Uint8Array {
  const steps = ['ad_impression', 'site_visit', 'product_view', 'add_to_cart', 'purchase', 'review'];
  const lines = ['user_id,event_time,event,channel,revenue'];
  for (let u = 0; u < users; u++) {
    // User u goes u % steps.length + 1 steps deep, a minute apart, from a day of its own.
    for (let s = 0; s <= u % steps.length; s++) {
      const day = String(1 + (u % 28)).padStart(2, '0');
      const minute = String(s).padStart(2, '0');
      const revenue = steps[s] === 'purchase' ? String(10 + u) : '';
      lines.push(`u${u},2024-03-${day}T10:${minute}:00Z,${steps[s]},${u % 2 ? 'search' : 'social'},${revenue}`);
    }
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/**
 * Runs a tiny file through import → guess → build → overview → stage funnel on a throwaway
 * session, then removes everything it made. Why: the browser compiles DuckDB's wasm lazily, one
 * function on its first call, and on a fresh page the first file's import and first chart paid for
 * compiling the CSV reader, the time detection, the build and the funnel (measured: a 1 MB CSV
 * took 3–5 s from drop to chart on a fresh page, 1.4–2.3 s on a page whose engine had already done
 * it once; bench/README.md, "Fixed costs"). Done while the person picks a file, it costs them
 * nothing; a file dropped meanwhile waits for it (the session awaits it), and the work it waits for
 * is work that file's import would have done anyway.
 */
export async function warmUp(session: Session): Promise<void> {
  const engine = session.engine;
  try {
    const [f] = await session.add([{ name: WARM_UP_FILE, data: warmUpCsv() }]);
    await session.preview(f, 10);
    const g = await session.guessMapping(f);
    const mapping: Mapping = { columns: g.columns, time_format: 'auto' };
    await session.build(mapping);
    const stages = guessStages((await session.eventNames()).map((e) => e.event));
    await session.build({ ...mapping, stages });
    await session.overview();
    await session.run({ version: 1, ...mapping, stages, analysis: { kind: 'stages', window: null } });
  } finally {
    // A fresh session imports into slot 0.
    await dropImport(engine, 0, WARM_UP_FILE).catch(() => undefined);
    await engine.query(raw('DROP TABLE IF EXISTS events')).catch(() => undefined);
  }
}
