import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/engine';
import { ident, lit, raw } from '../../src/lib/sql/quote';

/**
 * A raw table as the importer makes it (source columns + `__line` + `__row`), built directly with
 * read_csv so these suites do not depend on the importer. Values are read as text unless `typed`.
 */
export async function rawCsv(engine: Engine, table: string, name: string, text: string, typed = false): Promise<{ file: string; table: string; columns: { name: string; type: string }[] }> {
  const p = `/import/${table}-${name}`;
  await engine.registerFile(p, new TextEncoder().encode(text));
  const opts = typed ? 'header=true' : 'header=true, all_varchar=true';
  await engine.query(raw(`CREATE OR REPLACE TABLE ${ident(table).text} AS SELECT *, (row_number() OVER () + 1)::BIGINT AS "__line",
    (row_number() OVER () - 1)::BIGINT AS "__row" FROM read_csv(${lit(p).text}, ${opts})`));
  const cols = await engine.query<{ column_name: string; column_type: string }>(raw(`DESCRIBE ${ident(table).text}`));
  return {
    file: name,
    table,
    columns: cols.filter((c) => !c.column_name.startsWith('__')).map((c) => ({ name: c.column_name, type: c.column_type }))
  };
}

export function readText(p: string): string {
  return readFileSync(path.resolve(p), 'utf8');
}

