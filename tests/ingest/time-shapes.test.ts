import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeEngine } from '../../src/lib/engine/node';
import { ident, join, lit, raw, type Fragment } from '../../src/lib/sql/quote';
import { detectTimeFormat, timeShapes } from '../../src/lib/ingest/time/time-format';

/**
 * The sampled shapes (a sample's shapes checked against every value with regular expressions)
 * must give exactly what the general query (translate() on every distinct value) gives: the same
 * shapes in the same order, hence the same detection. Sample sizes of 0 (the general query
 * alone), 1 and 3 (shapes missing from the sample: the check fails and the general query runs)
 * and the default.
 */

let engine: NodeEngine;
beforeAll(async () => {
  engine = await NodeEngine.create();
});
afterAll(async () => engine.close());

async function table(values: (string | number | null)[], type = 'VARCHAR'): Promise<void> {
  const rows = join(values.map((v) => raw(`(CAST(${lit(v).text} AS ${type}))`)));
  await engine.query(raw(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ${rows.text}) v(${ident('c').text})`));
}

/** Whether the last call of `f` ran the general query (translate() on every distinct value). */
async function general<T>(f: () => Promise<T>): Promise<{ value: T; general: boolean }> {
  const query = engine.query.bind(engine);
  let ran = false;
  engine.query = ((q: Fragment, s?: AbortSignal) => {
    if (q.text.includes('ORDER BY n DESC, shape LIMIT 1000')) ran = true;
    return query(q, s);
  }) as typeof engine.query;
  try {
    return { value: await f(), general: ran };
  } finally {
    engine.query = query;
  }
}

/** Shapes and detection by every sample size equal the general query's; `sampled`: the default took the sample's. */
async function same(values: (string | number | null)[], type = 'VARCHAR', sampled?: boolean): Promise<string[]> {
  await table(values, type);
  const shapes = await timeShapes(engine, 't', 'c', type, 0);
  const detected = await detectTimeFormat(engine, 't', 'c', type, 0);
  for (const n of [1, 3, undefined]) {
    const got = await general(() => timeShapes(engine, 't', 'c', type, n));
    expect(got.value, `sample ${n ?? 'default'}`).toEqual(shapes);
    if (n === undefined && sampled !== undefined) expect(got.general).toBe(!sampled);
    expect(await detectTimeFormat(engine, 't', 'c', type, n), `sample ${n ?? 'default'}`).toEqual(detected);
  }
  return shapes;
}

describe('sampled time shapes equal the general query', () => {
  it('one shape, with blanks, padding and nulls', async () => {
    expect(await same(['2024-03-05T10:00:00Z', ' 2024-03-06T11:00:00Z ', '', '   ', null, '2025-12-31T23:59:59Z'], 'VARCHAR', true)).toEqual(['9999-99-99T99:99:99Z']);
    expect(await same([null, '', ' '])).toEqual([]);
  });

  it('a shape that only appears after the sample', async () => {
    const v = Array.from({ length: 20 }, (_, i) => `2024-03-${String((i % 28) + 1).padStart(2, '0')}`);
    expect(await same([...v, '2024-03-05 10:00'])).toEqual(['9999-99-99', '9999-99-99 99:99']);
  });

  it('several shapes: most distinct values first, ties by shape (byte order)', async () => {
    expect(await same(['03/05/2024', '13/05/2024', '2024-03-05', '2024-03-05', '2024-03-06', '1709287200', 'x', 'X', '-', 'a'], 'VARCHAR', true)).toEqual(
      ['99/99/9999', '9999-99-99', '-', '9999999999', 'X', 'a', 'x']
    );
  });

  it('day/month and epoch columns, typed as numbers', async () => {
    await same(['03/05/2024', '04/06/2024', '05/07/2024 10:30']);
    await same(['13/05/2024', '03/05/2024']);
    await same([1709287200, 1709287260, 1709287200123], 'BIGINT', true);
    await same([1709287200.5, 17092872], 'DOUBLE');
    await same([19970101, 19971231], 'BIGINT');
  });

  it('characters that mean something in a regular expression or in LIKE', async () => {
    const odd = ['2024.03.05', '(2024)', '[05]', '2024+0200', 'a\\b', '*', '?9', '|9|', '^9$', '%_9', '{9}', "o'clock 9", '9 9'];
    const shapes = await same(odd);
    expect(shapes).toHaveLength(odd.length);
    for (const v of odd) await same([v, v, v], 'VARCHAR', true);
  });

  it('non-ASCII text, control characters and more than 8 shapes', async () => {
    await same(['2024年03月05日', '2024年03月06日'], 'VARCHAR', false);
    await same(['2024-03-05\t10:00', '2024-03-06\t11:00'], 'VARCHAR', false);
    await same(['é9', 'e9', 'É9']);
    await same(Array.from({ length: 12 }, (_, i) => '9'.repeat(i + 1)), 'VARCHAR', false);
  });

  it('random columns', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['0', '1', '5', '9', '-', '/', ':', ' ', 'T', 'Z', '.', '+', 'ä', '\\', '[', ']', '*', '?', '!', ''];
    for (let trial = 0; trial < 60; trial++) {
      const patterns = Array.from({ length: 1 + rand(4) }, () => Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]));
      const values = Array.from({ length: 1 + rand(25) }, () => {
        if (rand(10) === 0) return rand(2) ? null : '  ';
        const p = patterns[rand(patterns.length)];
        return p.map((c) => (c === '9' ? String(rand(10)) : c)).join('');
      });
      await same(values);
    }
  });

  it('random day/month columns (day and month fields read through the shapes)', async () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const field = (max: number, pad: boolean) => {
      const v = 1 + rand(max);
      return pad ? String(v).padStart(2, '0') : String(v);
    };
    for (let trial = 0; trial < 30; trial++) {
      const seps = ['/', '.', '-'].slice(0, 1 + rand(2));
      const big = rand(3); // 0: fields up to 12 (ambiguous), 1: days up to 28 first, 2: days up to 28 second
      const values = Array.from({ length: 1 + rand(20) }, () => {
        const sep = seps[rand(seps.length)];
        const [a, b] = [field(big === 1 ? 28 : 12, rand(2) === 0), field(big === 2 ? 28 : 12, rand(2) === 0)];
        const time = rand(3) === 0 ? ` ${field(23, true)}:${field(59, true)}` : '';
        return `${a}${sep}${b}${sep}20${field(30, true)}${time}`;
      });
      await same(values);
    }
  });
});
