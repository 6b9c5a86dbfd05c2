import type { Engine } from '../engine/engine';
import { resolveMapping, type DetectionCache } from '../ingest/mapping';
import type { ImportedFile } from '../ingest/import';
import type { Columns } from '../schema/types';

export interface GuessedMapping {
  columns: Columns;
  time_format: string;
  /** What `auto` detected, for display ('' when nothing). */
  detected: string;
  /** Problems a person must resolve before the journey can be built (ambiguous dates …). */
  problems: string[];
}

/** The mapping the column mapper starts from: every role guessed, the time format detected. */
export async function guessFileMapping(engine: Engine, file: ImportedFile, detections?: DetectionCache): Promise<GuessedMapping> {
  const [m] = await resolveMapping(engine, [file], {}, detections);
  return {
    columns: m.columns,
    time_format: 'auto',
    detected: m.detection?.format ?? '',
    problems: m.problems.map((p) => p.message)
  };
}
