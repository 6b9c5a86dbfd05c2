/** The import report's pieces: warning codes (stable, tested) and their messages. */

/** Every code a warning of the import report (or the mapping's word on a file) can carry. */
export const WARNING_CODES = [
  'ambiguous_date', 'big_integers_as_text', 'blank_lines_skipped', 'checks_failed', 'duplicate_header_renamed', 'duplicate_rows',
  'empty_header_named', 'encoding_converted', 'encoding_guessed', 'epoch_units_mixed', 'footer_excluded', 'future_dates',
  'header_shortened', 'header_trimmed', 'invalid_dates', 'invalid_utf8_replaced', 'thousands_separators_removed', 'units_stripped', 'line_endings_normalized', 'line_numbers_inexact', 'mapping_incomplete',
  'mixed_date_formats', 'naive_timestamps_assumed_zone', 'no_data_rows', 'no_header_detected', 'nul_bytes',
  'null_tokens_applied', 'preamble_skipped', 'read_as_text', 'rejected_rows', 'sentinel_dates', 'unbalanced_quote'
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
}

export interface Rejected {
  line: number;
  reason: string;
}

/** "4, 6" or "4, 6, 9, … (120 in all)": long lists stay readable. */
export function lineList(lines: number[], max = 20): string {
  const shown = lines.slice(0, max).join(', ');
  return lines.length > max ? `${shown}, … (${lines.length} in all)` : shown;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function rejectedWarning(rejected: Rejected[]): Warning {
  return {
    code: 'rejected_rows',
    message: `${plural(rejected.length, 'line')} could not be read: ${lineList(rejected.map((r) => r.line))}`
  };
}

/**
 * The longest column name kept. A header cell of a megabyte (a quote left open in a header) made
 * every look at DuckDB's catalog take 80 s in DuckDB-WASM, dropping the file's tables included.
 */
export const MAX_NAME = 256;

/** A name as a message shows it: quoted (unless `quote` is false), at most 40 characters of it. */
function shownName(n: string, quote = true): string {
  const s = n.length > 40 ? `${n.slice(0, 40)}…` : n;
  return quote ? JSON.stringify(s) : s;
}

/**
 * Header names made usable: unquoted ones trimmed (a quoted name is kept as written), empty ones
 * named after their position, long ones cut to MAX_NAME, duplicates (DuckDB names are
 * case-insensitive, so `Email` repeats `email`) numbered `_1`, `_2` in order.
 */
export function cleanNames(raw: string[], quoted: boolean[] = []): { names: string[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const trimmed: string[] = [];
  const empty: string[] = [];
  const long: string[] = [];
  const names = raw.map((r, i) => {
    const kept = r.replace(/^\uFEFF/, '').replaceAll('\u0000', '');
    let n = quoted[i] && kept.trim() !== '' ? kept : kept.trim();
    if (n !== r.replace(/^\uFEFF/, '')) trimmed.push(shownName(r));
    if (n === '') {
      n = `column${i + 1}`;
      empty.push(n);
    }
    if (n.length > MAX_NAME) {
      long.push(`${shownName(n)} (${n.length.toLocaleString('en')} characters)`);
      n = n.slice(0, /[\uD800-\uDBFF]/.test(n[MAX_NAME - 1]) ? MAX_NAME - 1 : MAX_NAME);
    }
    return n;
  });
  const seen = new Map<string, number>();
  const taken = new Set(names.map((n) => n.toLowerCase()));
  const renamed: string[] = [];
  const out = names.map((n) => {
    const key = n.toLowerCase();
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    if (k === 0) return n;
    let j = k;
    let name = `${n}_${j}`;
    while (taken.has(name.toLowerCase())) name = `${n}_${++j}`;
    taken.add(name.toLowerCase());
    renamed.push(`${shownName(n, false)} → ${shownName(name, false)}`);
    return name;
  });
  if (empty.length) warnings.push({ code: 'empty_header_named', message: `columns without a name were named ${empty.join(', ')}` });
  if (renamed.length) warnings.push({ code: 'duplicate_header_renamed', message: `repeated column names were renamed: ${renamed.join(', ')}` });
  if (trimmed.length) warnings.push({ code: 'header_trimmed', message: `spaces around column names were removed: ${trimmed.join(', ')}` });
  if (long.length) warnings.push({ code: 'header_shortened', message: `column names longer than ${MAX_NAME} characters were cut to their first ${MAX_NAME}: ${long.join(', ')}` });
  return { names: out, warnings };
}
