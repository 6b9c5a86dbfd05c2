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

describe('scanLines: wide lines (quote-less scans)', () => {
  const plain = { newline: 10, quote: -1, escape: -1, delimiter: 44, fields: 3 };

  it('lists long lines with more fields than expected, with their byte range and field count', async () => {
    const wide = 'x,'.repeat(200) + 'y';
    const text = `a,b,c\n1,2,3\n${wide}\r\n${'z'.repeat(300)},2,3\n${wide}`;
    const m = await scanLines(enc(text), plain);
    const start = 12;
    expect(m.wide).toEqual([
      { logical: 3, start, end: start + wide.length, fields: 201 },
      { logical: 5, start: text.length - wide.length, end: text.length, fields: 201 }
    ]);
  });

  it('counts a line that spans read chunks (2 MB) the same in a Blob', async () => {
    const text = 'a,b,c\n' + 'lorem,ipsum '.repeat(300_000) + '\n1,2,3\n';
    const a = await scanLines(enc(text), plain);
    const b = await scanLines(new Blob([enc(text)]), plain);
    expect(a.wide).toEqual([{ logical: 2, start: 6, end: 6 + 12 * 300_000, fields: 300_001 }]);
    expect(b).toEqual(a);
  });

  it('when quotes are read, counts only the lines without a quote (a delimiter may be inside one)', async () => {
    const quoted = await scanLines(enc('a,b\n"' + 'x,'.repeat(300) + '"\n' + 'y,"z",' + 'x,'.repeat(300) + '\n'), { ...opts, fields: 2 });
    expect(quoted.wide).toEqual([]);
    // A long line of delimiters and no quote in a quoted file (a pasted cell): 301 fields.
    const bare = await scanLines(enc('a,b\n' + 'x,'.repeat(300) + '\n'), { ...opts, fields: 2 });
    expect(bare.wide).toEqual([{ logical: 2, start: 4, end: 604, fields: 301 }]);
  });
});

describe('scanLines: backslash escapes', () => {
  it('an escaped backslash before a quote closes the value (as DuckDB reads `\\\\"`)', async () => {
    // Found by tests/ingest/fuzz.test.ts (seed 102): the value `ends with backslash \\` repeated on
    // two lines was read as never closed, and the line count was one short.
    const text = 'id,comment\n3,"ends \\\\"\n3,"ends \\\\"\n4,"a \\"q\\" b"\n';
    const m = await scanLines(enc(text), { newline: 10, quote: 34, escape: 92, delimiter: 44 });
    expect([m.physical, m.logical]).toEqual([4, 4]);
  });
});

describe('scanLines: lines of the wrong width in a quoted scan', () => {
  it('counts a line whose quotes open no value (a quote inside a word) as wide', async () => {
    // Found by tests/ingest/fuzz.test.ts (seed 891): 10,574 fields and a quote inside a word kept
    // DuckDB's rejects pass busy for 35 s (8 minutes with `"` as the escape).
    const line = 'lorem,ipsum '.repeat(100) + 'lore",end';
    const m = await scanLines(enc(`a,b,c\n1,2,3\n${line}\n4,5,6\n`), { ...opts, fields: 3 });
    expect(m.wide).toEqual([{ logical: 3, start: 12, end: 12 + line.length, fields: 102 }]);
    // A quote that opens a value leaves the line uncounted: its delimiters may be inside it.
    const opened = await scanLines(enc(`a,b,c\n1,"${'x,'.repeat(200)}",3\n`), { ...opts, fields: 3 });
    expect(opened.wide).toEqual([]);
  });

  it('lists short lines only when asked, with their field count; empty lines are not short', async () => {
    const text = 'a,b,c\n1,2,3\nword\n\n4,5\n"q,x",5,6\n7,"y\nz"\nmid"quote\n';
    const plain = await scanLines(enc(text), { ...opts, fields: 3 });
    expect(plain.narrow).toEqual([]);
    const m = await scanLines(enc(text), { ...opts, fields: 3, narrow: true });
    expect(m.narrow).toEqual([
      { logical: 3, start: 12, end: 16, fields: 1 },
      { logical: 5, start: 18, end: 21, fields: 2 },
      // line 7 (`7,"y` `z"`) opens a quote: not counted; `mid"quote` does not open one.
      { logical: 8, start: text.length - 10, end: text.length - 1, fields: 1 }
    ]);
    expect(m.empty).toEqual([4]);
    // The same in a Blob and without a last line break.
    expect((await scanLines(new Blob([enc(text)]), { ...opts, fields: 3, narrow: true })).narrow).toEqual(m.narrow);
    expect((await scanLines(enc(text.slice(0, -1)), { ...opts, fields: 3, narrow: true })).narrow).toEqual(m.narrow);
  });
});

describe('scanLines: text after a closing quote', () => {
  it('lists one-line records where text follows the quote that closed a value, when asked', async () => {
    // Found by tests/ingest/fuzz.test.ts (seed 3367): a quote put into a 1 MB quoted cell.
    const text = 'a,b,c\n1,"x"y,3\n2,"ok" ,3\n3,"p\nq"r,4\n4,"z"\n';
    const m = await scanLines(enc(text), { ...opts, fields: 3, narrow: true });
    // Line 2 is broken; `"ok" ,` is not (spaces may follow); the record over lines 4-5 is broken
    // but spans two lines (a comment would skip only the first); line 6 ends after its quote.
    expect(m.broken).toEqual([{ logical: 2, start: 6, end: 14, fields: 0 }]);
    expect((await scanLines(enc(text), { ...opts, fields: 3 })).broken).toEqual([]);
    expect((await scanLines(enc('a,b\n1,"x"y'), { ...opts, fields: 2, narrow: true })).broken).toEqual([{ logical: 2, start: 4, end: 10, fields: 0 }]);
  });
});
