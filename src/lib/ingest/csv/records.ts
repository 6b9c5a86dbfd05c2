/**
 * A small quote-aware record splitter for the head of a file (sniffing only: the data itself is
 * parsed by DuckDB). Tracks the physical line each record starts on.
 */

export interface HeadRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  /** Physical lines the record spans (more than 1 with quoted line breaks). */
  span: number;
  fields: string[];
  /** Whether each field was quoted (names of quoted header cells are not trimmed by DuckDB). */
  quoted: boolean[];
  /** Only whitespace (or nothing) on the line. */
  blank: boolean;
  /** A quote was still open at the end of the text. */
  unterminated: boolean;
  /** The line break that ends the record ('' at the end of the text). */
  eol: '' | '\n' | '\r\n' | '\r';
}

export interface SplitOptions {
  delimiter: string;
  quote: string;
  escape: string;
  /** Treat runs of spaces/tabs as one separator (whitespace-aligned text). */
  whitespace?: boolean;
  maxRecords?: number;
}

/** What `trim()` removes: a field of only these is blank. */
const WS = /^\s$/;

export function splitRecords(text: string, o: SplitOptions): HeadRecord[] {
  const out: HeadRecord[] = [];
  const max = o.maxRecords ?? Infinity;
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n && out.length < max) {
    const start = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let field = '';
    // Whether `field` is only whitespace so far, kept as characters are added: testing the string
    // itself at each stray quote (trim, or indexing a string being built) was quadratic on a long
    // cell of stray quotes (a fuzzed 200 KB cell of `a"b` took minutes).
    let fieldBlank = true;
    let isQuoted = false;
    let inQuote = false;
    let unterminated = false;
    let raw = '';
    let ended = false;
    let eol: HeadRecord['eol'] = '';
    for (;;) {
      if (i >= n) {
        if (inQuote) unterminated = true;
        break;
      }
      const c = text[i];
      if (inQuote) {
        if (o.escape && o.escape !== o.quote && c === o.escape && i + 1 < n) {
          field += text[i + 1];
          fieldBlank &&= WS.test(text[i + 1]);
          i += 2;
          continue;
        }
        if (c === o.quote) {
          if (text[i + 1] === o.quote) {
            field += c;
            fieldBlank = false;
            i += 2;
            continue;
          }
          inQuote = false;
          i++;
          continue;
        }
        if (c === '\n' || c === '\r') {
          line++;
          if (c === '\r' && text[i + 1] === '\n') {
            field += '\r';
            i++;
          }
        }
        field += text[i];
        fieldBlank &&= WS.test(text[i]);
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        eol = c === '\r' && text[i + 1] === '\n' ? '\r\n' : c;
        i += eol.length;
        line++;
        ended = true;
        break;
      }
      raw += c;
      if (o.whitespace ? c === ' ' || c === '\t' : c === o.delimiter) {
        if (o.whitespace) {
          while (text[i + 1] === ' ' || text[i + 1] === '\t') i++;
          if (field === '' && fields.length === 0) {
            i++;
            continue; // leading alignment spaces
          }
        }
        fields.push(field);
        quoted.push(isQuoted);
        field = '';
        fieldBlank = true;
        isQuoted = false;
        i++;
        continue;
      }
      // A quote opens a quoted field only at its start (spaces before it allowed, as DuckDB does).
      if (o.quote && c === o.quote && fieldBlank) {
        field = '';
        inQuote = true;
        isQuoted = true;
        i++;
        continue;
      }
      field += c;
      fieldBlank &&= WS.test(c);
      i++;
    }
    if (o.whitespace && field === '' && fields.length > 0 && /[ \t]$/.test(raw)) {
      // trailing alignment spaces
    } else {
      fields.push(field);
      quoted.push(isQuoted);
    }
    const blank = fields.length === 1 && !quoted[0] && fields[0].trim() === '';
    out.push({ line: start, span: line - start + (ended ? 0 : 1), fields, quoted, blank, unterminated, eol });
  }
  return out;
}
