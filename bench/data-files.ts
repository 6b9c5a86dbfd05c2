import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedFrom } from '../sample-data/prng';
import { writeSample } from '../sample-data/write-sample';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(BENCH_DIR, 'data');

/** `1m` → 1,000,000; `100k` → 100,000; plain numbers as they are. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`not an event count: ${s} (e.g. 100k, 1m, 10m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
}

export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

/**
 * The seeded journeys file of `events` rows (seed 42) in `dir`, written by the sample-data
 * generator if it is not there yet (byte-identical for the same count, so it is reused).
 */
export function journeysFile(events: number, dir = DATA_DIR): { path: string; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const p = path.join(dir, `journeys-${sizeLabel(events).toLowerCase()}.csv`);
  if (!existsSync(p)) {
    const tmp = p + '.part';
    writeSample({ events, seed: seedFrom('42'), out: tmp });
    // Renamed only when complete: an interrupted run never leaves a short file behind.
    renameSync(tmp, p);
  }
  return { path: p, bytes: statSync(p).size };
}
