/**
 * CSV text for a chart's table: RFC 4180 (CRLF, quotes doubled), UTF-8 without a BOM so the
 * bytes of every value survive a round trip.
 *
 * Formula-injection guard (OWASP "CSV injection"): a TEXT cell starting with = + - @ TAB or CR
 * gets a leading `'`, so a spreadsheet shows it instead of evaluating it. Numeric cells are
 * written as numbers, unprefixed, so `-5` in a numeric column stays a number. Whether a cell is
 * numeric follows the column's declared type when given, else the JS type of the value: the
 * text "-5" in a text column is guarded (bad-csv fixture 28, row 8).
 */

export interface CsvColumn {
  name: string;
  /** `number`: values are written as numbers (text that is a number stays unprefixed). */
  type?: 'number' | 'text';
}

export type CsvCell = string | number | bigint | boolean | null | undefined | Date;
export type CsvRow = readonly CsvCell[] | Readonly<Record<string, CsvCell>>;

const RISKY_START = /^[=+\-@\t\r]/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function cellText(value: CsvCell, numericColumn: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (numericColumn && NUMBER_TEXT.test(value)) return value;
  return RISKY_START.test(value) ? `'${value}` : value;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly (string | CsvColumn)[], rows: readonly CsvRow[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { name: c } : c));
  const lines = [cols.map((c) => quote(cellText(c.name, false))).join(',')];
  for (const row of rows) {
    const cells = cols.map((c, i) => {
      const v = Array.isArray(row) ? row[i] : (row as Record<string, CsvCell>)[c.name];
      return quote(cellText(v, c.type === 'number'));
    });
    lines.push(cells.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
