import type { Overview } from '../session/session';

export interface Tile {
  label: string;
  value: string;
  hint?: string;
}

const int = (n: number) => n.toLocaleString('en');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Whole calendar days covered, first and last included: a short figure that fits a tile. */
function span(first: string | null, last: string | null): string {
  if (!first || !last) return '—';
  const days = Math.round((Date.parse(day(last)) - Date.parse(day(first))) / 86_400_000) + 1;
  return `${days.toLocaleString('en')} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * The overview's tiles; revenue only when a revenue column is mapped and holds values. Purchasers
 * are the users reaching `stage` (state/stage-edits.ts purchaseStage); a stage not called
 * "purchase" is named in the hint, and with no such stage the tile says so instead of 0.
 */
export function overviewTiles(o: Overview, stage: string | null = 'purchase'): Tile[] {
  const share = o.users ? `${((o.purchasers / o.users) * 100).toFixed(1)}% of users` : undefined;
  const purchasers: Tile =
    stage === null ? { label: 'Purchasers', value: '—', hint: 'no purchase stage (none called "purchase", fewer than three stages)' }
    : { label: 'Purchasers', value: int(o.purchasers), hint: stage === 'purchase' ? share : [share, `stage "${stage}"`].filter(Boolean).join(', ') };
  const tiles: Tile[] = [
    { label: 'Users', value: int(o.users) },
    { label: 'Events', value: int(o.events) },
    { label: 'Date span', value: span(o.first_ts, o.last_ts), hint: `${day(o.first_ts)} → ${day(o.last_ts)} (UTC)` },
    purchasers
  ];
  if (o.revenue_rows > 0 && o.revenue !== null) {
    tiles.push({ label: 'Revenue', value: o.revenue.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) });
  }
  return tiles;
}
