/**
 * JSON numbers are doubles: `JSON.parse` turns the id 9007199254740993 into …992, and two users
 * become one without a word. Before parsing, integer literals a double cannot hold exactly are
 * rewritten as JSON strings holding their exact digits, so they arrive as text (a column holding
 * any of them is a text column, which is what ids are). A scan that knows where strings are, so digits inside
 * string values are never touched; runs only when the text has a long digit run at all.
 */
export function quoteBigIntegers(text: string): { text: string; count: number } {
  if (!/\d{16}/.test(text)) return { text, count: 0 };
  const out: string[] = [];
  let from = 0;
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string, honouring backslash escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token) && BigInt(token) !== BigInt(Number(token))) {
        out.push(text.slice(from, start), '"', token, '"');
        from = i;
        count++;
      }
    } else i++;
  }
  if (count === 0) return { text, count };
  out.push(text.slice(from));
  return { text: out.join(''), count };
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
