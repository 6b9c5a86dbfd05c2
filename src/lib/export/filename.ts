import { safeFilename } from './download';

/**
 * Export file names that say what is inside: the analysis, the data set, the day
 * (`funnel-by-origin_olist_2026-12-06.svg`). Every part is reduced to letters, digits and dashes,
 * so no data value can bring a path, a reserved or an invisible character into a name.
 */

const EXT = /\.(csv|tsv|txt|json|ndjson|jsonl|parquet)(\.gz)?$|\.gz$/i;

export function slug(s: string, max = 60): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
}

/** The file's name without folders and without its data extension. */
const stem = (file: string) => (file.split(/[\\/]/).pop() ?? file).replace(EXT, '');

/**
 * The data set's short name: the one file's name, or what the names of several files share
 * (`olist_marketing_qualified_leads_dataset.csv` + `olist_closed_deals_dataset.csv` → `olist`),
 * else the first name and how many more.
 */
export function datasetName(files: readonly string[]): string {
  const names = files.map(stem).filter(Boolean);
  if (names.length === 0) return '';
  if (names.length === 1) return names[0];
  let common = names[0];
  for (const n of names.slice(1)) {
    let i = 0;
    while (i < common.length && i < n.length && common[i].toLowerCase() === n[i].toLowerCase()) i++;
    common = common.slice(0, i);
  }
  // Only whole words: cut back to the last separator unless every name continues with one.
  const whole = names.every((n) => n.length === common.length || /[\s_.-]/.test(n[common.length]));
  if (!whole) common = common.replace(/[^\s_.-]*$/, '');
  common = common.replace(/[\s_.-]+$/, '');
  return common || `${names[0]}-and-${names.length - 1}-more`;
}

/** The day as YYYY-MM-DD in the person's own time zone (the day they made the export). */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function exportFileName(what: string, files: readonly string[], day: Date, ext: string): string {
  const parts = [slug(what) || 'chart', slug(datasetName(files), 40), isoDay(day)].filter(Boolean);
  return `${safeFilename(parts.join('_'))}.${ext.replace(/[^a-z0-9]/gi, '')}`;
}

/**
 * What a chart of a panel is called in a file name: the frame's own name, with the panel's
 * breakdown when the name does not already say it (`funnel` → `funnel-by-origin`).
 */
export function frameStem(name: string, breakdown: string | undefined): string {
  return breakdown && !name.includes('-by-') ? `${name}-by-${breakdown}` : name;
}
