// Writes tests/fixtures/golden-links/<set>/<name>.link: each dashboard of a set in
// tests/fixtures/golden-links/dashboards.ts through today's codec. Run once when a set is added
// (`npx tsx scripts/golden-links.ts MAIN_2026_12`); never again for an old set, whose links stay
// as the codec of their time wrote them (tests/state/golden-links.test.ts).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import * as sets from '../tests/fixtures/golden-links/dashboards';
import { encodeState } from '../src/lib/state/url-codec';

const name = process.argv[2] as keyof typeof sets;
const set = sets[name] as Record<string, Parameters<typeof encodeState>[0]> | undefined;
if (!set) throw new Error(`no set ${name} in dashboards.ts`);
const dir = `tests/fixtures/golden-links/${name}`;
mkdirSync(dir, { recursive: true });
for (const [file, state] of Object.entries(set)) {
  const out = `${dir}/${file}.link`;
  if (existsSync(out)) throw new Error(`${out} exists: golden links are never written again`);
  writeFileSync(out, (await encodeState(state)) + '\n');
}
