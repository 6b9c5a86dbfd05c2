import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { runAnalysis } from '../lib/analysis/run';
import { buildEvents } from '../lib/ingest/events';
import type { ImportedFile } from '../lib/ingest/import';
import { engineMemoryLimit } from '../lib/ingest/capacity';
import { needsCompression, useCompressedStorage } from '../lib/ingest/storage';
import { SpecError } from '../lib/spec/errors';
import type { Spec } from '../lib/spec/types';
import { validateSpec } from '../lib/spec/validate';
import { decodeState, panelSpec } from '../lib/state/url-codec';
import { importInput } from './import-input';
import type { Args, CliIo } from './main';

/** The spec from `--spec FILE` or from the app's link (`--state`, panel `--panel N`, default 1). */
async function readSpec(args: Args): Promise<Spec> {
  if (args.state !== undefined) return panelSpec(await decodeState(args.state), args.panel ?? 1);
  if (args.spec === undefined) throw new SpecError('run needs --spec SPEC.json or --state LINK', 'spec');
  let text: string;
  try {
    text = readFileSync(args.spec, 'utf8');
  } catch {
    throw new SpecError(`--spec: cannot read ${args.spec}`, 'spec');
  }
  try {
    return JSON.parse(text) as Spec;
  } catch (e) {
    throw new SpecError(`${args.spec}: not valid JSON (${(e as Error).message})`, 'spec');
  }
}

/**
 * `journeyscope run`: the result JSON on stdout (or `--out`), nothing else there; warnings
 * (rejected lines, rows without a user or time) on stderr. SpecError / ImportError propagate to
 * main, which prints them as one line and exits 2.
 */
export async function run(args: Args, io: CliIo): Promise<number> {
  const spec = await readSpec(args);
  validateSpec(spec);
  const engine = await io.engine();
  try {
    // Warnings wait until the analysis has run: a failing run prints its one error line only.
    const warnings: string[] = [];
    const files: ImportedFile[] = [];
    // Large inputs go to compressed tables, as in the page (storage.ts); an unreadable file fails below.
    const inputs = args.data.map((p) => ({ name: p, bytes: sizeOf(p) }));
    if (needsCompression(inputs, await engineMemoryLimit(engine))) await useCompressedStorage(engine);
    for (const [i, p] of args.data.entries()) {
      const imported = await importInput(engine, p, i);
      for (const w of imported.warnings) warnings.push(`${imported.file}: ${w.message}`);
      files.push(imported);
    }
    const built = await buildEvents(engine, files, spec);
    for (const r of built.files) {
      for (const u of r.unusable) {
        if (u.count === 0) continue;
        const why = u.reason === 'no_user' ? 'no user' : 'a time that does not parse';
        warnings.push(`${r.file}: ${u.count} rows left out (${why}), lines ${u.lines.join(', ')}${u.count > u.lines.length ? ', …' : ''}`);
      }
    }
    const result = await runAnalysis(engine, built.schema, spec);
    for (const w of warnings) io.stderr(`journeyscope: ${w}\n`);
    const json = JSON.stringify(result) + '\n';
    if (args.out !== undefined) writeFileSync(args.out, json);
    else io.stdout(json);
    return 0;
  } finally {
    await engine.close();
  }
}

function sizeOf(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}
