import type { PathsResult } from '../analysis/paths';
import type { CsvColumn, CsvRow } from '../export/csv';
import { formatInt, formatPct } from './number-format';
import { nameLabel } from './sankey-layout';

/** One line of the paths table: a node, a link or the paths that ended, formatted. */
export interface PathsTableRow {
  key: string;
  position: number;
  what: 'node' | 'link' | 'ended';
  from: string;
  to: string;
  users: string;
  share: string;
}

/**
 * The same numbers the Sankey draws, as rows: by position, the nodes, then the links leaving that
 * position, then the paths that ended there; `share` is of all the paths' users.
 */
export function pathsRows(result: PathsResult): PathsTableRow[] {
  const pct = (u: number) => formatPct(result.users > 0 ? u / result.users : 0);
  const positions = Math.max(0, ...result.nodes.map((n) => n.position), ...result.ended.map((e) => e.position));
  const rows: PathsTableRow[] = [];
  for (let p = 1; p <= positions; p++) {
    for (const n of result.nodes.filter((x) => x.position === p)) {
      rows.push({ key: `n${p}:${n.name}`, position: p, what: 'node', from: nameLabel(n.name), to: '', users: formatInt(n.users), share: pct(n.users) });
    }
    for (const e of result.ended.filter((x) => x.position === p)) {
      rows.push({ key: `e${p}`, position: p, what: 'ended', from: 'Ended', to: '', users: formatInt(e.users), share: pct(e.users) });
    }
    for (const l of result.links.filter((x) => x.position === p)) {
      rows.push({ key: `l${p}:${l.source}>${l.target}`, position: p, what: 'link', from: nameLabel(l.source), to: nameLabel(l.target), users: formatInt(l.users), share: pct(l.users) });
    }
  }
  return rows;
}

/** The raw numbers for the CSV export (unformatted; names as in the result, empty for null). */
export function pathsCsv(result: PathsResult): { columns: CsvColumn[]; rows: CsvRow[] } {
  const columns: CsvColumn[] = [{ name: 'part' }, { name: 'position' }, { name: 'name' }, { name: 'target' }, { name: 'users' }];
  const rows: CsvRow[] = [
    ['paths', null, null, null, result.users],
    ...result.nodes.map((n) => ['node', n.position, n.name, null, n.users]),
    ...result.links.map((l) => ['link', l.position, l.source, l.target, l.users]),
    ...result.ended.map((e) => ['ended', e.position, null, null, e.users])
  ];
  return { columns, rows };
}
