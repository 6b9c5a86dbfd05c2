/**
 * The second wall behind the lockdown (the first: the query entry takes only text built by the
 * app's SQL builder). DuckDB's `allowed_directories` lets a statement write as well as read inside
 * /import/: `ATTACH '/import/new.db'` and `COPY t TO '/import/out.csv'` succeed, and on the
 * command line that is the real disk. No DuckDB 1.4 setting tells reading from writing
 * (`allowed_paths` and `allowed_directories` both grant both; `access_mode` is fixed at open and
 * would forbid the app's own tables), so statements of the kinds the app never runs after start-up
 * are refused here. The kind is read from DuckDB's own tokenizer, so a word inside a string, a
 * quoted name or a comment never counts and no lexer of ours can disagree with DuckDB's.
 */
export interface Tokens {
  /** Where each token starts, in bytes of the UTF-8 text (DuckDB's count). */
  offsets: number[];
  types: number[];
}

// duckdb-wasm's TokenType: 3 OPERATOR, 4 KEYWORD.
const OPERATOR = 3;
const KEYWORD = 4;

/**
 * Statements that attach, write or export files, load extensions or change settings; and the
 * statements that run another one later or inside them, past this first-word check:
 * `EXPLAIN ANALYZE COPY … TO` writes the file and `EXPLAIN ANALYZE PRAGMA …` changes a setting
 * (EXPLAIN ANALYZE runs what it explains), `PREPARE p AS COPY …` then `EXECUTE p` writes it too
 * (measured on DuckDB-WASM 1.4.3). The app runs none of them.
 */
const REFUSED_FIRST = new Set(['ATTACH', 'DETACH', 'COPY', 'EXPORT', 'IMPORT', 'INSTALL', 'FORCE', 'LOAD', 'PRAGMA', 'SET', 'RESET', 'CALL', 'EXPLAIN', 'PREPARE', 'EXECUTE']);
/** Anywhere: a persistent secret is a file written to disk. */
const REFUSED_ANYWHERE = new Set(['SECRET']);

/**
 * DuckDB's tokenizer counts offsets in bytes of UTF-8; a JavaScript string counts UTF-16 code
 * units. Read as code units, every offset after an `é` was off by one: a link's stage name with
 * accents shifted the tokens until a quoted `…; COPY …` read as a COPY statement (found by the
 * 10,000-link run), and a shift the other way could hide a keyword.
 */
export function codeUnitOffsets(text: string, byteOffsets: readonly number[]): number[] {
  if (!/[^\x00-\x7f]/.test(text)) return [...byteOffsets];
  const out: number[] = [];
  let bytes = 0;
  let k = 0;
  for (let i = 0; k < byteOffsets.length; ) {
    while (k < byteOffsets.length && byteOffsets[k] <= bytes) out[k++] = i;
    if (i >= text.length) break;
    const c = text.codePointAt(i)!;
    // A lone surrogate is encoded as U+FFFD: 3 bytes, like any other code point below 0x10000.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  while (k < byteOffsets.length) out[k++] = text.length;
  return out;
}

/** The refused keyword of the first refused statement in `text`, or null. */
export function refusedStatement(text: string, tokens: Tokens): string | null {
  let first = true;
  const offsets = codeUnitOffsets(text, tokens.offsets);
  for (let i = 0; i < offsets.length; i++) {
    const token = text.slice(offsets[i], offsets[i + 1] ?? text.length).trim();
    if (tokens.types[i] === KEYWORD) {
      const word = (/^[A-Za-z_]+/.exec(token)?.[0] ?? '').toUpperCase();
      if ((first && REFUSED_FIRST.has(word)) || REFUSED_ANYWHERE.has(word)) return word;
    }
    first = tokens.types[i] === OPERATOR && token.includes(';');
  }
  return null;
}

export function refusal(word: string): Error {
  return new Error(`Permission Error: ${word} statements are not run by this app`);
}
