import { describe, expect, it } from 'vitest';
import { physicalOf, scanLines } from './line-map';

const enc = (s: string) => new TextEncoder().encode(s);
const opts = { newline: 10, quote: 34, escape: -1, delimiter: 44 };

describe('scanLines', () => {
  it('counts physical lines and records, empty lines and quoted line breaks', async () => {
    // lines: 1 a,b | 2 1,"x | 3 y" | 4 (empty) | 5 2,z | 6 3,"p | 7 q"
    const m = await scanLines(enc('a,b\n1,"x\ny"\n\n2,z\n3,"p\r\nq"'), opts);
    expect([m.physical, m.logical, m.empty]).toEqual([7, 5, [3]]);
    expect([1, 2, 3, 4, 5].map((l) => physicalOf(m, l))).toEqual([1, 2, 4, 5, 6]);
    expect([m.lf, m.crlf, m.cr]).toEqual([4, 0, 0]);
  });

  it('ignores a quote inside an unquoted value (15" monitor)', async () => {
    const m = await scanLines(enc('id,t\n1,15" monitor\n2,x\n'), opts);
    expect([m.physical, m.logical, m.shifts]).toEqual([3, 3, []]);
  });

  it('sees mixed line endings and NUL bytes', async () => {
    const m = await scanLines(enc('a\r\nb\nc\rd\u0000\n'), opts);
    expect([m.crlf, m.lf, m.cr, m.nulLines]).toEqual([1, 2, 1, [3]]);
  });

  it('gives the same answer for a Blob read in chunks', async () => {
    const text = 'a,b\n' + '1,"x\ny"\n\n'.repeat(1000);
    const a = await scanLines(enc(text), opts);
    const b = await scanLines(new Blob([enc(text)]), opts);
    expect(b).toEqual(a);
  });
});
