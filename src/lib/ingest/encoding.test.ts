import { describe, expect, it } from 'vitest';
import { decode, guessEncoding } from './encoding';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('guessEncoding', () => {
  it('knows BOMs', () => {
    expect(guessEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ kind: 'utf-8', bom: true });
    expect(guessEncoding(bytes(0xff, 0xfe, 0x61, 0))).toEqual({ kind: 'utf-16le', bom: true });
    expect(guessEncoding(bytes(0xfe, 0xff, 0, 0x61))).toEqual({ kind: 'utf-16be', bom: true });
  });

  it('finds UTF-16 without a BOM from its NUL pattern', () => {
    expect(guessEncoding(bytes(...ascii('a,b\n1,2\n').flatMap((c) => [c, 0]))).kind).toBe('utf-16le');
  });

  it('tells windows-1252 (bytes 0x80-0x9F) from Latin-1, and decodes € and curly quotes', () => {
    const cp = bytes(...ascii('id,b\n1,'), 0x80, ...ascii('5 '), 0x93, 0x94, 0x0a);
    expect(guessEncoding(cp).kind).toBe('windows-1252');
    expect(decode(cp, guessEncoding(cp))).toBe('id,b\n1,€5 “”\n');
    const l1 = bytes(...ascii('n\nJos'), 0xe9, 0x0a);
    expect(guessEncoding(l1).kind).toBe('iso-8859-1');
    expect(decode(l1, guessEncoding(l1))).toBe('n\nJosé\n');
  });

  it('calls a UTF-8 file with a damaged spot UTF-8 (replaced), not Latin-1', () => {
    expect(guessEncoding(bytes(...ascii('n\nBo'), 0xff, 0xfe, ...ascii('b\n'))).kind).toBe('utf-8-invalid');
    expect(guessEncoding(bytes(...ascii('n\n'), 0xc3, 0xa9, 0xe9, 0x0a)).kind).toBe('utf-8-invalid');
  });

  it('calls control-byte soup binary', () => {
    expect(guessEncoding(bytes(...Array.from({ length: 200 }, (_, i) => (i * 7) % 32))).kind).toBe('binary');
  });
});
