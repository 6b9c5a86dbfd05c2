/**
 * The one place a value becomes SQL text. Identifiers (column and table names, which come from
 * files) go through `ident`, values (which come from files and URLs) through `lit`; the `sql`
 * tag turns every interpolation into a literal unless it is already a `Fragment`.
 */
const MADE_HERE = Symbol('quote.ts');

export class Fragment {
  /** Only this module makes fragments (the constructor's key is not exported). */
  constructor(key: typeof MADE_HERE, readonly text: string) {
    if (key !== MADE_HERE) throw new Error('SQL is made only by the quoting builder (src/lib/sql/quote.ts)');
  }
  /** A fragment never turns into text silently (a template literal): use the `sql` tag or `.text`. */
  toString(): string {
    throw new Error('A SQL fragment was used as a string: build it with the sql tag');
  }
}
const frag = (text: string) => new Fragment(MADE_HERE, text);

/** A double-quoted identifier; `"` is doubled, NUL (which DuckDB rejects) is refused. */
export function ident(name: string): Fragment {
  if (name.includes('\u0000')) throw new Error(`A column name contains a NUL character: ${JSON.stringify(name)}`);
  return frag('"' + name.replaceAll('"', '""') + '"');
}

/** A literal: strings single-quoted with `'` doubled, non-finite numbers NULL, dates as TIMESTAMP. */
export function lit(v: unknown): Fragment {
  if (v === null || v === undefined) return frag('NULL');
  if (v instanceof Fragment) return v;
  if (typeof v === 'number') return frag(Number.isFinite(v) ? numberText(v) : 'NULL');
  if (typeof v === 'bigint') return frag(v.toString());
  if (typeof v === 'boolean') return frag(v ? 'TRUE' : 'FALSE');
  if (v instanceof Date) return frag(`TIMESTAMP ${str(v.toISOString().replace('T', ' ').replace('Z', ''))}`);
  if (typeof v === 'string') return frag(str(v));
  throw new Error(`Cannot use a ${typeof v} as an SQL value`);
}

function str(s: string): string {
  if (s.includes('\u0000')) throw new Error('A value contains a NUL character');
  return "'" + s.replaceAll("'", "''") + "'";
}

// Plain decimal text: DuckDB reads `1e-7` as a DOUBLE too, but decimals keep integer maths exact.
function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/** Raw SQL text written in this code base (never from a file or a URL). */
export function raw(text: string): Fragment {
  return frag(text);
}

/** Joins fragments with a separator. */
export function join(parts: readonly (Fragment | string)[], sep = ', '): Fragment {
  return frag(parts.map((p) => (p instanceof Fragment ? p.text : lit(p).text)).join(sep));
}

/** Tagged template: `sql\`SELECT ${ident(c)} FROM t WHERE x = ${value}\`` – values become literals. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v instanceof Fragment ? v.text : lit(v).text) + strings[i + 1];
  });
  return frag(out);
}
