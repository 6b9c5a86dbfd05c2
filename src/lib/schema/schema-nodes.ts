import { SpecError } from './errors';

/**
 * A small declarative schema: each node checks a value from a spec file or a link and returns it
 * normalised (defaults filled in), and can be inspected (its options, bounds, defaults), so the
 * types, the validator, the link's default-omission, the UI's option lists and the SQL plans all
 * read one declaration. Hand-written rather than a library because the link codec must walk the
 * schema for defaults and the UI for options, and every message must start with the field's path.
 *
 * Two modes: `strict` (a link: unknown keys are refused, so a typo or a hostile key never reaches
 * the engine) and `lenient` (a spec file: unknown keys are ignored, newer documents may carry more).
 */
export type Mode = 'strict' | 'lenient';

export function fail(path: string, msg: string): never {
  const where = path || 'spec';
  throw new SpecError(`${where}: ${msg}`, where);
}

/** A short, safe rendering of a bad value for a message (long or hostile text is cut). */
export function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  return Array.isArray(x) ? 'a list' : typeof x;
}

const MAX_TEXT = 4000;
const MAX_ITEMS = 100_000;

export interface Node<Out, In = Out> {
  readonly tag: string;
  parse(x: unknown, path: string, mode: Mode): Out;
  /** Phantom: the type a document may hold. */
  readonly _in?: In;
}

export type Infer<N> = N extends Node<infer O, unknown> ? O : never;
export type Input<N> = N extends Node<unknown, infer I> ? I : never;

export interface TextNode extends Node<string> { tag: 'text'; allowEmpty: boolean }
export function text(opts: { allowEmpty?: boolean; pattern?: RegExp; hint?: string } = {}): TextNode {
  return {
    tag: 'text',
    allowEmpty: opts.allowEmpty ?? false,
    parse(x, path) {
      if (typeof x !== 'string') fail(path, `expected text, got ${show(x)}`);
      if (!opts.allowEmpty && x.length === 0) fail(path, 'must not be empty');
      if (x.length > MAX_TEXT) fail(path, `text too long (${x.length} characters)`);
      if (opts.pattern && !opts.pattern.test(x)) fail(path, `expected ${opts.hint ?? 'a different text'}, got ${show(x)}`);
      return x;
    }
  };
}

export interface NumberNode extends Node<number> { tag: 'number'; min: number; max: number; integer: boolean; exclusiveMin: boolean }
/** A finite number within bounds (every number a spec carries is bounded, so none reaches SQL unchecked). */
export function number(min: number, max: number, opts: { integer?: boolean; exclusiveMin?: boolean } = {}): NumberNode {
  const integer = opts.integer ?? false;
  const exclusiveMin = opts.exclusiveMin ?? false;
  return {
    tag: 'number', min, max, integer, exclusiveMin,
    parse(x, path) {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(path, `expected a ${integer ? 'whole ' : ''}number, got ${show(x)}`);
      if (integer && !Number.isInteger(x)) fail(path, `expected a whole number, got ${show(x)}`);
      if (exclusiveMin ? x <= min : x < min) fail(path, `must be ${exclusiveMin ? 'more than' : 'at least'} ${min}, got ${x}`);
      if (x > max) fail(path, `must be at most ${max}, got ${x}`);
      return x;
    }
  };
}
export const int = (min: number, max: number) => number(min, max, { integer: true });

export interface BoolNode extends Node<boolean> { tag: 'bool' }
export function bool(): BoolNode {
  return { tag: 'bool', parse: (x, path) => (typeof x === 'boolean' ? x : fail(path, `expected true or false, got ${show(x)}`)) };
}

export interface EnumNode<T extends string> extends Node<T> { tag: 'enum'; options: readonly T[] }
/** One of a fixed list of texts; `options` is what the UI offers. */
export function oneOf<const T extends string>(options: readonly T[]): EnumNode<T> {
  return {
    tag: 'enum', options,
    parse(x, path) {
      if (typeof x !== 'string' || !(options as readonly string[]).includes(x)) fail(path, `must be one of ${options.join(', ')}; got ${show(x)}`);
      return x as T;
    }
  };
}

export interface LiteralNode<T extends string | number | boolean> extends Node<T> { tag: 'literal'; value: T }
export function literal<const T extends string | number | boolean>(value: T): LiteralNode<T> {
  return { tag: 'literal', value, parse: (x, path) => (x === value ? value : fail(path, `expected ${JSON.stringify(value)}, got ${show(x)}`)) };
}

export interface ListNode<O, I> extends Node<O[], I[]> { tag: 'list'; item: Node<O, I>; min: number; max: number }
export function list<O, I>(item: Node<O, I>, opts: { min?: number; max?: number } = {}): ListNode<O, I> {
  const min = opts.min ?? 0;
  const max = opts.max ?? MAX_ITEMS;
  return {
    tag: 'list', item, min, max,
    parse(x, path, mode) {
      if (!Array.isArray(x)) fail(path, `expected a list, got ${show(x)}`);
      if (x.length < min) fail(path, `needs at least ${min} item${min === 1 ? '' : 's'}`);
      if (x.length > max) fail(path, `at most ${max} items, got ${x.length}`);
      return x.map((v, i) => item.parse(v, `${path}[${i}]`, mode));
    }
  };
}

/** A pair (e.g. `[from, to]`). */
export function pair<O, I>(item: Node<O, I>): Node<[O, O], [I, I]> & { tag: 'list'; item: Node<O, I> } {
  return list(item, { min: 2, max: 2 }) as unknown as Node<[O, O], [I, I]> & { tag: 'list'; item: Node<O, I> };
}

/** An optional field: absent stays absent, or takes `default` (then the link leaves it out when equal). */
export interface Opt<O, I> {
  readonly tag: 'opt';
  readonly node: Node<O, I>;
  readonly hasDefault: boolean;
  readonly default?: O;
}
export function opt<O, I>(node: Node<O, I>): Opt<O, I> {
  return { tag: 'opt', node, hasDefault: false };
}
export function withDefault<O, I>(node: Node<O, I>, value: O): Opt<O, I> & { default: O } {
  return { tag: 'opt', node, hasDefault: true, default: value };
}

/** `null` allowed as a value of its own (e.g. a funnel window of no limit). */
export interface NullableNode<O, I> extends Node<O | null, I | null> { tag: 'nullable'; node: Node<O, I> }
export function nullable<O, I>(node: Node<O, I>): NullableNode<O, I> {
  return { tag: 'nullable', node, parse: (x, path, mode) => (x === null ? null : node.parse(x, path, mode)) };
}

type Field = Node<any, any> | Opt<any, any>;
const isOpt = (f: Field): f is Opt<any, any> => f.tag === 'opt';
export type Shape = Record<string, Field>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptKeys<S extends Shape> = { [K in keyof S]: S[K] extends Opt<any, any> ? K : never }[keyof S];
type DefaultKeys<S extends Shape> = { [K in keyof S]: S[K] extends { default: unknown } ? K : never }[keyof S];
type FieldOut<F> = F extends Opt<infer O, any> ? O : F extends Node<infer O, any> ? O : never;
type FieldIn<F> = F extends Opt<any, infer I> ? I : F extends Node<any, infer I> ? I : never;
/** After parsing: fields with a default are always there. */
export type ObjOut<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, Exclude<OptKeys<S>, DefaultKeys<S>>>]: FieldOut<S[K]> } & { [K in Exclude<OptKeys<S>, DefaultKeys<S>>]?: FieldOut<S[K]> }
>;
/** In a document: every optional field may be left out. */
export type ObjIn<S extends Shape> = Simplify<{ [K in Exclude<keyof S, OptKeys<S>>]: FieldIn<S[K]> } & { [K in OptKeys<S>]?: FieldIn<S[K]> }>;

export interface ObjNode<S extends Shape> extends Node<ObjOut<S>, ObjIn<S>> {
  tag: 'obj';
  shape: S;
}

const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * An object of named fields. `check` sees the parsed object for rules across fields (a funnel's
 * exclusion steps within its steps); it throws through `fail` with the field's path.
 */
export function obj<S extends Shape>(shape: S, check?: (o: ObjOut<S>, path: string) => void): ObjNode<S> {
  return {
    tag: 'obj', shape,
    parse(x, path, mode) {
      if (!isPlain(x)) fail(path, `expected an object, got ${show(x)}`);
      if (mode === 'strict') {
        for (const k of Object.keys(x)) if (!Object.hasOwn(shape, k)) fail(at(path, k), `unknown field (allowed: ${Object.keys(shape).join(', ')})`);
      }
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(shape)) {
        const v = Object.hasOwn(x, k) ? x[k] : undefined;
        if (isOpt(f)) {
          if (v !== undefined) out[k] = f.node.parse(v, at(path, k), mode);
          else if (f.hasDefault) out[k] = structuredClone(f.default);
        } else {
          if (v === undefined) fail(at(path, k), 'is missing');
          out[k] = f.parse(v, at(path, k), mode);
        }
      }
      check?.(out as ObjOut<S>, path);
      return out as ObjOut<S>;
    }
  };
}

/** The path of field `k` under `path` (the top level has no prefix). */
export function at(path: string, k: string): string {
  return path ? `${path}.${k}` : k;
}

/**
 * One of several object shapes told apart by a key they carry (`{"value": …}` vs `{"product": …}`),
 * or by a tag field (`kind`).
 */
export interface UnionNode<O, I> extends Node<O, I> { tag: 'union'; variants: readonly Node<any, any>[] }
export function union<const V extends readonly Node<any, any>[]>(
  variants: V,
  pick: (x: unknown) => number,
  hint: string
): UnionNode<Infer<V[number]>, Input<V[number]>> {
  return {
    tag: 'union', variants,
    parse(x, path, mode) {
      const i = pick(x);
      if (i < 0) fail(path, hint);
      return variants[i].parse(x, path, mode);
    }
  };
}

/** A tagged union on `kind` (the analyses): an unknown kind is named before any of its fields. */
export interface KindNode<M extends Record<string, ObjNode<any>>> extends Node<Infer<M[keyof M]>, Input<M[keyof M]>> {
  tag: 'kinds';
  kinds: M;
}
export function byKind<M extends Record<string, ObjNode<any>>>(kinds: M): KindNode<M> {
  const names = Object.keys(kinds);
  return {
    tag: 'kinds', kinds,
    parse(x, path, mode) {
      if (!isPlain(x)) fail(path, `expected an object, got ${show(x)}`);
      const k = x.kind;
      if (typeof k !== 'string' || !Object.hasOwn(kinds, k)) fail(at(path, 'kind'), `must be one of ${names.join(', ')}; got ${show(k)}`);
      return kinds[k].parse(x, path, mode) as Infer<M[keyof M]>;
    }
  };
}

/**
 * `x` without the fields equal to their schema default, and without empty lists and objects that
 * are optional, recursively: what the link carries. Reading it back (`parse`) restores them.
 */
export function compact(node: Node<any, any> | Opt<any, any>, x: unknown): unknown {
  const n = node.tag === 'opt' ? (node as Opt<any, any>).node : (node as Node<any, any>);
  if (x === null || x === undefined) return x;
  switch (n.tag) {
    case 'obj': {
      const shape = (n as ObjNode<Shape>).shape;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
        const f = shape[k];
        if (v === undefined) continue;
        if (!f) { out[k] = v; continue; }
        if (isOpt(f)) {
          if (f.hasDefault && sameJson(v, f.default)) continue;
          if (!f.hasDefault && Array.isArray(v) && v.length === 0) continue;
          if (!f.hasDefault && isPlain(v) && Object.keys(v).length === 0) continue;
        }
        out[k] = compact(f, v);
      }
      return out;
    }
    case 'list':
      return (x as unknown[]).map((v) => compact((n as ListNode<unknown, unknown>).item, v));
    case 'nullable':
      return compact((n as NullableNode<unknown, unknown>).node, x);
    case 'kinds': {
      const kinds = (n as KindNode<Record<string, ObjNode<any>>>).kinds;
      const k = (x as { kind?: string }).kind;
      return k && kinds[k] ? compact(kinds[k], x) : x;
    }
    case 'union': {
      // Variants are objects told apart by their keys: compact with the first that parses.
      for (const v of (n as UnionNode<unknown, unknown>).variants) {
        try {
          v.parse(x, '', 'lenient');
          return compact(v, x);
        } catch {
          /* next variant */
        }
      }
      return x;
    }
    default:
      return x;
  }
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
