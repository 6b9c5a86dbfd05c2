/**
 * The dashboard's structural edits as plain list operations (no Svelte, no DOM), so the page's
 * parallel per-panel lists (analysis, view, result, …) move together and the rules have tests.
 */

/** `list` with the item at `from` moved to `to` (both 0-based, clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const [x] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, x);
  return out;
}

/** `list` with `item` inserted at `at` (clamped: past the end appends). */
export function insertAt<T>(list: readonly T[], at: number, item: T): T[] {
  const out = list.slice();
  out.splice(Math.max(0, Math.min(out.length, at)), 0, item);
  return out;
}

export function removeAt<T>(list: readonly T[], at: number): T[] {
  return list.filter((_, i) => i !== at);
}

/**
 * Where a keyboard key moves a panel of a grid read left to right, top to bottom: ArrowUp/Left one
 * back, ArrowDown/Right one on, Home first, End last; null for other keys or no move.
 */
export function keyTarget(key: string, at: number, count: number): number | null {
  const to =
    key === 'ArrowUp' || key === 'ArrowLeft' ? at - 1
    : key === 'ArrowDown' || key === 'ArrowRight' ? at + 1
    : key === 'Home' ? 0
    : key === 'End' ? count - 1
    : null;
  return to === null || to < 0 || to >= count || to === at ? null : to;
}

/** The title a copy gets: "X (copy)", then "X (copy 2)", … whichever is free among `taken`. */
export function copyTitle(title: string, taken: readonly string[]): string {
  const base = title.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const t = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
    if (!taken.includes(t)) return t;
  }
}

/**
 * A title as typed, made a link value: trimmed; empty means "no title of its own" (undefined: the
 * link leaves it out and the field shows the default as its placeholder). A typed title equal to
 * the default is kept: turning it into "none" would empty the field under the person's fingers.
 */
export function ownTitle(typed: string): string | undefined {
  const t = typed.trim();
  return t === '' ? undefined : t;
}

/**
 * Kinds whose main chart is a grid of periods (a cohort row per line, a column per period): at 12
 * periods it needs more than half the page, so a new panel of these kinds starts wide. The person
 * may still make it narrow; the link keeps either choice.
 */
export const STARTS_WIDE: readonly string[] = ['retention', 'cohorts'];
export const startView = (kind: string): { wide?: true } => (STARTS_WIDE.includes(kind) ? { wide: true } : {});
