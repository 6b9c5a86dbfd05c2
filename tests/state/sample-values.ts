import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The sample data (sample-data/journeys.csv) and the values found in it, so that generated
 * filters, steps and breakdowns name real columns and values. The file has no quoted fields
 * (checked here), so a split on commas reads it.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_FILE = path.join(repoRoot, 'sample-data', 'journeys.csv');

export interface SampleValues {
  /** Distinct event names. */
  events: string[];
  /** Per text column: its distinct non-empty values. */
  text: Record<string, string[]>;
  /** Per numeric column: its distinct values. */
  numbers: Record<string, number[]>;
  /** First and last day of the data (UTC, YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
}

const TEXT_COLUMNS = ['event', 'channel', 'campaign', 'device'];
const NUMBER_COLUMNS = ['revenue', 'score'];

export function sampleValues(text: string = readFileSync(SAMPLE_FILE, 'utf8')): SampleValues {
  if (text.includes('"')) throw new Error('the sample now has quoted fields: read it with a CSV parser');
  const [head, ...lines] = text.trim().split('\n');
  const names = head.split(',');
  const col = (c: string) => names.indexOf(c);
  const sets: Record<string, Set<string>> = Object.fromEntries([...TEXT_COLUMNS, ...NUMBER_COLUMNS, 'event_time'].map((c) => [c, new Set<string>()]));
  let first = '9999';
  let last = '0000';
  for (const line of lines) {
    const cells = line.split(',');
    for (const c of [...TEXT_COLUMNS, ...NUMBER_COLUMNS]) if (cells[col(c)] !== '') sets[c].add(cells[col(c)]);
    const t = cells[col('event_time')];
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    events: sorted(sets.event),
    text: Object.fromEntries(TEXT_COLUMNS.map((c) => [c, sorted(sets[c])])),
    numbers: Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, sorted(sets[c]).map(Number)])),
    firstDay: first.slice(0, 10),
    lastDay: last.slice(0, 10)
  };
}
