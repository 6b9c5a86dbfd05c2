import { SpecError } from '../schema/errors';

/**
 * `range.from` / `range.to` as epoch microseconds (UTC). Accepts a date (`2015-05-01`) or a
 * date-time (`2015-05-01 10:00`, `2015-05-01T10:00:00.5Z`); no other offset than `Z`, because
 * the contract's range is UTC. Parsed here, not in SQL, so a bad bound is a spec error naming the
 * field rather than a failed query.
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(?:Z| UTC)?$/;

export function parseRangeBound(text: unknown, field: string): number {
  if (typeof text !== 'string') throw new SpecError(`${field}: expected a date like "2024-01-31" or a date-time`, field);
  const m = PATTERN.exec(text.trim());
  if (!m) throw new SpecError(`${field}: "${text}" is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DD HH:MM:SS)`, field);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new SpecError(`${field}: "${text}" is not a valid date`, field);
  }
  const micros = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0'));
  return ms * 1000 + micros;
}

export interface RangeMicros {
  from: number | null;
  to: number | null;
}

export function rangeMicros(range: { from?: string; to?: string } | undefined, field = 'range'): RangeMicros {
  return {
    from: range?.from === undefined ? null : parseRangeBound(range.from, `${field}.from`),
    to: range?.to === undefined ? null : parseRangeBound(range.to, `${field}.to`)
  };
}

/**
 * The previous period of `r`: the same length, ending where `r` starts (`from` inclusive, `to`
 * exclusive, so the two periods share no instant). Needs both bounds.
 */
export function previousPeriod(r: RangeMicros): RangeMicros {
  if (r.from === null || r.to === null) throw new Error('The previous period needs a range with both ends.');
  return { from: r.from - (r.to - r.from), to: r.from };
}
