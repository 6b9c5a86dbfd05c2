import type { Engine } from '../engine/engine';
import { resolveMapping, type DetectionCache, type FileMapping } from '../ingest/mapping';
import type { ImportedFile } from '../ingest/import';
import type { Columns, Role } from '../schema/types';
import { forPeople, SpecError } from '../schema/errors';

export interface GuessedMapping {
  columns: Columns;
  time_format: string;
  /** What `auto` detected, for display ('' when nothing). */
  detected: string;
  /**
   * Problems a person must resolve before the journey can be built (ambiguous dates …), in plain
   * words, with the role each is about (it goes away once that role is chosen).
   */
  problems: MappingProblem[];
}

export interface MappingProblem {
  text: string;
  /** The role the problem is about; none for a time format problem. */
  role?: Role;
}

/** A constant event name is offered for a file without an event column that is a purchase log. */
export const PURCHASE_EVENT = 'purchase';

/**
 * A guessed mapping with the purchase log's constant event (see guessFileMapping): the page's
 * guess and `journeyscope inspect` without a spec report the same.
 */
export function withPurchaseOffer(m: FileMapping): FileMapping {
  if (m.columns.event !== undefined || (m.columns.revenue === undefined && m.columns.order === undefined)) return m;
  return {
    ...m,
    columns: { ...m.columns, event: { value: PURCHASE_EVENT } },
    problems: m.problems.filter((p) => !(p instanceof SpecError && p.field === `${m.field}.event`))
  };
}

/**
 * The mapping the column mapper starts from: every role guessed, the time format detected. A file
 * with no event column but a revenue or order column is a purchase log: every row is offered the
 * event "purchase" (a constant the person can rename), rather than a problem that fails the
 * confirm.
 */
export async function guessFileMapping(engine: Engine, file: ImportedFile, detections?: DetectionCache): Promise<GuessedMapping> {
  const [m] = await resolveMapping(engine, [file], {}, detections);
  const { columns, problems } = withPurchaseOffer(m);
  return {
    columns,
    time_format: 'auto',
    detected: m.detection?.format ?? '',
    problems: problems.map((p) => {
      const role = p instanceof SpecError ? (/\.columns\.(\w+)$|^columns\.(\w+)$/.exec(p.field ?? '') ?? []).slice(1).find(Boolean) : undefined;
      return role ? { text: forPeople(p), role: role as Role } : { text: forPeople(p) };
    })
  };
}
