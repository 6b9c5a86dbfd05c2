import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Row } from '../../src/lib/engine/engine';
import { SpecError } from '../../src/lib/schema/errors';
import { parseState, type ResolvedState } from '../../src/lib/schema/parse';
import { Session } from '../../src/lib/session/session';
import { Fragment } from '../../src/lib/sql/quote';
import { decodeState, encodeState, specsOf, type DashboardState } from '../../src/lib/state/url-codec';
import { EngineLender } from '../cli/lent-engine';
import { rng } from '../support/rng';
import { randomDashboard } from './random-dashboard';
import { SAMPLE_FILE, sampleValues } from './sample-values';

/**
 * Hostile links: seeded fragments of every kind a link can be broken or weaponised — random text
 * and bytes (broken `%` escapes included), valid links cut short, 10 MB payloads and packed bombs,
 * deep nesting, wrong types, `__proto__` keys, SQL, HTML and right-to-left text in every string,
 * and valid-looking links naming columns the data does not have — through the link decoder
 * (decodeState → parseState), and each one that decodes through the page's and the command line's
 * Session on a small data set (build, then every panel). Every outcome must be a result or a
 * SpecError whose message names the field ("panels[0].steps[1]: …", "link: …"), never another
 * error; and the engine's query entry (spied) only ever receives Fragments from the quoting
 * builder in which no text of the link appears outside a quoted literal or identifier.
 *
 * LINK_CASES sets the number of fragments (default 2000; `LINK_CASES=10000` for the long run),
 * LINK_SEED the first seed.
 */
const CASES = Number(process.env.LINK_CASES ?? 2000);
const FIRST_SEED = Number(process.env.LINK_SEED ?? 1);

/** Every payload carries this marker, so the spy can find the link's text in a statement. */
const MARK = 'zq9x';
const PAYLOADS = [
  `${MARK}'; DROP TABLE events; --`,
  `${MARK}" OR 1=1; --`,
  `${MARK}\\'); SELECT * FROM duckdb_settings(); --`,
  `<img src=x onerror="window.__pwned=1">${MARK}`,
  `<svg onload=alert(1)>${MARK}</svg>`,
  `javascript:alert('${MARK}')`,
  `\u202E${MARK}\u202Cevil\u200F`,
  `${MARK}$$; COPY events TO '/import/x.csv'; $$`,
  `${MARK}\n/* */ UNION SELECT 1 --`,
  `=HYPERLINK("http://x","${MARK}")`,
  `${MARK}%27%22%3C`,
  `${MARK}${'é'.repeat(50)}`
];

const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[int(r, xs.length)];

/** deflate-raw + base64url of any text: a link made by hand, not by encodeState (which checks). */
async function pack(json: string): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return 'v1.' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Every string leaf of `x` replaced (each with probability `p`) by `f(old)`. */
function mapStrings(x: unknown, r: () => number, p: number, f: (s: string) => unknown): unknown {
  if (typeof x === 'string') return r() < p ? f(x) : x;
  if (Array.isArray(x)) return x.map((v) => mapStrings(v, r, p, f));
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapStrings(v, r, p, f)]));
  return x;
}

/** Each string leaf of `x` replaced by `f(old)` where the state still passes the strict check. */
function stillValid(x: unknown, f: (s: string) => string): unknown {
  let out = x;
  for (const p of paths(x)) {
    const old = getAt(out, p);
    if (typeof old !== 'string') continue;
    const next = setAt(out, p, f(old));
    try {
      parseState(structuredClone(next));
      out = next;
    } catch {
      // This string is an enum, a kind or a rule's anchor: it stays.
    }
  }
  return out;
}

/** Paths of every leaf and inner node of `x`, for wrong types and `__proto__` keys. */
function paths(x: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(x)) x.forEach((v, i) => paths(v, [...at, i], out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) paths(v, [...at, k], out);
  return out;
}

function setAt(x: unknown, path: (string | number)[], v: unknown): unknown {
  if (path.length === 0) return v;
  const copy = (Array.isArray(x) ? [...x] : { ...(x as object) }) as Record<string | number, unknown>;
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), v);
  return copy;
}

const WRONG = [null, 0, -1, 1e308, -1e308, 1.5, 'x', '', true, [], {}, [[[]]], { v: 1 }, '1e9', 2 ** 53 + 1, 'NaN', '__proto__'];

/** The big packed fragments are made once: packing 20 MB per case would dominate the suite. */
const packed = new Map<string, Promise<string>>();
function packedOnce(key: string, json: () => string): Promise<string> {
  if (!packed.has(key)) packed.set(key, pack(json()));
  return packed.get(key)!;
}

export interface LinkCase {
  seed: number;
  kind: string;
  fragment: string;
}

/** Case `seed`: one of the kinds of hostile fragment, built on a valid random dashboard. */
async function makeLink(seed: number, sample: ReturnType<typeof sampleValues>): Promise<LinkCase> {
  const r = rng(seed);
  const valid = randomDashboard(seed, sample) as DashboardState;
  const kind = pick(r, ['bytes', 'percent', 'truncated', 'huge', 'bomb', 'deep', 'wrongType', 'proto', 'payload', 'payload', 'payload', 'columns', 'columns']);
  const json = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  switch (kind) {
    case 'bytes': {
      const n = int(r, 400);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, r() < 0.8 ? 128 : 0x10000));
      return { seed, kind, fragment: (r() < 0.5 ? 'v1.' : '') + s };
    }
    case 'percent': {
      // Broken and hostile % escapes (the page's router once threw URIError on these).
      const bits = ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '%00', '%25', '%2', '%FF%FE', '%F0%9F%98'];
      let s = 'v1.';
      for (let i = 0, n = 1 + int(r, 10); i < n; i++) s += pick(r, bits) + 'AbC_-'.slice(int(r, 5));
      return { seed, kind, fragment: s };
    }
    case 'truncated': {
      const link = await encodeState(valid);
      return { seed, kind, fragment: link.slice(0, int(r, link.length)) };
    }
    case 'huge':
      // 10 MB: raw, or as a string inside a valid-looking state (refused before or after unpacking).
      return { seed, kind, fragment: r() < 0.5 ? 'v1.' + 'A'.repeat(10_000_000) : await packedOnce('huge', () => JSON.stringify({ v: 1, mapping: {}, panels: [], pad: 'A'.repeat(10_000_000) })) };
    case 'bomb':
      // 20 MB of JSON packed into a few KB.
      return { seed, kind, fragment: await packedOnce('bomb', () => `{"v":1,"mapping":{"columns":{"user":"${'a'.repeat(20_000_000)}"}},"panels":[]}`) };
    case 'deep': {
      const depth = pick(r, [1000, 10_000, 100_000]);
      const open = r() < 0.5 ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      const inner = open.repeat(depth) + '1' + close.repeat(depth);
      return { seed, kind, fragment: await pack(`{"v":1,"mapping":{"columns":{"user":${inner}}},"panels":[]}`) };
    }
    case 'wrongType': {
      const ps = paths(json);
      let x: unknown = json;
      for (let i = 0, n = 1 + int(r, 3); i < n; i++) x = setAt(x, pick(r, ps), pick(r, WRONG));
      return { seed, kind, fragment: await pack(JSON.stringify(x)) };
    }
    case 'proto': {
      const objs = paths(json).filter((p) => {
        let v: unknown = json;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      const target = pick(r, objs);
      const key = pick(r, ['__proto__', 'constructor', 'prototype']);
      // Written into the JSON text: JSON.parse makes "__proto__" an own key, as a hand-made link would.
      const marker = `"${MARK}proto":1`;
      const text = JSON.stringify(setAt(json, target, { ...(getAt(json, target) as object), [MARK + 'proto']: 1 })).replace(marker, `"${key}":{"polluted":"${MARK}","kind":"funnel","v":1}`);
      return { seed, kind, fragment: await pack(text) };
    }
    case 'payload': {
      // Half the cases: a payload in every string that still makes a valid link (names, values,
      // labels, stages), so that the link decodes and the payload reaches the engine; half: anywhere.
      const f = (s: string) => (r() < 0.5 ? pick(r, PAYLOADS) : s + pick(r, PAYLOADS));
      const x = r() < 0.5 ? stillValid(json, f) : mapStrings(json, r, pick(r, [0.2, 0.5, 1]), f);
      return { seed, kind, fragment: await pack(JSON.stringify(x)) };
    }
    default: {
      // Valid-looking: the columns the link names exist in no file (only strings that keep it valid).
      const x = stillValid(json, (s) => (/^[a-z_]+$/.test(s) && s.length > 2 && r() < 0.6 ? `${s}_${MARK}` : s));
      return { seed, kind, fragment: await pack(JSON.stringify(x)) };
    }
  }
}

function getAt(x: unknown, path: (string | number)[]): unknown {
  let v = x;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** The statement's text with every quoted literal ('…') and identifier ("…") taken out. */
export function outsideQuotes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const q = text[i];
    if (q !== "'" && q !== '"') {
      out += q;
      continue;
    }
    // Skip to the closing quote; a doubled quote is part of the text.
    for (i++; i < text.length; i++) {
      if (text[i] === q) {
        if (text[i + 1] === q) i++;
        else break;
      }
    }
    out += ' ';
  }
  return out;
}

/** A SpecError's message names the field: it starts with its path ("panels[0].steps[1]: …"). */
function namesField(e: SpecError): boolean {
  return /^[A-Za-z_][\w.[\]-]*: \S/.test(e.message) && !e.message.includes('\n    at ');
}

interface Tally {
  kinds: Map<string, { decoded: number; refused: number }>;
  ran: number;
  panels: number;
  panelErrors: number;
  statements: number;
  failures: string[];
}

/** The engine with its query entry watched: a Fragment each time, the link's text only in quotes. */
function spied(engine: Engine, t: Tally, current: { c: LinkCase | null }): Engine {
  return {
    ...engine,
    registerFile: (p, s) => engine.registerFile(p, s),
    dropFile: (p) => engine.dropFile(p),
    insertArrowIPC: (a, b) => engine.insertArrowIPC(a, b),
    cancel: () => engine.cancel(),
    reset: () => engine.reset(),
    close: () => engine.close(),
    query: <T extends Row = Row>(stmt: Fragment, signal?: AbortSignal) => {
      t.statements++;
      const c = current.c;
      if (!(stmt instanceof Fragment)) t.failures.push(`seed ${c?.seed} (${c?.kind}): a statement that is not a Fragment: ${String(stmt).slice(0, 200)}`);
      else if (outsideQuotes(stmt.text).includes(MARK)) t.failures.push(`seed ${c?.seed} (${c?.kind}): link text outside quotes: ${stmt.text.slice(0, 300)}`);
      return engine.query<T>(stmt, signal);
    }
  };
}

describe(`hostile links: ${CASES} seeded fragments from seed ${FIRST_SEED}`, () => {
  const lender = new EngineLender();
  const t: Tally = { kinds: new Map(), ran: 0, panels: 0, panelErrors: 0, statements: 0, failures: [] };
  const current: { c: LinkCase | null } = { c: null };
  let session: Session;
  // 300 rows of the sample: every column a random dashboard names exists, and each build is quick.
  const text = readFileSync(SAMPLE_FILE, 'utf8').split('\n').slice(0, 301).join('\n') + '\n';
  const sample = sampleValues(text);
  beforeAll(async () => {
    session = new Session(spied(await lender.borrow(), t, current));
    await session.add([{ name: 'journeys.csv', data: new TextEncoder().encode(text) }]);
  });
  afterAll(async () => {
    await session?.engine.close();
    await lender.close();
  });

  const fail = (c: LinkCase, what: string, e: unknown) =>
    t.failures.push(`seed ${c.seed} (${c.kind}) ${what}: ${(e as Error)?.name}: ${String((e as Error)?.stack ?? e).slice(0, 400)}`);

  async function runCase(c: LinkCase): Promise<void> {
    current.c = c;
    const k = t.kinds.get(c.kind) ?? { decoded: 0, refused: 0 };
    t.kinds.set(c.kind, k);
    let state: ResolvedState;
    try {
      state = await decodeState(c.fragment);
      k.decoded++;
    } catch (e) {
      k.refused++;
      if (!(e instanceof SpecError)) return void fail(c, 'decoding threw', e);
      if (!namesField(e)) fail(c, 'decoding: a message without its field', e);
      return;
    }
    // The decoded object is plain: no prototype was set from the link.
    if (({} as Record<string, unknown>).polluted !== undefined || Object.getPrototypeOf(state) !== Object.prototype) fail(c, 'prototype polluted', new Error(''));
    t.ran++;
    try {
      await session.build(state.mapping);
    } catch (e) {
      if (!(e instanceof SpecError)) return void fail(c, 'the build threw', e);
      if (!namesField(e)) fail(c, 'the build: a message without its field', e);
      return;
    }
    for (const spec of specsOf(state)) {
      t.panels++;
      try {
        await session.run(spec);
      } catch (e) {
        t.panelErrors++;
        if (!(e instanceof SpecError)) fail(c, `panel ${spec.analysis.kind} threw`, e);
        else if (!namesField(e)) fail(c, `panel ${spec.analysis.kind}: a message without its field`, e);
      }
    }
  }

  const CHUNK = 500;
  for (let from = 0; from < CASES; from += CHUNK) {
    const to = Math.min(CASES, from + CHUNK);
    it(`fragments ${from + 1}–${to}: a dashboard or a message naming the field; only builder SQL, the link's text in quotes`, { timeout: 600_000 }, async () => {
      const before = t.failures.length;
      for (let i = from; i < to; i++) await runCase(await makeLink(FIRST_SEED + i, sample));
      expect(t.failures.slice(before).slice(0, 15)).toEqual([]);
    });
  }

  it('the fragments reach every kind, both outcomes, and the engine (a suite that never decodes a link checks no SQL)', () => {
    console.info(
      `hostile links: ${[...t.kinds].map(([k, v]) => `${k} ${v.decoded}/${v.decoded + v.refused}`).join(', ')}; ` +
        `${t.ran} built, ${t.panels} panels (${t.panelErrors} refused), ${t.statements} statements watched`
    );
    expect([...t.kinds.values()].reduce((s, v) => s + v.decoded + v.refused, 0)).toBe(CASES);
    if (CASES >= 1000) {
      expect(t.kinds.size).toBe(10);
      expect(t.kinds.get('payload')!.decoded).toBeGreaterThan(20);
      expect(t.panels - t.panelErrors).toBeGreaterThan(50);
      expect(t.statements).toBeGreaterThan(1000);
    }
  });
});
