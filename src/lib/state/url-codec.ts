import { SpecError } from '../schema/errors';
import { parseState, type ResolvedState } from '../schema/parse';
import { compact } from '../schema/schema-nodes';
import { stateSchema, viewSchema, type linkFileSchema } from '../schema/schema';
import type { Input } from '../schema/schema-nodes';
import type { Analysis, Mapping, PanelScope, PanelView, Spec } from '../schema/types';
import { isPlainScope, scopedMapping } from './panel-scope';

/**
 * The whole dashboard in the URL fragment: `v1.` + base64url(deflate-raw(JSON)), defaults left
 * out (STYLE.md 7). The fragment never reaches a server, and it carries a spec, never SQL.
 * Pure TS on web streams: runs in the browser and in Node ≥ 20 (the CLI's `--state`).
 * What the link may hold, and its defaults, are the schema's (src/lib/schema/schema.ts).
 */

/** A dashboard as the page holds it (defaults may be left out or filled in). */
export interface DashboardState {
  v: 1;
  /** The dashboard's own title; omitted means the default. */
  title?: string;
  mapping: Mapping;
  panels: Analysis[];
  /** Index (0-based) of the panel in view; omitted means 0. */
  active?: number;
  /** How each panel is shown (same order as `panels`); omitted or shorter means default views. */
  views?: PanelView[];
  /** Each panel's own filters and range (same order as `panels`); omitted or shorter means none. */
  scopes?: PanelScope[];
  /** The dashboard compares its range with the previous period (page only); omitted means off. */
  compare?: 'previous_period';
  /** The files the dashboard was made from and the columns it reads (state/link-files.ts). */
  files?: Input<typeof linkFileSchema>[];
}

const PREFIX = 'v1.';
/**
 * Bounds on what a link may make us inflate, so a hostile link cannot exhaust memory. Generous:
 * a data set with thousands of event names mapped to stages still round-trips (Chromium takes
 * URLs up to 2 MB).
 */
const MAX_FRAGMENT = 2_000_000;
const MAX_JSON = 8_000_000;

const isDefaultView = (v: PanelView) => Object.keys(compact(viewSchema, v) as object).length === 0;

/** The state as it travels: checked, every schema default and empty list left out. */
export function compactState(state: DashboardState): DashboardState {
  const out = compact(stateSchema, parseState(state)) as DashboardState;
  out.mapping ??= {};
  out.panels ??= [];
  // Trailing default views say nothing.
  const views = (out.views ?? []).slice();
  while (views.length && isDefaultView(views[views.length - 1])) views.pop();
  if (views.length) out.views = views;
  else delete out.views;
  // Trailing scopes that change nothing say nothing either.
  const scopes = (out.scopes ?? []).slice();
  while (scopes.length && isPlainScope(scopes[scopes.length - 1])) scopes.pop();
  if (scopes.length) out.scopes = scopes;
  else delete out.scopes;
  return out;
}

async function pipe(bytes: Uint8Array, stream: GenerateTransformStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new SpecError(`link: the state is larger than ${limit} bytes once unpacked; refusing it`, 'link');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.length));
  return out;
}
type GenerateTransformStream = ReadableWritablePair<Uint8Array, Uint8Array>;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SpecError('link: the state is damaged (characters outside base64url); was the link copied whole?', 'link');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new SpecError('link: the state is damaged (not valid base64url); was the link copied whole?', 'link');
  }
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export async function encodeState(state: DashboardState): Promise<string> {
  const json = JSON.stringify(compactState(state));
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw') as GenerateTransformStream);
  return PREFIX + toBase64Url(packed);
}

/** The fragment text out of a full link, `#…`, or the bare text (whitespace from copying trimmed). */
export function fragmentOf(input: string): string {
  const s = input.trim();
  const hash = s.indexOf('#');
  const frag = hash >= 0 ? s.slice(hash + 1) : s;
  // Tolerate a percent-encoded fragment (some chat apps re-encode links).
  try {
    return decodeURIComponent(frag);
  } catch {
    return frag;
  }
}

/** The dashboard of a link, checked strictly, every default filled in. */
export async function decodeState(fragmentOrLink: string): Promise<ResolvedState> {
  const frag = fragmentOf(fragmentOrLink);
  if (frag === '') throw new SpecError('link: it holds no dashboard state (nothing after "#")', 'link');
  if (frag.length > MAX_FRAGMENT) throw new SpecError(`link: the state is too long (${frag.length} characters)`, 'link');
  const m = /^v(\d+)\./.exec(frag);
  if (!m) throw new SpecError('link: not a Journeyscope state (it should start with "v1.")', 'link');
  if (m[0] !== PREFIX) throw new SpecError(`link: state version ${m[1]} was made by a newer Journeyscope; this one reads version 1`, 'link');
  const packed = fromBase64Url(frag.slice(PREFIX.length));
  let json: string;
  try {
    const bytes = await pipe(packed, new DecompressionStream('deflate-raw') as GenerateTransformStream, MAX_JSON);
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError('link: the state is damaged (it does not unpack); was the link cut short?', 'link');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new SpecError('link: the state is damaged (not valid JSON inside)', 'link');
  }
  return parseState(value);
}

/**
 * One full Spec per panel: the shared mapping fields with that panel's own filters and range
 * (panel-scope.ts), plus its analysis.
 */
export function specsOf(state: DashboardState): Spec[] {
  return state.panels.map((analysis, i) => ({
    version: 1,
    ...structuredClone(scopedMapping(state.mapping, state.scopes?.[i])),
    analysis: structuredClone(analysis)
  }));
}

/**
 * The Spec of panel `n`, counted from 1 as people count (CLI `--panel N`; default the first).
 * Throws a SpecError naming `panel` when there is no such panel.
 */
export function panelSpec(state: DashboardState, n = 1): Spec {
  const specs = specsOf(state);
  if (specs.length === 0) throw new SpecError('panel: the link holds no panels', 'panel');
  if (!Number.isInteger(n) || n < 1 || n > specs.length) {
    throw new SpecError(`panel: ${n} is not a panel of this link; it has panels 1 to ${specs.length}`, 'panel');
  }
  return specs[n - 1];
}
