import { Fragment, join, lit, raw } from '../sql/quote';

/**
 * Numbers written as text: cells that mean "no value" (`N/A`, `NULL`, `-`, `NaN` …), currency
 * signs and codes, percent signs and thousands separators. The decisions are made here, in plain
 * TS, on a sample; the rows themselves are checked and converted in SQL (see numbers.ts).
 */

/** Lower-cased cells that mean "no value" in a column of numbers (only there: `NA` is also Namibia). */
export const NULL_TOKENS = ['null', 'none', 'nil', 'n/a', 'na', '#n/a', 'nan', '-', '--', 'undefined'];

// ISO codes of the currencies exports commonly carry; a sign alone is enough for the others.
const CURRENCY = '(?:[$€£¥₹₩₽]|USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|BRL|MXN|ZAR|KRW|SGD|HKD)';
// Thousands grouped by commas (1,234.56), or plain digits; no exponent next to a unit.
const AMOUNT = '(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
/** A number with units around it: sign, currency before or after, percent after. */
export const UNIT_PATTERN = `^[+-]?\\s*(?:${CURRENCY}\\s*)?[+-]?${AMOUNT}\\s*(?:${CURRENCY}|%)?$`;
const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const UNIT = new RegExp(UNIT_PATTERN);
const CURRENCY_PART = new RegExp(CURRENCY, 'g');

export type Kind = 'empty' | 'token' | 'plain' | 'unit' | 'other';

export function classify(value: string): Kind {
  const t = value.trim();
  if (t === '') return 'empty';
  if (NULL_TOKENS.includes(t.toLowerCase())) return 'token';
  if (PLAIN.test(t)) return 'plain';
  return UNIT.test(t) ? 'unit' : 'other';
}

/**
 * Whether a text column may be numbers, judged on a sample of its values: nothing but numbers,
 * units and "no value" cells, and at least one number. A sample of integers only is left alone:
 * such a column is text on purpose (ids too long for a 64-bit number, see csv.ts `safeType`).
 */
export function mayBeNumbers(values: string[]): boolean {
  const kinds = values.map(classify);
  if (kinds.includes('other') || !kinds.some((k) => k === 'plain' || k === 'unit')) return false;
  const onlyIntegers = values.every((v, i) => kinds[i] !== 'plain' || /^[+-]?\d+$/.test(v.trim()));
  return !onlyIntegers || kinds.some((k) => k === 'token' || k === 'unit');
}

/** The SQL pieces numbers.ts checks a column with and converts it by (`t` is the trimmed text). */
export function numberSql(t: Fragment): { token: Fragment; plain: Fragment; unit: Fragment; unitValue: Fragment; risky: Fragment } {
  const token = raw(`(${t.text} = '' OR lower(${t.text}) IN (${join(NULL_TOKENS.map((x) => lit(x))).text}))`);
  // isfinite: DuckDB reads `inf` and `Infinity` as numbers; a spreadsheet error is not a revenue.
  const plain = raw(`(CASE WHEN isfinite(TRY_CAST(${t.text} AS DOUBLE)) THEN TRY_CAST(${t.text} AS DOUBLE) END)`);
  const unit = raw(`regexp_full_match(${t.text}, ${lit(UNIT_PATTERN).text})`);
  // Once a value matches UNIT_PATTERN, its digits, point and sign are the number.
  const digits = raw(`TRY_CAST(regexp_replace(${t.text}, '[^0-9.+-]', '', 'g') AS DOUBLE)`);
  const unitValue = raw(`(CASE WHEN ends_with(${t.text}, '%') THEN ${digits.text} / 100 ELSE ${digits.text} END)`);
  // Leading zeros (zip codes, padded ids) and integers past 15 digits would not survive a DOUBLE.
  const risky = raw(`((${t.text} LIKE '0_%' AND ${t.text} NOT LIKE '0.%') OR (length(${t.text}) > 15 AND NOT contains(${t.text}, '.')))`);
  return { token, plain, unit, unitValue, risky };
}

/** The currency signs and codes in a value (`$1,200.00` → `$`), for the report. */
export function currencies(value: string): string[] {
  return value.match(CURRENCY_PART) ?? [];
}
