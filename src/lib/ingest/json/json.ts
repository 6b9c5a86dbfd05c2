import { Bool, Float64, Int64, Utf8, makeBuilder, Table, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import { ident, sql } from '../../sql/quote';
import { ImportError } from '../../schema/errors';
import { decode, guessEncoding } from '../encoding';
import type { ImportedFile, ReaderContext } from '../import';
import { readAll } from '../import';
import { finishRowTable } from '../parquet/parquet';
import type { Warning } from '../report';
import { guarded } from '../watchdog';
import { tooLongName, tooManyColumns } from '../column-limit';
import { quoteBigIntegers } from './json-bigint';

/**
 * JSON arrays of objects and NDJSON, parsed in JS and inserted as Arrow. DuckDB-WASM's
 * insertJSONFromPath refuses rows with missing keys ("must have at least one column") and its json
 * extension is not available offline. Columns are the keys in order of first appearance; a column
 * whose values are all numbers is numeric, all booleans BOOLEAN, anything else text (nested values
 * as their JSON text), so ids written as strings stay strings.
 */
export async function importJson(ctx: ReaderContext, format: 'json' | 'ndjson'): Promise<ImportedFile> {
  const { engine, file, table, opts } = ctx;
  const bytes = await readAll(ctx.data);
  const warnings: Warning[] = [];
  const big = quoteBigIntegers(decode(bytes, guessEncoding(bytes.subarray(0, 65536))));
  const text = big.text;
  if (big.count) {
    warnings.push({
      code: 'big_integers_as_text',
      message: `${big.count} whole number${big.count === 1 ? ' is' : 's are'} beyond 2^53, more than a JSON number holds exactly: kept as text with every digit (their columns are text)`
    });
  }
  const rows = parseRows(text, format, file, warnings);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  if (keys.length === 0) throw new ImportError(`${file}: the JSON holds no objects with fields`, file);
  const tooWide = tooManyColumns(file, keys.length, 'its objects have') ?? tooLongName(file, keys);
  if (tooWide) throw new ImportError(tooWide, file);
  const columns: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (const k of keys) columns[k] = column(rows.map((r) => r[k]));
  const ipc = tableToIPC(new Table(columns), 'stream');
  const data = `${table}__data`;
  await guarded(engine, file, 'loading the JSON data', opts.timeoutMs ?? 120_000, opts.signal, async () => {
    await engine.query(sql`DROP TABLE IF EXISTS ${ident(data)}`);
    await engine.insertArrowIPC(data, ipc);
  });
  opts.onProgress?.(bytes.length, bytes.length);
  return await finishRowTable(ctx, data, format, warnings);
}

function parseRows(text: string, format: 'json' | 'ndjson', file: string, w: Warning[]): Record<string, unknown>[] {
  const objects = (v: unknown[]): Record<string, unknown>[] =>
    v.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : { value: x }));
  if (format === 'json') {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new ImportError(`${file}: not valid JSON (${(e as Error).message})`, file);
    }
    if (Array.isArray(v)) return objects(v);
    if (v && typeof v === 'object') {
      // {"data": [...]} and similar wrappers: the one array of objects inside.
      const arrays = Object.values(v).filter(Array.isArray);
      if (arrays.length === 1) return objects(arrays[0] as unknown[]);
      return [v as Record<string, unknown>];
    }
    throw new ImportError(`${file}: the JSON is not an array of objects`, file);
  }
  const out: unknown[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch {
      bad.push(i + 1);
    }
  });
  if (out.length === 0) throw new ImportError(`${file}: no line is a JSON object`, file);
  if (bad.length) w.push({ code: 'rejected_rows', message: `${bad.length} lines are not JSON: ${bad.slice(0, 20).join(', ')}` });
  return objects(out);
}

function column(values: unknown[]): ReturnType<typeof vectorFromArray> {
  const present = values.filter((v) => v !== null && v !== undefined);
  let type: DataType = new Utf8();
  if (present.length && present.every((v) => typeof v === 'boolean')) type = new Bool();
  else if (present.length && present.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) type = new Int64();
  else if (present.length && present.every((v) => typeof v === 'number' && Number.isFinite(v) && !(Number.isInteger(v) && !Number.isSafeInteger(v)))) type = new Float64();
  const b = makeBuilder({ type, nullValues: [null, undefined] });
  for (const v of values) {
    if (v === null || v === undefined) b.append(null);
    else if (type instanceof Utf8) b.append(typeof v === 'object' ? JSON.stringify(v) : String(v));
    else if (type instanceof Int64) b.append(BigInt(v as number) as never);
    else b.append(v as never);
  }
  return b.finish().toVector() as ReturnType<typeof vectorFromArray>;
}
