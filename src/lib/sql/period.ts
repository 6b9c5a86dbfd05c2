import type { WEEK_STARTS } from '../schema/schema';
import type { Period } from '../schema/types';
import { raw, type Fragment } from './quote';

/**
 * Calendar buckets of a UTC `TIMESTAMP` as integers, so that "period c + n" is plain integer
 * arithmetic (months of 28–31 days, weeks across years) and grouping stays on BIGINTs.
 *
 *   day    days since 0001-01-01
 *   week   weeks since the week holding 0001-01-01 (a Monday in the proleptic Gregorian calendar,
 *          so Monday weeks are `days // 7`; Sunday weeks shift by one day)
 *   month  year * 12 + month − 1
 *
 * Only date casts and integer maths: no ICU (not available offline), no time zones (ts is UTC).
 * Integer `//` truncates toward zero, which equals flooring for every date from year 1 on.
 */
export type WeekStart = (typeof WEEK_STARTS)[number];

const EPOCH = "DATE '0001-01-01'";
/** Microseconds from 0001-01-01 to 1970-01-01 (719,162 days). */
const EPOCH_US_OFFSET = '62135596800000000';

export interface Calendar {
  period: Period;
  weekStart: WeekStart;
}

/** The integer period index of a TIMESTAMP expression. */
export function periodIndex(cal: Calendar, tsExpr: Fragment | string): Fragment {
  const ts = typeof tsExpr === 'string' ? tsExpr : tsExpr.text;
  // Whole days since 0001-01-01 from epoch microseconds: integer maths only, measured faster
  // than casting to DATE; the offset keeps the dividend positive so `//` floors.
  const days = `((epoch_us(${ts}) + ${EPOCH_US_OFFSET}) // 86400000000)`;
  switch (cal.period) {
    case 'day':
      return raw(days);
    case 'week':
      return raw(cal.weekStart === 'monday' ? `(${days} // 7)` : `((${days} + 1) // 7)`);
    case 'month':
      return raw(`(year(${ts}) * 12 + month(${ts}) - 1)`);
  }
}

/** The first day (a DATE) of the period with the given index. */
export function periodStart(cal: Calendar, indexExpr: Fragment | string): Fragment {
  const index = typeof indexExpr === 'string' ? indexExpr : indexExpr.text;
  switch (cal.period) {
    case 'day':
      return raw(`(${EPOCH} + CAST(${index} AS INTEGER))`);
    case 'week':
      return raw(
        cal.weekStart === 'monday'
          ? `(${EPOCH} + CAST(7 * (${index}) AS INTEGER))`
          : `(${EPOCH} + CAST(7 * (${index}) - 1 AS INTEGER))`
      );
    case 'month':
      return raw(`make_date(CAST((${index}) // 12 AS BIGINT), CAST((${index}) % 12 + 1 AS BIGINT), 1)`);
  }
}

/** The period's first day as ISO text, `YYYY-MM-DD`. */
export function periodLabel(cal: Calendar, indexExpr: Fragment | string): Fragment {
  const index = typeof indexExpr === 'string' ? indexExpr : indexExpr.text;
  return raw(`strftime(${periodStart(cal, index).text}, '%Y-%m-%d')`);
}
