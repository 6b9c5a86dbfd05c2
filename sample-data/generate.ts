/**
 * Writes the seeded sample export and the numbers it must give.
 *
 *   tsx sample-data/generate.ts [--events N] [--seed S] [--out FILE] [--expected FILE]
 *
 * Defaults: 50,000 events, seed 42, sample-data/journeys.csv and sample-data/expected.json. With
 * --out and no --expected, no expected file is written (benchmark files need none).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedFrom } from './prng';
import { writeSample } from './write-sample';

const here = path.dirname(fileURLToPath(import.meta.url));

function main(argv: string[]): void {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!['--events', '--seed', '--out', '--expected'].includes(key) || value === undefined) {
      throw new Error(`usage: tsx sample-data/generate.ts [--events N] [--seed S] [--out FILE] [--expected FILE] (bad argument: ${key})`);
    }
    args.set(key, value);
  }
  const events = Number((args.get('--events') ?? '50000').replace(/_/g, ''));
  if (!Number.isInteger(events) || events < 1) throw new Error(`--events must be a positive integer, got ${args.get('--events')}`);
  const seed = seedFrom(args.get('--seed') ?? '42');
  const out = args.get('--out') ?? path.join(here, 'journeys.csv');
  const expected = args.get('--expected') ?? (args.has('--out') ? undefined : path.join(here, 'expected.json'));
  const started = performance.now();
  const record = writeSample({ events, seed, out, expected }) as { rows: number; users: number };
  const secs = (performance.now() - started) / 1000;
  console.error(
    `wrote ${record.rows} rows for ${record.users} users to ${out} in ${secs.toFixed(1)} s` +
      (expected ? `; expected numbers in ${expected}` : '')
  );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
