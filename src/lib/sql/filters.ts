import type { Filter } from '../schema/types';
import { SpecError } from '../schema/errors';
import { asText, column, isNumericType, type EventSchema } from './columns';
import { Fragment, join, lit, raw } from './quote';

const TEXT_OPS: Record<string, (c: string, v: string) => string> = {
  contains: (c, v) => `contains(${c}, ${v})`,
  not_contains: (c, v) => `NOT contains(${c}, ${v})`,
  starts_with: (c, v) => `starts_with(${c}, ${v})`,
  not_starts_with: (c, v) => `NOT starts_with(${c}, ${v})`,
  icontains: (c, v) => `contains(lower(${c}), lower(${v}))`
};

/**
 * One filter as a boolean SQL expression that is never NULL: a null value fails every operator
 * but `is_null` (so `!=` and `not_in` drop nulls), as the contract says.
 */
export function filterSql(schema: EventSchema, f: Filter, field: string): Fragment {
  const { expr, type } = column(schema, f.column, `${field}.column`);
  const values = f.values ?? [];
  if (f.op === 'is_null') return raw(`(${expr.text} IS NULL)`);
  if (f.op === 'not_null') return raw(`(${expr.text} IS NOT NULL)`);
  if (values.length === 0) throw new SpecError(`${field}.values: operator "${f.op}" needs at least one value`, `${field}.values`);
  // Numeric comparison only when the column is numeric and every value is a number.
  const numeric = isNumericType(type) && values.every((v) => typeof v === 'number');
  const lhs = numeric ? expr : asText(expr, type);
  const vals = values.map((v) => (numeric ? lit(v) : lit(typeof v === 'string' ? v : String(v))));
  let body: string;
  switch (f.op) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (values.length !== 1) throw new SpecError(`${field}.values: operator "${f.op}" takes one value`, `${field}.values`);
      body = `${lhs.text} ${f.op} ${vals[0].text}`;
      break;
    case 'in':
      body = `${lhs.text} IN (${join(vals).text})`;
      break;
    case 'not_in':
      body = `${lhs.text} NOT IN (${join(vals).text})`;
      break;
    default: {
      const make = TEXT_OPS[f.op];
      if (!make) throw new SpecError(`${field}.op: unknown operator "${f.op}"`, `${field}.op`);
      const text = asText(expr, type).text;
      // Several values: any of them matches (for the negated forms: none of them).
      const parts = vals.map((v) => make(text, v.text));
      body = f.op.startsWith('not_') ? parts.join(' AND ') : parts.join(' OR ');
    }
  }
  return raw(`COALESCE((${body}), FALSE)`);
}

/** All filters ANDed; `TRUE` when there are none. */
export function filtersSql(schema: EventSchema, filters: readonly Filter[] | undefined, field: string): Fragment {
  if (!filters || filters.length === 0) return raw('TRUE');
  return raw(filters.map((f, i) => filterSql(schema, f, `${field}[${i}]`).text).join(' AND '));
}
