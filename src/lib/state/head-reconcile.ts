import type { GuessedMapping } from '../session/guess-mapping';
import { ROLES, type Columns } from '../schema/types';
import { typeWord } from '../ingest/type-words';

/** What the mapping screen holds for a file: its roles, time format (and offset). */
export interface MappingChoice {
  columns: Columns;
  time_format: string;
  utc_offset?: string;
}

interface Read {
  columns: { name: string; type: string }[];
  guess: GuessedMapping;
}

/**
 * Once a big file is read in full after its head was shown (docs/PROGRESSIVE.md): the mapping to
 * keep and, in words, everything the whole file says differently from its head, so that nothing
 * shown from the head changes without saying so. An untouched guess follows the whole file; a
 * mapping the person edited is kept as it is.
 */
export function reconcileHead(head: Read, full: Read, current: MappingChoice): { mapping: MappingChoice; changes: string[] } {
  const changes: string[] = [];
  const headTypes = new Map(head.columns.map((c) => [c.name, c.type]));
  const fullNames = new Set(full.columns.map((c) => c.name));
  const added = full.columns.filter((c) => !headTypes.has(c.name)).map((c) => `"${c.name}"`);
  const gone = head.columns.filter((c) => !fullNames.has(c.name)).map((c) => `"${c.name}"`);
  if (added.length) changes.push(`The whole file has columns its first lines did not show: ${added.join(', ')}.`);
  if (gone.length) changes.push(`Columns of the first lines are not in the whole file: ${gone.join(', ')}.`);
  for (const c of full.columns) {
    const was = headTypes.get(c.name);
    if (was !== undefined && typeWord(was) !== typeWord(c.type))
      changes.push(`Column "${c.name}" holds ${typeWord(c.type)} in the whole file (its first lines looked like ${typeWord(was)}).`);
  }
  if (full.guess.detected !== head.guess.detected && full.guess.detected)
    changes.push(`Times read as ${full.guess.detected} in the whole file${head.guess.detected ? ` (its first lines looked like ${head.guess.detected})` : ''}.`);

  const untouched = sameColumns(current.columns, head.guess.columns) && current.time_format === head.guess.time_format && !current.utc_offset;
  if (!untouched || sameColumns(head.guess.columns, full.guess.columns)) return { mapping: current, changes };
  for (const role of ROLES) {
    const was = head.guess.columns[role];
    const now = full.guess.columns[role];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    changes.push(`The ${role} column is now ${refWords(now)} (the first lines suggested ${refWords(was)}).`);
  }
  return { mapping: { columns: { ...full.guess.columns }, time_format: full.guess.time_format }, changes };
}

function sameColumns(a: Columns, b: Columns): boolean {
  return ROLES.every((r) => JSON.stringify(a[r]) === JSON.stringify(b[r]));
}

function refWords(ref: Columns[keyof Columns] | undefined): string {
  if (ref === undefined) return 'none';
  if (typeof ref === 'string') return `"${ref}"`;
  if ('product' in ref) return ref.product.map((c) => `"${c}"`).join(' × ');
  if ('value' in ref) return `the constant "${String(ref.value)}"`;
  return 'each row';
}
