import type { Engine } from '../engine/engine';
import { ident, raw, sql } from '../sql/quote';
import { currencies, mayBeNumbers, numberSql } from './number-text';
import { plural, type Warning } from './report';

const SAMPLE_ROWS = 1000;

interface Check {
  bad: number;
  numbers: number;
  units: number;
  percent: number;
  grouped: number;
  risky: number;
  signs: string[];
  [k: string]: unknown;
}

/**
 * Text columns that are numbers once their "no value" cells (`N/A`, `NULL`, `-` …) and units
 * (`$1,200.00`, `2.5%`) are read as such become DOUBLE in `table` (a table, before any view is
 * made over it), each change reported. A column converts only when every one of its values reads
 * (checked over all rows, in SQL); otherwise it stays text and nothing changes. Only the columns
 * whose first rows look like numbers are checked at all, so a file of ids and names costs one
 * small sample. Returns the columns with their new types.
 */
export async function readNumbers<C extends { name: string; type: string }>(engine: Engine, table: string, columns: C[], w: Warning[]): Promise<C[]> {
  const text = columns.filter((c) => /^VARCHAR$/i.test(c.type));
  if (text.length === 0) return columns;
  const sample = await engine.query(sql`SELECT ${raw(text.map((c) => ident(c.name).text).join(', '))} FROM ${ident(table)} LIMIT ${SAMPLE_ROWS}`);
  const candidates = text.filter((c) => mayBeNumbers(sample.map((r) => r[c.name]).filter((v): v is string => typeof v === 'string')));
  const converted = new Set<string>();
  for (const c of candidates) if (await convert(engine, table, c.name, w)) converted.add(c.name);
  return columns.map((c) => (converted.has(c.name) ? { ...c, type: 'DOUBLE' } : c));
}

async function convert(engine: Engine, table: string, column: string, w: Warning[]): Promise<boolean> {
  const col = ident(column);
  const t = raw(`trim(${col.text})`);
  const n = numberSql(t);
  const viaUnit = raw(`(NOT ${n.token.text} AND ${n.plain.text} IS NULL AND ${n.unit.text})`);
  const number = raw(`(NOT ${n.token.text} AND (${n.plain.text} IS NOT NULL OR ${n.unit.text}))`);
  const [c] = await engine.query<Check>(sql`
    SELECT count(*) FILTER (WHERE ${col} IS NOT NULL AND NOT ${n.token} AND ${n.plain} IS NULL AND NOT ${n.unit})::BIGINT AS bad,
      count(*) FILTER (WHERE ${col} IS NOT NULL AND ${number})::BIGINT AS numbers,
      count(*) FILTER (WHERE ${viaUnit})::BIGINT AS units,
      count(*) FILTER (WHERE ${viaUnit} AND ends_with(${t}, '%'))::BIGINT AS percent,
      count(*) FILTER (WHERE ${viaUnit} AND contains(${t}, ','))::BIGINT AS grouped,
      count(*) FILTER (WHERE ${number} AND ${n.risky})::BIGINT AS risky,
      coalesce(list(DISTINCT regexp_replace(${t}, '[0-9.,%+\\s-]', '', 'g')) FILTER (WHERE ${viaUnit} AND NOT ends_with(${t}, '%')), []) AS signs
    FROM ${ident(table)}`);
  const units = Number(c.units);
  const percent = Number(c.percent);
  // A column mixing `2.5%` and `0.8` cannot say whether 0.8 is a fraction or a percent: left as text.
  const mixedPercent = percent > 0 && Number(c.numbers) > percent;
  if (Number(c.bad) > 0 || Number(c.numbers) === 0 || Number(c.risky) > 0 || mixedPercent) return false;

  const tokens = await engine.query<{ v: string; n: number }>(sql`
    SELECT v, count(*)::BIGINT AS n FROM (SELECT ${t} AS v FROM ${ident(table)}) WHERE v <> '' AND ${raw(numberSql(raw('v')).token.text)}
    GROUP BY v ORDER BY n DESC, v LIMIT 12`);
  await engine.query(sql`ALTER TABLE ${ident(table)} ALTER ${col} TYPE DOUBLE USING (CASE WHEN ${n.token} THEN NULL ELSE coalesce(${n.plain}, ${n.unitValue}) END)`);

  if (tokens.length) {
    const total = tokens.reduce((s, x) => s + Number(x.n), 0);
    const list = tokens.map((x) => `“${x.v}” ×${Number(x.n).toLocaleString('en')}`).join(', ');
    w.push({ code: 'null_tokens_applied', message: `column "${column}" is read as numbers: ${plural(total, 'cell')} meaning “no value” (${list}) ${total === 1 ? 'is' : 'are'} left empty` });
  }
  if (units > 0) {
    const signs = [...new Set(c.signs.flatMap(currencies))];
    const parts: string[] = [];
    if (signs.length) parts.push(`currency ${signs.join(', ')} removed${signs.length > 1 ? ' (the amounts mix currencies and are not converted)' : ''}`);
    if (percent > 0) parts.push('percentages read as fractions (2.5% → 0.025)');
    if (Number(c.grouped) > 0) parts.push('thousands separators removed (1,200.00 → 1200)');
    const code = signs.length || percent > 0 ? 'units_stripped' : 'thousands_separators_removed';
    w.push({ code, message: `column "${column}" is read as numbers: ${parts.join('; ')}` });
  }
  return true;
}
