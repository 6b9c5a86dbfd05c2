import { setParquetModule, type ParquetModule } from './parquet';

/**
 * In the page, parquet-wasm's esm build is loaded on the first Parquet file only (its 4.8 MB wasm
 * is not part of first load), from the app's own assets: no CDN, works offline.
 */
export function useBrowserParquet(): void {
  setParquetModule(async () => {
    const [mod, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
    await mod.default({ module_or_path: wasm.default });
    return mod as unknown as ParquetModule;
  });
}
