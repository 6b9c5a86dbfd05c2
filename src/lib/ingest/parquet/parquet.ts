import type { ImportedFile, ReaderContext } from '../import';
import { readAll } from '../import';
import { ident, lit, raw, sql } from '../../sql/quote';
import { ImportError } from '../../schema/errors';
import { readNumbers } from '../numbers';
import { describeColumns } from '../table';
import { checksOrLater } from '../report-checks';
import { tooLongName, tooManyColumns } from '../column-limit';
import { guarded } from '../watchdog';

/**
 * Parquet is read in JS by parquet-wasm into Arrow and inserted as such: DuckDB's own reader is an
 * extension that DuckDB-WASM downloads, which hangs offline.
 */
export interface ParquetModule {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
}

let loader: (() => Promise<ParquetModule>) | undefined;
let loaded: Promise<ParquetModule> | undefined;

/**
 * The page sets this (the esm build needs its wasm URL: `init(wasmUrl)` then the module); the
 * Node build (`parquet-wasm/node`) is the default when nothing was set.
 */
export function setParquetModule(m: ParquetModule | (() => Promise<ParquetModule>)): void {
  loader = typeof m === 'function' ? m : async () => m;
  loaded = undefined;
}

function parquet(): Promise<ParquetModule> {
  if (!loaded) {
    const spec = 'parquet-wasm/node';
    loaded = loader ? loader() : (import(/* @vite-ignore */ spec) as Promise<ParquetModule>);
  }
  return loaded;
}

export async function importParquet(ctx: ReaderContext): Promise<ImportedFile> {
  const { engine, file, table, opts } = ctx;
  const data = `${table}__data`;
  if (engine.readsParquet) return readInPlace(ctx, data);
  const bytes = await readAll(ctx.data);
  let ipc: Uint8Array;
  try {
    ipc = (await parquet()).readParquet(bytes).intoIPCStream();
  } catch (e) {
    throw new ImportError(`${file}: not a readable Parquet file (${(e as Error).message ?? e})`, file);
  }
  const step = <T>(what: string, f: () => Promise<T>) => guarded(engine, file, what, opts.timeoutMs ?? 120_000, opts.signal, f);
  await step('loading the Parquet data', async () => {
    await engine.query(sql`DROP TABLE IF EXISTS ${ident(data)}`);
    await engine.insertArrowIPC(data, ipc);
  });
  opts.onProgress?.(bytes.length, bytes.length);
  return await finishRowTable(ctx, data, 'parquet');
}

/**
 * Native DuckDB reads the file itself (in place when the command line lent it by path), so a
 * Parquet file larger than JavaScript's memory is read like a CSV. The table's types are the
 * ones the page gets through Arrow (the differential test of the two engines covers Parquet).
 */
async function readInPlace(ctx: ReaderContext, data: string): Promise<ImportedFile> {
  const { engine, file, path, opts } = ctx;
  await engine.registerFile(path, ctx.data);
  try {
    await guarded(engine, file, 'reading the Parquet file', opts.timeoutMs ?? 120_000, opts.signal, () =>
      engine.query(sql`CREATE OR REPLACE TABLE ${ident(data)} AS SELECT * FROM read_parquet(${lit(path)})`)
    );
  } catch (e) {
    if (e instanceof ImportError || (e as Error).name === 'AbortError') throw e;
    throw new ImportError(`${file}: not a readable Parquet file (${(e as Error).message ?? e})`, file);
  } finally {
    await engine.dropFile(path);
  }
  const size = ctx.data instanceof Uint8Array ? ctx.data.length : ctx.data.size;
  opts.onProgress?.(size, size);
  return await finishRowTable(ctx, data, 'parquet');
}

/** Numbers Parquet/JSON rows (`__line` = 1-based row) and builds the report. */
export async function finishRowTable(ctx: ReaderContext, data: string, format: 'parquet' | 'json' | 'ndjson', warnings: ImportedFile['warnings'] = []): Promise<ImportedFile> {
  const { engine, table } = ctx;
  const described = await describeColumns(engine, data);
  // DESCRIBE answers in rows; the next queries return one column per column (column-limit.ts).
  const tooWide = tooManyColumns(ctx.file, described.length) ?? tooLongName(ctx.file, described.map((c) => c.name));
  if (tooWide) {
    await engine.query(sql`DROP TABLE IF EXISTS ${ident(data)}`);
    throw new ImportError(tooWide, ctx.file);
  }
  const columns = await readNumbers(engine, data, described, warnings);
  const cols = columns.map((c) => ident(c.name).text).join(', ');
  await engine.query(raw(`CREATE OR REPLACE VIEW ${ident(table).text} AS SELECT ${cols}${cols ? ', ' : ''}rowid + 1 AS "__line", rowid AS "__row" FROM ${ident(data).text}`));
  const rows = Number((await engine.query<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(data)}`))[0].n);
  if (rows === 0) warnings.push({ code: 'no_data_rows', message: 'the file holds no rows' });
  const later = await checksOrLater(engine, ctx.file, table, columns, rows, warnings, ctx.opts);
  return { file: ctx.file, format, encoding: format === 'parquet' ? 'binary' : 'utf-8', header: true, rows, dataRows: rows, table, columns, rejected: [], warnings, ...later };
}
