import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { dataPath, fixturePath } from '../support/data';
import { mutateGzip, mutateParquet, mutateText, type Rand } from '../support/mutate';

/**
 * What the fuzz suite mutates: every file of the bad-CSV corpus and of fixtures/found, slices of
 * the real exports (a header and a seeded run of lines), and small Parquet files made from the
 * real Online Retail export and a CSV slice. Everything is read once per test file.
 */
export interface Seed {
  name: string;
  data: Uint8Array;
}

const SKIP = new Set(['expected.json', 'EXPECTED.md', 'generate.py', 'probe-duckdb-wasm.cjs', 'README.md']);

function dirFiles(dir: string | undefined): Seed[] {
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => !SKIP.has(f))
    .sort()
    .map((f) => ({ name: f, data: new Uint8Array(readFileSync(path.join(dir, f))) }));
}

/** The real exports that are text, by their path under the data folder. */
const REAL_TEXT = [
  ['cdnow', 'cdnow_master.csv'],
  ['cdnow', 'CDNOW_master.txt'],
  ['hillstrom-email', 'hillstrom.csv'],
  ['olist-marketing-funnel', 'olist_closed_deals_dataset.csv'],
  ['olist-marketing-funnel', 'olist_marketing_qualified_leads_dataset.csv']
];

export interface Corpus {
  files: Seed[];
  /** Real exports as lines (header first), sliced per case. */
  real: { name: string; lines: Uint8Array[]; header: boolean }[];
  parquet: Seed[];
}

function lines(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (let i = b.indexOf(0x0a); i >= 0 && out.length < 20_000; i = b.indexOf(0x0a, i + 1)) {
    out.push(b.subarray(from, i + 1));
    from = i + 1;
  }
  return out;
}

export async function loadCorpus(): Promise<Corpus> {
  const files = [...dirFiles(fixturePath('bad-csv')), ...dirFiles(fixturePath('found'))];
  const real = REAL_TEXT.flatMap(([dir, file]) => {
    const p = dataPath(dir, file);
    // CDNOW_master.txt has no header: its slices are taken from anywhere.
    return p ? [{ name: file, lines: lines(new Uint8Array(readFileSync(p))), header: !file.endsWith('.txt') }] : [];
  });
  const parquet: Seed[] = [];
  const pq = (await import(/* @vite-ignore */ 'parquet-wasm/node')) as typeof import('parquet-wasm/node');
  const retail = dataPath('online-retail-ii', 'online_retail_ii_2009_2010.parquet');
  if (retail) {
    // 200 rows of the real file, written again as a small Parquet file.
    const all = tableFromIPC(pq.readParquet(new Uint8Array(readFileSync(retail))).intoIPCStream());
    const small = tableToIPC(all.slice(0, 200), 'stream');
    parquet.push({ name: 'online_retail_200.parquet', data: pq.writeParquet(pq.Table.fromIPCStream(small)) });
  }
  return { files, real, parquet };
}

export interface Case {
  seed: number;
  name: string;
  data: Uint8Array;
  how: string;
}

const int = (r: Rand, n: number) => Math.floor(r() * n);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A header and 1–60 consecutive lines of a real export. */
function realSlice(c: Corpus['real'][number], r: Rand): Uint8Array {
  const n = 1 + int(r, 60);
  const start = (c.header ? 1 : 0) + int(r, Math.max(1, c.lines.length - n - 1));
  return concat([...(c.header ? [c.lines[0]] : []), ...c.lines.slice(start, start + n)]);
}

/**
 * Case `seed`: a source chosen by the seed, mutated 1–3 times; about one case in ten is gzipped
 * (then maybe damaged), about one in fifteen a damaged Parquet file.
 */
export function makeCase(corpus: Corpus, seed: number, r: Rand): Case {
  const roll = r();
  if (roll < 0.07 && corpus.parquet.length) {
    const src = corpus.parquet[int(r, corpus.parquet.length)];
    const m = mutateParquet(src.data, r);
    return { seed, name: src.name, data: m.data, how: `${src.name}: ${m.how}` };
  }
  const fromReal = corpus.real.length > 0 && r() < 0.35;
  let name: string;
  let text: Uint8Array;
  if (fromReal) {
    const src = corpus.real[int(r, corpus.real.length)];
    name = src.name;
    text = realSlice(src, r);
  } else {
    const src = corpus.files[int(r, corpus.files.length)];
    name = src.name;
    text = src.data;
  }
  const m = mutateText(text, r);
  if (roll > 0.9) {
    const g = mutateGzip(m.data, r);
    return { seed, name: name + '.gz', data: g.data, how: `${name}: ${m.how}, ${g.how}` };
  }
  return { seed, name, data: m.data, how: `${name}: ${m.how}` };
}
