/** An error a person can act on: it names the field, the column or the file that is wrong. */
export class SpecError extends Error {
  constructor(
    message: string,
    /** Where in the spec, e.g. `analysis.steps[2].where[0].column`. */
    readonly field?: string,
    /** What kind of problem, for a report that files it under a warning code (never the message). */
    readonly code?: 'ambiguous_date'
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
