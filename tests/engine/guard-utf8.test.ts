import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { codeUnitOffsets, refusedStatement, type Tokens } from '../../src/lib/engine/statement-guard';
import { lit, sql } from '../../src/lib/sql/quote';
import { rng } from '../support/rng';

/**
 * The statement guard reads DuckDB's tokens, whose offsets count UTF-8 bytes. Text with accents,
 * emoji or stray surrogates must be read at the same places as DuckDB reads it: found by the
 * 10,000-link run, where a stage named "awareness…é…" made a quoted "$$; COPY …" read as a COPY.
 */
let engine: NodeEngine;
const tokenize = (text: string): Tokens => (engine as unknown as { db: { tokenize(t: string): Tokens } }).db.tokenize(text);

beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(() => engine.close());

describe('byte offsets to string offsets', () => {
  it('hand-worked: ASCII unchanged; é is 2 bytes, € 3, 😀 4 bytes but 2 code units; a lone surrogate is 3 bytes', () => {
    expect(codeUnitOffsets('SELECT 1', [0, 7])).toEqual([0, 7]);
    // "é" bytes 0-1, "a" byte 2 → code units 0, 1
    expect(codeUnitOffsets('éa', [0, 2])).toEqual([0, 1]);
    expect(codeUnitOffsets('€x', [3])).toEqual([1]);
    expect(codeUnitOffsets('😀x', [4])).toEqual([2]);
    expect(codeUnitOffsets('\ud800x', [3])).toEqual([1]);
    expect(codeUnitOffsets('é', [0, 2, 9])).toEqual([0, 1, 1]);
  });

  it('every token of random mixed text starts where the bytes before it end (real tokenizer)', () => {
    const r = rng(11);
    const pieces = ['é', 'ü', '€', '😀', "'", "''", '"', ';', ' ', 'COPY', 'SELECT', 'x', '$$', '--', '\n', '/*', '*/', '1', ','];
    for (let n = 0; n < 300; n++) {
      let text = 'SELECT ';
      for (let i = 0; i < 30; i++) text += pieces[Math.floor(r() * pieces.length)];
      const t = tokenize(text);
      const bytes = Buffer.from(text, 'utf8');
      const mapped = codeUnitOffsets(text, t.offsets);
      t.offsets.forEach((b, i) => expect(mapped[i]).toBe(bytes.subarray(0, b).toString('utf8').length));
    }
  });
});

describe('the guard on text that is not ASCII', () => {
  it('a refused word inside a quoted literal after accents is not a statement', () => {
    const payloads = ["searchzq9x$$; COPY events TO '/import/x.csv'; $$", 'a; ATTACH x', "'; SET threads=1; --", 'é; PRAGMA version'];
    for (const p of payloads) {
      const text = sql`SELECT ${lit('awarenesszq9xééééééééé')} AS a, ${lit('😀😀')} AS b, ${lit(p)} AS c`.text;
      expect(refusedStatement(text, tokenize(text))).toBeNull();
    }
    // The statement the 10,000-link run found refused (seed 6397): a build with a hostile link's stages.
    const found = "CREATE TABLE events AS\n      SELECT \"row_id\", \"file\", \"line\", \"user_id\", \"ts\", \"event\", CASE WHEN event IN ('purchase<img src=x onerror=\"window.__pwned=1\">zq9x') THEN 'awarenesszq9xéééééééééééééééééééééééééééééééééééééééééééééééééé' WHEN event IN ('nps_surveyzq9x\n/* */ UNION SELECT 1 --', 'javascript:alert(''zq9x'')', 'zq9x\" OR 1=1; --') THEN 'considerationzq9x%27%22%3C' WHEN event IN ('signupjavascript:alert(''zq9x'')') THEN 'zq9x%27%22%3C' WHEN event IN ('searchzq9x$$; COPY events TO ''/import/x.csv''; $$') THEN '=HYPERLINK(\"http://x\",\"zq9x\")' END AS stage, \"channel\", \"campaign\", \"revenue\", \"order_id\", \"score\",\n        * EXCLUDE (\"row_id\", \"file\", \"line\", \"user_id\", \"ts\", \"event\", \"stage\", \"channel\", \"campaign\", \"revenue\", \"order_id\", \"score\", \"__reason\"), __reason\n      FROM (SELECT * FROM \"__events_src_0\")";
    expect(refusedStatement(found, tokenize(found))).toBeNull();
    // Every shift: 1 to 80 accents before a quoted "; COPY …" (misread, one of them lands on COPY).
    for (let n = 1; n <= 80; n++) {
      for (const p of ["searchzq9x$$; COPY events TO '/import/x.csv'; $$", 'x; ATTACH y', 'x;SET z']) {
        const text = sql`SELECT ${lit('é'.repeat(n))} AS a, ${lit(p)} AS c`.text;
        expect(refusedStatement(text, tokenize(text)), text).toBeNull();
      }
    }
  });

  it('a refused statement after accents is still found', () => {
    for (const text of ["SELECT 'ééééé'; COPY t TO '/import/x.csv'", "SELECT '😀'; ATTACH '/import/n.db'", "SELECT 'é' AS \"ü\"; SET threads = 1"]) {
      expect(refusedStatement(text, tokenize(text))).not.toBeNull();
    }
  });
});
