import { namesFile } from '../ingest/mapping';
import { COLUMN_KINDS, type linkFileSchema } from '../schema/schema';
import type { Input } from '../schema/schema-nodes';
import type { Analysis, Columns, Mapping } from '../schema/types';

/**
 * The files a dashboard link was made from, and the check of dropped files against them
 * (docs/STATE-LINK.md, "Files for a link"). Pure: the page hands in the dropped files' names and
 * column types; nothing runs before the check passes, so a missing file can no longer show up as
 * a silent zero (one Olist file of two gave "won = 0").
 */

export type ColumnKind = (typeof COLUMN_KINDS)[number];
export type LinkFile = Input<typeof linkFileSchema>;
/** A file as the import hands it over: its name and its columns with their DuckDB types. */
export interface DroppedFile {
  file: string;
  columns: readonly { name: string; type: string }[];
}
/** A file the link needs: a name when the link knows it, the columns, their kinds when known. */
export interface NeededFile {
  file?: string;
  spend?: true;
  columns: { name: string; type?: ColumnKind }[];
}
/** What the link says about one dropped file: ad spend, or events read with these columns. */
export type LinkedFile = { spend: true } | { spend?: undefined; columns: Columns; time_format: string; utc_offset?: string };

interface LinkState {
  mapping: Mapping;
  panels: readonly Analysis[];
  files?: readonly LinkFile[];
}

/**
 * A DuckDB type as the kind of values a person would name. Coarse on purpose: the same export
 * of another month may read a column as BIGINT once and DOUBLE the next, or DATE and TIMESTAMP.
 */
export function columnKind(duckType: string): ColumnKind {
  const t = duckType.trim().toUpperCase();
  if (/^INTERVAL/.test(t)) return 'other';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID|ENUM)\b/.test(t)) return 'text';
  if (/^(TINYINT|SMALLINT|INTEGER|INT\d*|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT\d*|REAL|DOUBLE|DECIMAL|NUMERIC)\b/.test(t)) return 'number';
  if (/^(DATE|TIME|TIMESTAMP)\b/.test(t) || /^TIMESTAMP/.test(t)) return 'time';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
  return 'other';
}

const KIND_WORDS: Record<ColumnKind, string> = {
  text: 'text',
  number: 'numbers',
  time: 'dates or times',
  boolean: 'true/false values',
  other: 'lists or records'
};
export const kindWords = (k: ColumnKind) => KIND_WORDS[k];

/** The source columns a mapping's roles read (a product reads both of its columns). */
export function roleColumns(columns: Columns | undefined): string[] {
  const out: string[] = [];
  for (const ref of Object.values(columns ?? {})) {
    if (typeof ref === 'string') out.push(ref);
    else if (ref && 'product' in ref) out.push(...ref.product);
  }
  return [...new Set(out)];
}

/** Column names the panels and filters read directly: breakdowns, conditions, groups, outcomes. */
export function referencedColumns(mapping: Mapping, panels: readonly Analysis[]): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (typeof x !== 'object' || x === null) return;
    for (const [k, v] of Object.entries(x)) {
      if (typeof v === 'string' && (k === 'column' || k === 'breakdown' || k === 'group' || k === 'by')) out.add(v);
      else walk(v);
    }
  };
  walk(mapping.filters);
  walk(panels);
  return out;
}

/**
 * What the page writes into a link for the files it holds: for each file the columns the
 * dashboard reads from it (its roles, and the breakdowns, conditions … it has), with their kinds.
 */
export function linkFilesOf(state: LinkState, files: readonly DroppedFile[], spendFile?: string): LinkFile[] {
  const m = state.mapping;
  const used = referencedColumns(m, state.panels);
  return files.map((f) => {
    const spend = f.file === spendFile && m.spend !== undefined;
    const source = m.sources?.find((s) => s.file === f.file) ?? m.sources?.find((s) => namesFile(s.file, f.file));
    const wanted = new Set(spend ? Object.values(m.spend!.columns).filter((c): c is string => typeof c === 'string') : [...roleColumns(source?.columns ?? m.columns), ...used]);
    const columns = f.columns.filter((c) => wanted.has(c.name)).map((c) => ({ name: c.name, type: columnKind(c.type) }));
    return { file: f.file, ...(spend ? { spend: true as const } : {}), columns };
  });
}

/** The files a link needs: what it recorded, or (an older link) what its mapping names. */
export function neededFiles(state: LinkState): NeededFile[] {
  if (state.files?.length) return state.files.map((f) => ({ ...f, columns: [...f.columns] }));
  const m = state.mapping;
  const named = (cols: string[]) => cols.map((name) => ({ name }));
  const events: NeededFile[] = m.sources?.length
    ? m.sources.map((s) => ({ file: s.file, columns: named(roleColumns(s.columns ?? m.columns)) }))
    : [{ columns: named(roleColumns(m.columns)) }];
  const spend: NeededFile[] = m.spend ? [{ file: m.spend.file, spend: true, columns: named(Object.values(m.spend.columns).filter((c): c is string => typeof c === 'string')) }] : [];
  return [...events, ...spend];
}

/** What is wrong with `d` as the file `n`, in plain words (empty when it fits). */
function problemsOf(n: NeededFile, d: DroppedFile): string[] {
  const out: string[] = [];
  for (const c of n.columns) {
    const have = d.columns.find((x) => x.name === c.name);
    if (!have) out.push(`"${d.file}" has no column "${c.name}"${c.type ? ` (the dashboard reads ${kindWords(c.type)} from it)` : ''}.`);
    else if (c.type && columnKind(have.type) !== c.type) {
      out.push(`In "${d.file}" the column "${c.name}" holds ${kindWords(columnKind(have.type))}; the dashboard reads ${kindWords(c.type)} from it.`);
    }
  }
  return out;
}

/** "the file "x.csv" with the columns a (text), b (numbers)": how a needed file is named to a person. */
export function describeNeeded(n: NeededFile): string {
  const cols = n.columns.map((c) => (c.type ? `${c.name} (${kindWords(c.type)})` : c.name)).join(', ');
  const what = n.file ? `the ${n.spend ? 'ad spend ' : ''}file "${n.file}" (or an export of the same shape)` : 'a file';
  return cols ? `${what} with the columns ${cols}` : what;
}

export type FileCheck = { ok: true; matched: NeededFile[] } | { ok: false; problems: string[] };

/**
 * Pairs dropped files with the files the link needs: first by name, then by shape (an export of
 * another month has another name but the same columns), and says in plain words what does not
 * fit: a file not dropped, a column missing or holding other values, a file the link does not use.
 * `matched[i]` is the needed file dropped file `i` stands for.
 */
export function checkFiles(needed: readonly NeededFile[], dropped: readonly DroppedFile[]): FileCheck {
  const pairOf: number[] = needed.map(() => -1);
  const taken = new Set<number>();
  const take = (ni: number, test: (d: DroppedFile) => boolean) => {
    const di = dropped.findIndex((d, i) => !taken.has(i) && test(d));
    if (di >= 0) (pairOf[ni] = di), taken.add(di);
  };
  needed.forEach((n, ni) => n.file !== undefined && take(ni, (d) => namesFile(n.file!, d.file)));
  needed.forEach((n, ni) => pairOf[ni] < 0 && take(ni, (d) => problemsOf(n, d).length === 0));
  // What is left is paired by the most columns in common, to name what differs.
  needed.forEach((n, ni) => {
    if (pairOf[ni] >= 0) return;
    const score = (d: DroppedFile) => n.columns.filter((c) => d.columns.some((x) => x.name === c.name)).length;
    const best = dropped.map((d, i) => ({ i, s: score(d) })).filter((x) => !taken.has(x.i) && x.s > 0).sort((a, b) => b.s - a.s)[0];
    if (best) (pairOf[ni] = best.i), taken.add(best.i);
  });

  const problems: string[] = [];
  needed.forEach((n, ni) => {
    if (pairOf[ni] < 0) problems.push(`Missing: ${describeNeeded(n)}.`);
    else problems.push(...problemsOf(n, dropped[pairOf[ni]]));
  });
  const names = needed.map((n) => (n.file ? `"${n.file}"` : 'one file')).join(' and ');
  dropped.forEach((d, i) => !taken.has(i) && problems.push(`"${d.file}" is not one of the dashboard's files (it reads ${names}).`));
  if (problems.length) return { ok: false, problems };
  const matched: NeededFile[] = [];
  needed.forEach((n, ni) => (matched[pairOf[ni]] = n));
  return { ok: true, matched };
}

/** The message the page shows when dropped files do not fit a link. */
export function refusal(problems: readonly string[]): string {
  return `These files do not fit the dashboard of this link, so nothing was computed:\n• ${problems.join('\n• ')}\nDrop the files it names (all at once), or map the columns below yourself.`;
}

/**
 * How each dropped file is read under the link, or the refusal. Events files take their `sources`
 * entry (matched by the name the link gives the file) else the top-level columns.
 */
export function linkedFiles(state: LinkState, dropped: readonly DroppedFile[]): { ok: true; files: LinkedFile[] } | { ok: false; message: string } {
  const check = checkFiles(neededFiles(state), dropped);
  if (!check.ok) return { ok: false, message: refusal(check.problems) };
  const m = state.mapping;
  const files = check.matched.map((n): LinkedFile => {
    if (n.spend) return { spend: true };
    const src = n.file === undefined ? undefined : (m.sources?.find((s) => s.file === n.file) ?? m.sources?.find((s) => namesFile(s.file, n.file!)));
    const utc_offset = src?.utc_offset ?? m.utc_offset;
    return { columns: { ...(src?.columns ?? m.columns) }, time_format: src?.time_format ?? m.time_format ?? 'auto', ...(utc_offset ? { utc_offset } : {}) };
  });
  return { ok: true, files };
}
