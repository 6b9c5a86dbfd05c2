import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { importFile } from '../../src/lib/ingest/import';
import { columnsToWiden, WIDEN_MIN_LINES, type RejectRow } from '../../src/lib/ingest/csv/csv-read';
import { raw } from '../../src/lib/sql/quote';

/**
 * DuckDB types a CSV column from a sample of its first rows (20,480). A column whose values stop
 * fitting that type far down the file is read as text when many lines would be lost, and a few
 * stray values stay rejected lines (bad-csv fixture 44 keeps its one rejected line).
 */
const enc = (s: string) => new TextEncoder().encode(s);
let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => {
  await engine?.close();
});

function idsTurningToText(numeric: number, coded: number): string {
  const lines = ['user_id,event_time,event'];
  for (let i = 0; i < numeric + coded; i++) lines.push(`${i < numeric ? 1000 + (i % 700) : `c-${i % 700}`},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,visit`);
  return lines.join('\n') + '\n';
}

describe('a column that changes kind past the type sample', () => {
  it('is read as text when many lines would be lost: every line loaded, the change said', async () => {
    const f = await importFile(engine, { name: 'ids.csv', data: enc(idsTurningToText(30_000, 5_000)) }, 0);
    expect(f.rows).toBe(35_000);
    expect(f.rejected).toEqual([]);
    expect(f.columns[0]).toEqual({ name: 'user_id', type: 'VARCHAR' });
    const w = f.warnings.find((x) => x.code === 'read_as_text');
    expect(w?.message).toBe('column "user_id" is read as text: 5000 lines further down the file hold values like "c-600", not whole numbers');
    const last = await engine.query<{ user_id: string }>(raw(`SELECT user_id FROM ${f.table} ORDER BY __row DESC LIMIT 1`));
    expect(last[0].user_id).toBe(`c-${34_999 % 700}`);
  });

  it('keeps its type when only a few lines do not fit: those lines are rejected and named', async () => {
    const f = await importFile(engine, { name: 'few.csv', data: enc(idsTurningToText(30_000, 3)) }, 1);
    expect(f.columns[0].type).toBe('BIGINT');
    expect(f.rejected.map((r) => r.line)).toEqual([30_002, 30_003, 30_004]);
    expect(f.warnings.some((x) => x.code === 'read_as_text')).toBe(false);
  });
});

describe('columnsToWiden (the rule, by hand)', () => {
  const cast = (line: number, column: string): RejectRow => ({ line, error_type: 'CAST', csv_line: '', error_message: `Could not convert string "x${line}" to 'INT64'`, column_name: column });
  const r = { names: ['id', 'n', 'note'], types: ['BIGINT', 'BIGINT', 'VARCHAR'] };

  it('needs both WIDEN_MIN_LINES lines and 1% of the data lines in one column', () => {
    const many = Array.from({ length: WIDEN_MIN_LINES }, (_, i) => cast(i + 2, 'n'));
    expect(columnsToWiden(many, r, 10_000)).toEqual([{ index: 1, lines: 100, example: 'x2' }]);
    expect(columnsToWiden(many, r, 10_001)).toEqual([]);
    expect(columnsToWiden(many.slice(1), r, 100)).toEqual([]);
  });

  it('counts lines, not reports, and ignores other errors and text columns', () => {
    const twice = Array.from({ length: WIDEN_MIN_LINES }, (_, i) => [cast(i + 2, 'id'), cast(i + 2, 'id')]).flat();
    const other = Array.from({ length: 500 }, (_, i) => ({ ...cast(i + 2, 'id'), error_type: 'TOO MANY COLUMNS' }));
    expect(columnsToWiden([...twice.slice(2), ...other], r, 1000)).toEqual([]);
    expect(columnsToWiden(Array.from({ length: 200 }, (_, i) => cast(i + 2, 'note')), r, 1000)).toEqual([]);
  });
});
