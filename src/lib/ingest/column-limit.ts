import { MAX_NAME } from './report';

/**
 * The most columns a file may have. DuckDB-WASM (1.4.3, the build the page and the command line
 * run) traps with a WebAssembly "divide by zero" when a query hands JS a result of 16,256 or more
 * text columns (16,255 pass; 30,000 BIGINT columns pass): the import's sample of the text columns
 * and the preview (every column cast to text) are such queries. Far below that, every query over
 * a wide table is slow (a 4,096-column file of 20 rows: about 5 s to import and 3 s to preview; a
 * query over 16,000 columns: 5–10 s each). A file wider than this is nearly always a line that is
 * not a table (a long text with commas, a wrong delimiter), so it is refused before the engine
 * reads it, in plain words. docs/ROBUSTNESS.md tells the whole story.
 */
export const MAX_COLUMNS = 4096;

/**
 * The refusal of a file with `count` columns, or null when it is not too wide. `subject` says what
 * has them ("line 2 has", "its objects have").
 */
export function tooManyColumns(file: string, count: number, subject = 'it has'): string | null {
  if (count <= MAX_COLUMNS) return null;
  return `${file}: ${subject} ${count.toLocaleString('en')} columns, more than the ${MAX_COLUMNS.toLocaleString('en')} this app reads: check the delimiter, or whether the file is a table at all`;
}

/**
 * The refusal of a JSON or Parquet file with a column name longer than MAX_NAME, or null (a CSV
 * header's long names are cut instead: cleanNames). Such a name slows every look at the engine's
 * catalog to minutes.
 */
export function tooLongName(file: string, names: string[]): string | null {
  const long = names.find((n) => n.length > MAX_NAME);
  if (long === undefined) return null;
  return `${file}: a column name is ${long.length.toLocaleString('en')} characters long (${JSON.stringify(long.slice(0, 40) + '…')}), more than the ${MAX_NAME} this app reads`;
}
