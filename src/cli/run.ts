import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileBlob } from '../lib/engine/native';
import { DiskBlob } from '../lib/engine/disk-blob';
import { warningsUnder } from '../lib/ingest/mapping';
import { Session } from '../lib/session/session';
import { ImportError, SpecError } from '../lib/schema/errors';
import { parseSpec } from '../lib/schema/parse';
import type { Spec } from '../lib/schema/types';
import { decodeState, panelSpec } from '../lib/state/url-codec';
import type { Args, CliIo } from './main';
import { engineChoice } from './engine-choice';

/** A JSON document named by a flag (`--spec`), or one line naming what is wrong with it. */
export function readJson<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SpecError(`--spec: cannot read ${file}`, 'spec');
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new SpecError(`${file}: not valid JSON (${(e as Error).message})`, 'spec');
  }
}

/** The spec from `--spec FILE` or from the app's link (`--state`, panel `--panel N`, default 1). */
async function readSpec(args: Args): Promise<Spec> {
  if (args.state !== undefined) return panelSpec(await decodeState(args.state), args.panel ?? 1);
  if (args.spec === undefined) throw new SpecError('run needs --spec SPEC.json or --state LINK', 'spec');
  return readJson<Spec>(args.spec);
}

/**
 * The files named by `--data`, as the page's session takes them: as Blobs backed by the files, as
 * the page's dropped Files are, so a file too big for the engine is refused by its size before a
 * byte of it is read (a 1 GB CSV was read whole and grew the process to 4.3 GB). The native engine
 * reads each in place (`fileBlob` remembers its path).
 */
export async function readData(paths: string[], inPlace = false): Promise<{ name: string; data: Blob }[]> {
  const out: { name: string; data: Blob }[] = [];
  for (const p of paths) {
    try {
      if (!statSync(p).isFile()) throw new Error('not a file');
      out.push({ name: path.basename(p), data: inPlace ? await fileBlob(p) : DiskBlob.of(p) });
    } catch {
      throw new ImportError(`${p}: cannot read the file`, p);
    }
  }
  return out;
}

/**
 * `journeyscope run`: the result JSON on stdout (or `--out`), nothing else there; warnings
 * (rejected lines, rows without a user or time) on stderr. It runs the page's own Session
 * (import → build → analysis, memory guard included), so both give the same numbers.
 * SpecError / ImportError propagate to main, which prints them as one line and exits 2.
 */
export async function run(args: Args, io: CliIo): Promise<number> {
  const spec = parseSpec(await readSpec(args));
  const session = new Session(await io.engine(engineChoice(args)), 'command line');
  try {
    const files = await session.add(await readData(args.data, args.engine === 'native'));
    const reports = await session.build(spec);
    const result = await session.run(spec);
    // Warnings wait until the analysis has run: a failing run prints its one error line only.
    const warn = (message: string) => io.stderr(`journeyscope: ${message}\n`);
    // The import's warnings as they read under the mapping (a row-per-customer file repeats lines).
    for (const f of files) {
      const m = session.mappings.find((x) => x.table === f.table);
      for (const w of warningsUnder(f.warnings, m?.columns)) warn(`${f.file}: ${w.message}`);
    }
    for (const r of reports) {
      for (const u of r.unusable) {
        if (u.count === 0) continue;
        const why = u.reason === 'no_user' ? 'no user' : 'a time that does not parse';
        warn(`${r.file}: ${u.count} rows left out (${why}), lines ${u.lines.join(', ')}${u.count > u.lines.length ? ', …' : ''}`);
      }
    }
    const json = JSON.stringify(result) + '\n';
    if (args.out !== undefined) writeFileSync(args.out, json);
    else io.stdout(json);
    return 0;
  } finally {
    await session.engine.close();
  }
}
