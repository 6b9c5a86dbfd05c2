/** An error a person can act on: it names the field, the column or the file that is wrong. */
export class SpecError extends Error {
  constructor(
    message: string,
    /** Where in the spec, e.g. `analysis.steps[2].where[0].column`. */
    readonly field?: string,
    /** What kind of problem, for a report that files it under a warning code (never the message). */
    readonly code?: 'ambiguous_date',
    /**
     * The same problem in plain words for the page (no field path, no JSON): `message` is for a
     * spec's author and the command line, this is what a person choosing columns reads.
     */
    readonly people?: string
  ) {
    super(message);
    this.name = 'SpecError';
  }
}

/** A file that cannot be imported at all (empty, binary, unknown encoding, no parseable time …). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly file?: string
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * An error as a person on the page reads it: a SpecError's plain words when it has them, else its
 * message without the leading field path (`columns.user: `, `sources[1].time_format: `).
 */
export function forPeople(e: unknown): string {
  if (e instanceof SpecError && e.people) return e.people;
  const m = String((e as Error)?.message ?? e);
  if (!(e instanceof SpecError)) return m;
  const text = m.replace(/^(?:[A-Za-z_]\w*(?:\[\d+\])?\.)*[A-Za-z_]\w*(?:\[\d+\])?: /, '');
  return text === m ? m : text.charAt(0).toUpperCase() + text.slice(1);
}
