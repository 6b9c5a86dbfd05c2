/**
 * Number and label formatting shared by every chart, its table and its tooltips. One locale
 * ('en') everywhere, so the page, the exports and the tests read the same text.
 */

const intFmt = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : intFmt.format(n);
}

const compactFmt = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Axis ticks: `1.5M`, `500K`, so the labels fit a fixed margin whatever the scale. */
export function formatCompact(n: number): string {
  return compactFmt.format(n);
}

/** A ratio as a percentage; a non-zero share too small to show is `<0.1%`, never `0.0%`. */
export function formatPct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio * 100;
  const floor = 10 ** -digits;
  if (pct > 0 && pct < floor) return `<${floor.toFixed(digits)}%`;
  if (pct === 100) return '100%';
  return `${pct.toFixed(digits)}%`;
}

const one = (x: number) => (x < 10 ? (Math.round(x * 10) / 10).toString() : Math.round(x).toString());

/** A duration in seconds, in the largest unit that keeps it readable: `52 min`, `1.5 h`, `3 d`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.abs(seconds);
  if (s === 0) return '0 s';
  if (s < 1) return '<1 s';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${one(s / 60)} min`;
  if (s < 86400) return `${one(s / 3600)} h`;
  return `${one(s / 86400)} d`;
}

/**
 * Wraps text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the SVG-text counterpart of
 * <bdi>: an RTL name or a stray U+202E in the data cannot flip the words around it.
 */
export function isolate(s: string): string {
  return `\u2068${s}\u2069`;
}

/** Shortens a label to about `max` characters for an axis; the full text goes to tooltip and table. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s); // code points: never split an emoji or a surrogate pair
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** `Date span` → `date-span`: a stable test id from a tile label. */
export function slug(label: string): string {
  return label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item';
}

const sigFmt = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

/** A measured value (a mean, a difference) to 4 significant digits: `0.1828`, `1,423`, `—` for none. */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : sigFmt.format(n);
}

/** A difference with its sign always shown (`+0.07658`, `−1.2`, `0`), so a glance reads the direction. */
export function formatSigned(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  return (n > 0 ? '+' : '−') + sigFmt.format(Math.abs(n));
}
