import type { Overview } from '../state/workspace';

export interface Tile {
  label: string;
  value: string;
  hint?: string;
}

const int = (n: number) => n.toLocaleString('en');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The overview's tiles; revenue only when a revenue column is mapped and holds values. */
export function overviewTiles(o: Overview): Tile[] {
  const tiles: Tile[] = [
    { label: 'Users', value: int(o.users) },
    { label: 'Events', value: int(o.events) },
    { label: 'Date span', value: `${day(o.first_ts)} → ${day(o.last_ts)}`, hint: 'UTC' },
    { label: 'Purchasers', value: int(o.purchasers), hint: o.users ? `${((o.purchasers / o.users) * 100).toFixed(1)}% of users` : undefined }
  ];
  if (o.revenue_rows > 0 && o.revenue !== null) {
    tiles.push({ label: 'Revenue', value: o.revenue.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) });
  }
  return tiles;
}
