import { describe, expect, it } from 'vitest';
import { sniffDialect } from './sniff';

describe('sniffDialect', () => {
  it('prefers the delimiter with consistent field counts, not the most frequent character', () => {
    const d = sniffDialect('id|name|note\n1|Acme, Inc.|first, second\n2|Foo|bar\n', true);
    expect([d.delimiter, d.fieldCount, d.header]).toEqual(['|', 3, true]);
  });

  it('finds the header after a preamble of comments and a blank line', () => {
    const d = sniffDialect('# Report\n# from 2024\n\nsource,sessions\ngoogle,12\nbing,3\n', true);
    expect([d.skip, d.preamble, d.names]).toEqual([3, [1, 2], ['source', 'sessions']]);
  });

  it('sees no header when the first row has numbers and dates like the rest', () => {
    const d = sniffDialect('e1,2024-03-01 10:00:00,5\ne2,2024-03-01 11:00:00,6\n', true);
    expect([d.header, d.names]).toEqual([false, ['column1', 'column2', 'column3']]);
  });

  it('reads runs of spaces as one separator in aligned text', () => {
    const d = sniffDialect(' id    date  n\r\n 00001 19970101  1\r\n 00002 19970112  2\r\n', true);
    expect([d.delimiter, d.names, d.newline]).toEqual(['whitespace', ['id', 'date', 'n'], '\r\n']);
  });

  it("detects ' quoting, backslash escapes, and mixed line endings outside quotes only", () => {
    expect(sniffDialect("id, name\n1, 'Smith, John'\n2, 'O''Brien'\n", true).quote).toBe("'");
    expect(sniffDialect('id,c\n1,"He said \\"hi\\""\n', true).escape).toBe('\\');
    expect(sniffDialect('a,b\n1,"x\r\ny"\n2,z\n', true).newline).toBe('\n');
    expect(sniffDialect('a,b\r\n1,2\n3,4\r5,6\n', true).newline).toBe('mixed');
  });

  it('ignores the cut last line of a head that is not the whole file', () => {
    const d = sniffDialect('a,b\n1,2\n3,4\n5', false);
    expect(d.records.length).toBe(3);
  });
});
