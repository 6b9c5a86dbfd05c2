import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { JourneyModel, type SampleEvent } from './journey-model';
import { Rng } from './prng';
import { csvRow, HEADER } from './csv-row';
import { Tally } from './tally';

export interface SampleOptions {
  events: number;
  seed: number;
  out: string;
  /** Where to write the expected numbers; none when undefined. */
  expected?: string;
}

/** Users are written in chunks of about this many rows, shuffled within the chunk. */
const CHUNK_ROWS = 4096;
const FLUSH_CHARS = 1 << 20;

/**
 * Writes exactly `events` rows, streaming: only one chunk of users is in memory at a time. Rows
 * are shuffled within each chunk, so the file is ordered neither by time nor by user (as many
 * real exports are) while each user's rows stay close together. The last user is cut to the rows
 * that fit, keeping their earliest events, so their journey stays a consistent prefix.
 */
export function writeSample(opts: SampleOptions): object {
  const rng = new Rng(opts.seed);
  const model = new JourneyModel(rng);
  const tally = new Tally();
  mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  const fd = openSync(opts.out, 'w');
  let buffer = HEADER;
  let written = 0;
  let nextUser = 1;
  let batch: SampleEvent[][] = [];
  let batchRows = 0;

  const flush = () => {
    const rows = batch.flat();
    rng.shuffle(rows);
    for (let i = 0; i < rows.length; i++) {
      rows[i].row = written + i;
      buffer += csvRow(rows[i]);
      if (buffer.length > FLUSH_CHARS) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    written += rows.length;
    for (const user of batch) tally.addUser(user);
    batch = [];
    batchRows = 0;
  };

  try {
    while (written + batchRows < opts.events) {
      let events = model.simulate(nextUser);
      if (events.length === 0) continue;
      nextUser++;
      const room = opts.events - written - batchRows;
      if (events.length > room) events = events.slice(0, room);
      batch.push(events);
      batchRows += events.length;
      if (batchRows >= CHUNK_ROWS) flush();
    }
    flush();
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  const record = tally.toJSON(opts.seed);
  if (opts.expected !== undefined) {
    mkdirSync(path.dirname(path.resolve(opts.expected)), { recursive: true });
    writeFileSync(opts.expected, JSON.stringify(record, null, 2) + '\n');
  }
  return record;
}
