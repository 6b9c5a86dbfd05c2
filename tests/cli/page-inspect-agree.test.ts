import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { warningsUnder } from '../../src/lib/ingest/mapping';
import { Session } from '../../src/lib/session/session';
import { fixturePath, needData } from '../support/data';
import { inProcessCli } from './in-process';
import { EngineLender } from './lent-engine';

/**
 * The page and `journeyscope inspect` agree on every file of the bad-CSV corpus and of the files
 * fuzzing found: the same rows, columns (names and types), rejected lines and warning codes, or
 * both refuse with the same message. The page's side is what the page does on a drop (Session.add,
 * then the mapper's guess; the warnings it lists are the report's under the guessed columns); the
 * command line's is main(argv) in-process. Both run on one warm engine, lent to one side at a time.
 */
const SKIP = new Set(['expected.json', 'EXPECTED.md', 'generate.py', 'probe-duckdb-wasm.cjs', 'README.md']);
const dirs = ['bad-csv', 'found'].map((d) => fixturePath(d)).filter((d): d is string => d !== undefined);
const files = dirs.flatMap((d) => readdirSync(d).filter((f) => !SKIP.has(f) && !f.startsWith('.')).sort().map((f) => path.join(d, f)));

/** Codes the command line adds from the mapping (the page shows these as the mapper's questions). */
const MAPPING_CODES = new Set(['mapping_incomplete', 'ambiguous_date', 'mixed_date_formats']);

interface Seen {
  refused?: string;
  rows?: number;
  columns?: string[];
  rejected?: number[];
  codes?: string[];
  asks?: boolean;
  incomplete?: boolean;
}

const lender = new EngineLender();
const { cli } = inProcessCli(lender);
afterAll(() => lender.close());

async function page(file: string): Promise<Seen> {
  const engine = await lender.borrow();
  try {
    const ws = new Session(engine);
    const [f] = await ws.add([{ name: path.basename(file), data: new Uint8Array(readFileSync(file)) }]);
    const g = await ws.guessMapping(f);
    return {
      rows: f.rows,
      columns: f.columns.map((c) => `${c.name}:${c.type}`),
      rejected: f.rejected.map((r) => r.line),
      codes: warningsUnder(f.warnings, g.columns).map((w) => w.code).sort(),
      asks: g.problems.length > 0
    };
  } catch (e) {
    return { refused: (e as Error).message };
  } finally {
    await engine.close();
  }
}

async function commandLine(file: string): Promise<Seen> {
  const r = await cli('inspect', '--data', file);
  if (r.code !== 0) {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    return { refused: r.stderr.trim().replace(/^journeyscope: /, '') };
  }
  const [f] = JSON.parse(r.stdout).files as { rows: number; columns: { name: string; type: string }[]; rejected: { line: number }[]; warnings: { code: string }[] }[];
  const codes = f.warnings.map((w) => w.code);
  return {
    rows: f.rows,
    columns: f.columns.map((c) => `${c.name}:${c.type}`),
    rejected: f.rejected.map((x) => x.line),
    codes: codes.filter((c) => !MAPPING_CODES.has(c)).sort(),
    asks: codes.some((c) => MAPPING_CODES.has(c)),
    incomplete: codes.includes('mapping_incomplete')
  };
}

describe.runIf(needData(fixturePath('bad-csv', 'expected.json'), 'bad-CSV fixtures'))('the page and inspect agree on every corpus file', () => {
  it('covers the whole corpus', () => expect(files.length).toBeGreaterThanOrEqual(53));

  for (const file of files) {
    it(path.basename(file), { timeout: 120_000 }, async () => {
      const p = await page(file);
      const c = await commandLine(file);
      // The import codes the command line's mapping could also raise are compared on the import side.
      const importCodes = (s: Seen) => ({ ...s, codes: s.codes?.filter((x) => !MAPPING_CODES.has(x)), asks: undefined, incomplete: undefined });
      expect(importCodes(c)).toEqual(importCodes(p));
      // A mapping the command line calls incomplete is one the page asks about, and the reverse.
      if (!p.refused) expect(c.incomplete, 'the command line says mapping_incomplete exactly when the page asks').toBe(p.asks);
    });
  }
});
