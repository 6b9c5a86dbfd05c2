/**
 * Text encoding of a file, decided in JS from its first bytes. DuckDB reads only UTF-8 (and fails,
 * or with store_rejects loads an empty table, on anything else), so every other encoding is
 * transcoded here; UTF-8 files stay where they are and DuckDB reads them directly.
 */

export type EncodingGuess =
  | { kind: 'utf-8'; bom: boolean }
  | { kind: 'utf-16le' | 'utf-16be'; bom: boolean }
  /** Single-byte text; `guessed` because no byte says so for sure. */
  | { kind: 'windows-1252' | 'iso-8859-1'; guessed: true }
  /** Mostly UTF-8 with a few invalid sequences: decoded with U+FFFD, affected lines reported. */
  | { kind: 'utf-8-invalid' }
  | { kind: 'binary'; reason: string };

// Bytes 0x80–0x9F that windows-1252 defines (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
const CP1252_DEFINED = new Set([
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95,
  0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f
]);

/** Length of the valid UTF-8 sequence at `i`, 0 if invalid, -1 if cut off by the end of `b`. */
function utf8Len(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  let n: number;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3;
  else if (c >= 0xf0 && c <= 0xf4) n = 4;
  else return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= b.length) return -1;
    if ((b[i + k] & 0xc0) !== 0x80) return 0;
  }
  // Overlong 3/4-byte forms and surrogates.
  if (c === 0xe0 && b[i + 1] < 0xa0) return 0;
  if (c === 0xed && b[i + 1] > 0x9f) return 0;
  if (c === 0xf0 && b[i + 1] < 0x90) return 0;
  if (c === 0xf4 && b[i + 1] > 0x8f) return 0;
  return n;
}

export interface Utf8Stats {
  multibyte: number;
  invalid: number;
}

export function utf8Stats(b: Uint8Array): Utf8Stats {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; ) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    const n = utf8Len(b, i);
    if (n === -1) break; // a sequence cut by the sample's end
    if (n === 0) {
      invalid++;
      i++;
    } else {
      multibyte++;
      i += n;
    }
  }
  return { multibyte, invalid };
}

/** Control bytes that never occur in text (NUL aside, which is counted separately). */
function isBinaryControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x00;
}

/** Guesses the encoding from the head of a file (the first 64 KiB or so). */
export function guessEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'utf-16be', bom: true };
  // UTF-16 without a BOM: ASCII text leaves NUL in every other byte.
  if (head.length >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    const n = Math.min(head.length, 4096) & ~1;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > n * 0.4 && evenNul < n * 0.05) return { kind: 'utf-16le', bom: false };
    if (evenNul > n * 0.4 && oddNul < n * 0.05) return { kind: 'utf-16be', bom: false };
  }
  let control = 0;
  let nul = 0;
  for (const c of head) {
    if (c === 0) nul++;
    else if (isBinaryControl(c)) control++;
  }
  // A few stray NULs are a damaged text file (reported, removed); many are binary data.
  if (control > head.length * 0.01 || nul > Math.max(8, head.length * 0.01)) {
    return { kind: 'binary', reason: 'it holds binary data' };
  }
  const { multibyte, invalid } = utf8Stats(head);
  if (invalid === 0) return { kind: 'utf-8', bom: false };
  if (multibyte > 0 || !plausibleSingleByte(head)) return { kind: 'utf-8-invalid' };
  for (const c of head) if (CP1252_DEFINED.has(c)) return { kind: 'windows-1252', guessed: true };
  return { kind: 'iso-8859-1', guessed: true };
}

/**
 * Single-byte text (Latin-1 or windows-1252) has its high bytes as accented letters or common
 * symbols between ASCII; 0xFE/0xFF pairs or runs of high bytes are damaged UTF-8 instead.
 */
function plausibleSingleByte(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    if (c >= 0x80 && c <= 0x9f && !CP1252_DEFINED.has(c)) return false;
    if (c === 0xfe || c === 0xff) {
      if ((b[i + 1] ?? 0) >= 0x80 || (b[i - 1] ?? 0) >= 0x80) return false;
    }
  }
  return true;
}

/** The WHATWG label TextDecoder takes for a guess. */
export function decoderLabel(g: EncodingGuess): string {
  if (g.kind === 'utf-8-invalid') return 'utf-8';
  if (g.kind === 'binary') throw new Error('binary data has no text encoding');
  return g.kind;
}

/** The name shown in the report (`encoding`). */
export function encodingName(g: EncodingGuess): string {
  if (g.kind === 'utf-8-invalid') return 'utf-8';
  if (g.kind === 'binary') return 'binary';
  return g.kind;
}

// windows-1252 at 0x80–0x9F (U+FFFD where it defines nothing); the rest of the byte range is Latin-1.
const CP1252_HIGH = '\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uFFFD\u017D\uFFFD' +
  '\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uFFFD\u017E\u0178';

/**
 * Single-byte text decoded here: Node's TextDecoder treats `windows-1252` as strict Latin-1 (the
 * curly quotes and € of 0x80–0x9F come out as control characters), browsers do not.
 */
function decodeSingleByte(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    let s = '';
    for (const b of chunk) s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    parts.push(s);
  }
  return parts.join('');
}

/** Decodes to a JS string, dropping a BOM. Invalid UTF-8 becomes U+FFFD. */
export function decode(bytes: Uint8Array, g: EncodingGuess): string {
  if (g.kind === 'windows-1252' || g.kind === 'iso-8859-1') return decodeSingleByte(bytes);
  // TextDecoder drops the BOM itself (ignoreBOM false).
  return new TextDecoder(decoderLabel(g), { fatal: false }).decode(bytes);
}
