import type { Overview } from '../session/session';
import { changeText, direction, periodChange } from './period-change';

export interface Tile {
  label: string;
  value: string;
  hint?: string;
  /** Against the previous period, when the dashboard compares (docs/DATES.md). */
  change?: { text: string; direction: 'up' | 'down' | 'flat'; previous: string };
}

const int = (n: number) => n.toLocaleString('en');
const money = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Whole calendar days covered, first and last included: a short figure that fits a tile. */
function span(first: string | null, last: string | null): string {
  if (!first || !last) return '—';
  const days = Math.round((Date.parse(day(last)) - Date.parse(day(first))) / 86_400_000) + 1;
  return `${days.toLocaleString('en')} ${days === 1 ? 'day' : 'days'}`;
}

function changeOf(now: number, before: number, format: (n: number) => string): Tile['change'] {
  const c = periodChange(now, before);
  return { text: changeText(c, format), direction: direction(c), previous: format(before) };
}

/**
 * The overview's tiles; revenue only when a revenue column is mapped and holds values (in either
 * period). With `previous` (the same figures for the previous period) each count and revenue
 * carries its change; the date span does not (it is the periods' own length). Purchasers are the
 * users reaching `stage` (state/stage-edits.ts purchaseStage); a stage not called "purchase" is
 * named in the hint, and with no such stage the tile says so instead of 0.
 */
export function overviewTiles(o: Overview, previous?: Overview | null, stage: string | null = 'purchase'): Tile[] {
  const p = previous ?? undefined;
  const share = o.users ? `${((o.purchasers / o.users) * 100).toFixed(1)}% of users` : undefined;
  const purchasers: Tile =
    stage === null ? { label: 'Purchasers', value: '—', hint: 'no purchase stage (none called "purchase", fewer than three stages)' }
    : {
        label: 'Purchasers',
        value: int(o.purchasers),
        hint: stage === 'purchase' ? share : [share, `stage "${stage}"`].filter(Boolean).join(', '),
        ...(p ? { change: changeOf(o.purchasers, p.purchasers, int) } : {})
      };
  const tiles: Tile[] = [
    { label: 'Users', value: int(o.users), ...(p ? { change: changeOf(o.users, p.users, int) } : {}) },
    { label: 'Events', value: int(o.events), ...(p ? { change: changeOf(o.events, p.events, int) } : {}) },
    { label: 'Date span', value: span(o.first_ts, o.last_ts), hint: `${day(o.first_ts)} → ${day(o.last_ts)} (UTC)` },
    purchasers
  ];
  const hasRevenue = (x: Overview | undefined) => x !== undefined && x.revenue_rows > 0 && x.revenue !== null;
  if (hasRevenue(o) || hasRevenue(p)) {
    const now = o.revenue ?? 0;
    tiles.push({ label: 'Revenue', value: money(now), ...(p ? { change: changeOf(now, p.revenue ?? 0, money) } : {}) });
  }
  return tiles;
}
