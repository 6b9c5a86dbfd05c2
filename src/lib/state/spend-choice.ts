import type { Spend } from '../analysis/kpis';
import type { Columns, Mapping, Source } from '../schema/types';

/** The columns of a spend file (docs/KPIS.md, `spend.columns`): time, amount, channel or campaign. */
export type SpendColumns = Spend['columns'];

/** One file's column mapping as the page holds it (the spec's `columns`, `time_format`, `utc_offset`). */
export interface FileColumns {
  file: string;
  columns: Columns;
  time_format: string;
  utc_offset?: string;
}

/**
 * What a spend row is matched to groups by, as one select value: `channel:<column>`,
 * `campaign:<column>`, or '' (none: spend counts in the total only).
 */
export function linkOf(columns: SpendColumns): string {
  if (columns.channel !== undefined) return `channel:${columns.channel}`;
  if (columns.campaign !== undefined) return `campaign:${columns.campaign}`;
  return '';
}

/** The columns with their channel/campaign replaced by the select value `link` (see linkOf). */
export function withLink(columns: SpendColumns, link: string): SpendColumns {
  const { time, amount } = columns;
  const m = /^(channel|campaign):(.*)$/s.exec(link);
  if (!m) return { time, amount };
  return m[1] === 'channel' ? { time, amount, channel: m[2] } : { time, amount, campaign: m[2] };
}

/** The question the mapping screen asks: "This looks like ad spend: date, channel, cost." */
export function spendQuestion(columns: SpendColumns): string {
  const named = [columns.time, columns.channel ?? columns.campaign, columns.amount].filter((c) => c !== undefined);
  return `This looks like ad spend: ${named.join(', ')}. Use it as spend for the KPIs?`;
}

/** The spec's top-level `spend` for a confirmed file: its name and the columns (no empty link). */
export function spendOf(file: string, columns: SpendColumns): Spend {
  return { file, columns: withLink(columns, linkOf(columns)) };
}

/**
 * The file part of the spec when `spendFile` (if any) is used as spend: the other files are the
 * events, as top-level `columns` when there is one (a link stays short and fits the same file
 * under another name), else as `sources`. The spend file is never a `sources` entry: the build
 * refuses a file that is both (docs/KPIS.md, "The file").
 */
export function eventsMapping(files: readonly FileColumns[], spendFile: string | undefined): Pick<Mapping, 'columns' | 'time_format' | 'utc_offset' | 'sources'> {
  const events = files.filter((f) => f.file !== spendFile);
  if (events.length === 1) {
    const { columns, time_format, utc_offset } = events[0];
    return { columns, time_format, ...(utc_offset ? { utc_offset } : {}) };
  }
  return { sources: events.map((f): Source => ({ file: f.file, columns: f.columns, time_format: f.time_format, ...(f.utc_offset ? { utc_offset: f.utc_offset } : {}) })) };
}

