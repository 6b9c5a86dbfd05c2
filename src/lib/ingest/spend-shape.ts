import type { Spend } from '../analysis/kpis';
import { nameRank, normalName, NUMERIC, TEMPORAL, type ColumnInfo } from './roles';

/** Money spent, by name: `spend`, `ad_spend`, `cost`, `media_cost`, `amount` (best first). */
const SPENT = [/spen[dt]/, /cost/, /amount/];
/** Spend is reported per day, week or month: such names are its time too (`Day`, `week_start`). */
const CALENDAR = /^(day|week|month)/;

function timeRank(c: ColumnInfo): number {
  const r = nameRank('time', c);
  return r >= 0 ? r : CALENDAR.test(normalName(c.name)) ? 100 : -1;
}

/**
 * Whether an imported file looks like a spend file (contract: KPIs, `spend`) by its columns alone,
 * so the page can ask "is this your ad spend?" rather than map it as events: a time column (a
 * DATE/TIMESTAMP, or a text column named like a date: non-ISO dates stay text at import), a
 * numeric column named like money spent, a channel or campaign column, and no user column.
 * Returns the columns to propose for `spend.columns`, or null. Pure: names and types only.
 */
export function looksLikeSpend(columns: readonly ColumnInfo[]): Spend['columns'] | null {
  // Ad platforms' exports carry an ad account id: an advertiser, not a user of the journey.
  if (columns.some((c) => nameRank('user', c) >= 0 && !normalName(c.name).startsWith('account'))) return null;
  const best = (fits: (c: ColumnInfo) => number, from: readonly ColumnInfo[]) =>
    from
      .map((c) => ({ c, r: fits(c) }))
      .filter((x) => x.r >= 0)
      .sort((a, b) => a.r - b.r)[0]?.c;
  const time =
    best((c) => (TEMPORAL.test(c.type) ? Math.max(0, timeRank(c)) : -1), columns) ??
    best((c) => (/^VARCHAR/i.test(c.type) ? timeRank(c) : -1), columns);
  if (time === undefined) return null;
  const rest = columns.filter((c) => c !== time);
  const amount = best((c) => (NUMERIC.test(c.type) ? SPENT.findIndex((re) => re.test(normalName(c.name))) : -1), rest);
  if (amount === undefined) return null;
  const text = rest.filter((c) => c !== amount && !NUMERIC.test(c.type) && !TEMPORAL.test(c.type));
  const channel = best((c) => nameRank('channel', c), text);
  if (channel !== undefined) return { time: time.name, amount: amount.name, channel: channel.name };
  const campaign = best((c) => nameRank('campaign', c), text);
  if (campaign !== undefined) return { time: time.name, amount: amount.name, campaign: campaign.name };
  return null;
}
