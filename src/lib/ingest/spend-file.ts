import { SpecError } from '../schema/errors';
import type { Spend } from '../analysis/kpis';
import type { Source } from '../schema/types';
import { namesFile, type MappedFileInput } from './mapping';

/**
 * Splits the files given into those stacked into `events` and the spend file the spec names
 * (contract: KPIs, `spend`): a spend file is imported like any other but holds no users, so it is
 * never mapped as events; its raw table stays for the KPIs to read. A name that matches no file,
 * or a file that is also a `sources` entry, is a spec error naming `spend.file`.
 */
export function splitSpendFile<F extends MappedFileInput>(
  files: readonly F[],
  spend: Pick<Spend, 'file'> | undefined,
  sources: Source[] | undefined
): { events: F[]; spend: F | undefined } {
  if (spend === undefined) return { events: [...files], spend: undefined };
  // An exact name first, then the same name without folders (as `sources` entries match).
  const file = files.find((f) => f.file === spend.file) ?? files.find((f) => namesFile(spend.file, f.file));
  if (file === undefined) {
    throw new SpecError(`spend.file: no file named "${spend.file}" was given (files: ${files.map((f) => f.file).join(', ')})`, 'spend.file');
  }
  if ((sources ?? []).some((s) => namesFile(s.file, file.file))) {
    throw new SpecError(`spend.file: "${spend.file}" is also listed in sources; a spend file is not stacked into the events`, 'spend.file');
  }
  return { events: files.filter((f) => f !== file), spend: file };
}
