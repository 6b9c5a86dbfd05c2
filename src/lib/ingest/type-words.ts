/** A DuckDB type in the words the mapping screen uses (types that read alike are not a change). */
export function typeWord(type: string): string {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) return 'whole numbers';
  if (/^(FLOAT|DOUBLE|REAL)$/.test(t) || t.startsWith('DECIMAL')) return 'numbers';
  if (t.startsWith('TIMESTAMP')) return 'date-times';
  if (t === 'DATE') return 'dates';
  if (t === 'TIME') return 'times of day';
  if (t === 'BOOLEAN') return 'true/false values';
  if (t === 'VARCHAR') return 'text';
  return t.toLowerCase();
}
