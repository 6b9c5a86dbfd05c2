/**
 * The one place a value becomes SQL text. Identifiers (column and table names, which come from
 * files) go through `ident`, values (which come from files and URLs) through `lit`; the `sql`
 * tag turns every interpolation into a literal unless it is already a `Fragment`.
 */
export class Fragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A double-quoted identifier; `"` is doubled, NUL (which DuckDB rejects) is refused. */
export function ident(name: string): Fragment {
  if (name.includes('\u0000')) throw new Error(`A column name contains a NUL character: ${JSON.stringify(name)}`);
  return new Fragment('"' + name.replaceAll('"', '""') + '"');
}

/** A literal: strings single-quoted with `'` doubled, non-finite numbers NULL, dates as TIMESTAMP. */
export function lit(v: unknown): Fragment {
  if (v === null || v === undefined) return new Fragment('NULL');
  if (v instanceof Fragment) return v;
  if (typeof v === 'number') return new Fragment(Number.isFinite(v) ? numberText(v) : 'NULL');
  if (typeof v === 'bigint') return new Fragment(v.toString());
  if (typeof v === 'boolean') return new Fragment(v ? 'TRUE' : 'FALSE');
  if (v instanceof Date) return new Fragment(`TIMESTAMP ${str(v.toISOString().replace('T', ' ').replace('Z', ''))}`);
  if (typeof v === 'string') return new Fragment(str(v));
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
  return new Fragment(text);
}

/** Joins fragments with a separator. */
export function join(parts: readonly (Fragment | string)[], sep = ', '): Fragment {
  return new Fragment(parts.map((p) => (p instanceof Fragment ? p.text : lit(p).text)).join(sep));
}

/** Tagged template: `sql\`SELECT ${ident(c)} FROM t WHERE x = ${value}\`` – values become literals. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v instanceof Fragment ? v.text : lit(v).text) + strings[i + 1];
  });
  return new Fragment(out);
}
