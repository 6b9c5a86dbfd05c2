import type { ImportedFile } from '../ingest/import';
import { warningsUnder } from '../ingest/mapping';
import type { Columns } from '../schema/types';

/**
 * What a file's report says about its row checks when they follow the first chart
 * (ImportedFile.checks): that they still run, then what they added. Null when they ran within the
 * import (the report was complete from the start). `where`: the report itself (the warnings are
 * listed above the line) or the dashboard's summary (they are listed under "Edit columns").
 * Only the warnings the mapping shows are counted (repeated lines are moot when each row is a
 * customer: warningsUnder).
 */
export function checksStatus(file: Pick<ImportedFile, 'checks' | 'warnings'>, columns: Columns | undefined, where: 'report' | 'summary'): { running: boolean; text: string } | null {
  const c = file.checks;
  if (!c) return null;
  if (c.running) return { running: true, text: 'Still checking for repeated lines and problems in the times; anything found will be added to this report.' };
  const added = c.found === 0 ? [] : warningsUnder(file.warnings.slice(-c.found), columns);
  if (added.length === 0) return { running: false, text: 'Checked for repeated lines and problems in the times: nothing more found.' };
  const more = `${added.length} more ${added.length === 1 ? 'warning' : 'warnings'}`;
  return { running: false, text: `Checked for repeated lines and problems in the times: ${more}, ${where === 'report' ? 'listed above' : 'listed under “Edit columns”'}.` };
}
