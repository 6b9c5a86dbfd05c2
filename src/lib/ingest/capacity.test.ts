import { describe, expect, it } from 'vitest';
import { checkRows, checkTextSize, estimateBuildPeak, formatSize, isOutOfMemory, outOfMemoryMessage, parseSize } from './capacity';

const GiB = 1024 ** 3;
const LIMIT = Math.round(3.1 * GiB); // DuckDB-WASM's default memory_limit, as current_setting prints it

describe('parseSize / formatSize', () => {
  it('reads DuckDB memory_limit strings', () => {
    expect(parseSize('3.1 GiB')).toBe(LIMIT);
    expect(parseSize('512.0 MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('19.2 GB')).toBe(19.2e9);
    expect(parseSize('100MB')).toBe(100e6);
    expect(parseSize('1024 bytes')).toBe(1024);
    expect(parseSize('unlimited')).toBeNull();
    expect(parseSize('')).toBeNull();
  });
  it('prints sizes', () => {
    expect(formatSize(LIMIT)).toBe('3.1 GiB');
    expect(formatSize(689e6)).toBe('689 MB');
    expect(formatSize(2048)).toBe('2 KB');
  });
});

describe('checkTextSize (before reading a file)', () => {
  it('lets the 10M benchmark file (689 MB) through to the row check, refuses a 1 GB file (over 1/3.5 of the limit)', () => {
    expect(checkTextSize('journeys-10m.csv', 689e6, LIMIT)).toBeNull();
    expect(checkTextSize('a.csv', 0.9e9, LIMIT)).toBeNull();
    // 3.5 × 1 GB = 3.5 GB > 3.1 GiB (3.33 GB); 950 MB is where the refusal starts.
    expect(checkTextSize('a.csv', 0.95e9, LIMIT)).toBeNull();
    const m = checkTextSize('big.csv', 1e9, LIMIT);
    expect(m).toBe(
      'big.csv is too big for this browser tab: 1000 MB of text needs at least 3.3 GiB of memory in the analysis engine, which may use 3.1 GiB here ' +
        '(files up to about 951 MB can be tried). Load a shorter period or fewer columns (split the export, e.g. by month, and load one part).'
    );
  });
  it('on the command line, says what to do there; a compressed file is judged by its size too', () => {
    const m = checkTextSize('big.csv.gz', 1.2e9, LIMIT, 'command line', true);
    expect(m).toMatch(/^big\.csv\.gz is too big for the command line: 1\.1 GiB of compressed data holds more text and needs at least 3\.9 GiB .* may use 3\.1 GiB here/);
    expect(m).toMatch(/pass one part with --data/);
  });
  it('refuses nothing when the limit is unknown', () => {
    expect(checkTextSize('big.csv', 50e9, null)).toBeNull();
  });
});

describe('estimateBuildPeak / checkRows (after the import)', () => {
  it('stays within the measured peak at 1M rows × 9 columns (over 250 MB, under 350 MB)', () => {
    const peak = estimateBuildPeak([{ file: 'j.csv', rows: 1e6, columns: 9 }]);
    expect(peak).toBeGreaterThanOrEqual(250e6);
    expect(peak).toBeLessThanOrEqual(350e6);
    expect(checkRows([{ file: 'j.csv', rows: 1e6, columns: 9 }], LIMIT)).toBeNull();
  });
  it('lets 10M rows × 9 columns through (measured: they fit in 3.1 GiB), refuses 15M, saying how many rows would fit', () => {
    expect(checkRows([{ file: 'journeys-10m.csv', rows: 10e6, columns: 9 }], LIMIT)).toBeNull();
    const m = checkRows([{ file: 'journeys-15m.csv', rows: 15e6, columns: 9 }], LIMIT);
    expect(m).toMatch(/^journeys-15m\.csv is too big for this browser tab: 15,000,000 rows × 9 columns need about 3\.7 GiB .* may use 3\.1 GiB here/);
    expect(m).toMatch(/about 12,000,000 rows of this file would fit/);
  });
  it('counts the files loaded before: each fits alone, not together', () => {
    const a = { file: 'a.csv', rows: 7e6, columns: 9 };
    const b = { file: 'b.csv', rows: 7e6, columns: 9 };
    expect(checkRows([a], LIMIT)).toBeNull();
    const m = checkRows([a, b], LIMIT);
    expect(m).toMatch(/^b\.csv is too big .* together with the file already loaded/);
    expect(m).toMatch(/about 5,500,000 rows of this file would fit/);
  });
  it('a narrow file still pays for the 12 fixed events columns', () => {
    expect(estimateBuildPeak([{ file: 'x', rows: 1, columns: 3 }])).toBe(3 * 2 + 12 * 19);
    expect(estimateBuildPeak([{ file: 'x', rows: 1, columns: 20 }])).toBe(20 * 2 + (12 + 12) * 19);
  });
  it('refuses nothing when the limit is unknown', () => {
    expect(checkRows([{ file: 'x', rows: 1e9, columns: 50 }], null)).toBeNull();
  });
});

describe('out-of-memory messages', () => {
  const duck = 'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)\nOr set SET temp_directory=...';
  it('recognises DuckDB\'s error, also wrapped by the page engine', () => {
    expect(isOutOfMemory(new Error(duck))).toBe(true);
    expect(isOutOfMemory(new Error(`The analysis engine stopped (${duck.split('\n')[0]}). It is being restarted; your files will be read again.`))).toBe(true);
    expect(isOutOfMemory(new Error('Binder Error: column "x" not found'))).toBe(false);
    expect(isOutOfMemory('out of memory')).toBe(true);
  });
  it('says what needed the memory, the limit, that the engine is back, and what to do', () => {
    const m = outOfMemoryMessage(new Error(duck), 'building the journey from these files');
    expect(m).toBe(
      'Not enough memory: building the journey from these files needs more than the analysis engine in this browser tab may use (3.1 GiB). ' +
        'The engine is usable again and what was loaded before is still there. Load a shorter period or fewer columns (split the export, e.g. by month, and load one part).'
    );
    expect(outOfMemoryMessage(new Error('Out of Memory Error: failed to allocate'), 'this funnel analysis', 'Narrow it.')).toBe(
      'Not enough memory: this funnel analysis needs more than the analysis engine in this browser tab may use. The engine is usable again and what was loaded before is still there. Narrow it.'
    );
    expect(outOfMemoryMessage(new Error(duck), 'x')).not.toMatch(/temp_directory/);
  });
  it('on the command line it speaks of its flags, never of a browser tab', () => {
    const wasm = outOfMemoryMessage(new Error(duck), 'reading big.csv', undefined, 'command line');
    expect(wasm).toMatch(/^Not enough memory: reading big\.csv needs more than the command line's engine \(DuckDB-WASM, held to a browser tab's memory\) may use \(3\.1 GiB\)\./);
    expect(wasm).toMatch(/pass one part with --data/);
    expect(wasm).toMatch(/Or add --engine native/);
    const native = outOfMemoryMessage(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (5.9 GiB/6.0 GiB used)'), 'this funnel analysis', 'Narrow it.', 'native');
    expect(native).toBe(
      'Not enough memory: this funnel analysis needs more than native DuckDB may use (6.0 GiB). The engine is usable again and what was loaded before is still there. Narrow it. ' +
        'Or raise --memory-limit, or point --temp-dir at a disk with room: what does not fit in memory spills there.'
    );
    expect(native).not.toMatch(/browser/);
  });
});
