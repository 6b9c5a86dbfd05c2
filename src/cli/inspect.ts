import type { ImportedFile } from '../lib/ingest/import';
import { warningsUnder, type FileMapping, type MappingSpec } from '../lib/ingest/mapping';
import type { Warning } from '../lib/ingest/report';
import { Session } from '../lib/session/session';
import { withPurchaseOffer } from '../lib/session/guess-mapping';
import { SpecError } from '../lib/schema/errors';
import type { Args, CliIo } from './main';
import { engineChoice } from './engine-choice';
import { readData, readJson } from './run';

interface InspectColumn {
  name: string;
  type: string;
  role: string | null;
  time_format?: string;
}

/**
 * `journeyscope inspect`: what the import made of each file, the report the page shows, as one JSON
 * document on stdout. Roles and time formats are guessed (as the page guesses them) unless
 * `--spec` names them; with a spec, its problems (a missing column, an ambiguous date) fail the
 * command like `run` does. Without one, they become warnings of the file.
 */
export async function inspect(args: Args, io: CliIo): Promise<number> {
  const spec: MappingSpec = args.spec !== undefined ? readJson<MappingSpec>(args.spec) : { columns: {}, time_format: 'auto' };
  const session = new Session(await io.engine(engineChoice(args)), 'command line');
  try {
    const files = await session.add(await readData(args.data, args.engine === 'native'));
    // Without a spec, the page's guess: a purchase log is offered the constant event "purchase".
    const mappings = (await session.resolve(spec)).map((m) => (args.spec === undefined ? withPurchaseOffer(m) : m));
    const byFile = new Map(mappings.map((m) => [m.table, m]));
    const out = files.map((f) => report(f, byFile.get(f.table), args.spec !== undefined));
    io.stdout(JSON.stringify({ files: out }) + '\n');
    return 0;
  } finally {
    await session.engine.close();
  }
}

function report(f: ImportedFile, m: FileMapping | undefined, strict: boolean) {
  const warnings: Warning[] = warningsUnder(f.warnings, m?.columns);
  // The import already judged the guessed time column (ambiguous dates, mixed formats): the
  // mapping's word on the same matter is not repeated.
  const said = new Set(f.warnings.map((w) => w.code));
  if (m?.problems.length) {
    if (strict) throw m.problems[0];
    for (const p of m.problems) {
      const code = p instanceof SpecError && p.code === 'ambiguous_date' ? 'ambiguous_date' : 'mapping_incomplete';
      if (!said.has(code)) warnings.push({ code, message: p.message });
    }
  }
  const roleOf = new Map<string, string>();
  for (const [role, ref] of Object.entries(m?.columns ?? {})) {
    if (typeof ref === 'string' && !roleOf.has(ref)) roleOf.set(ref, role);
  }
  const timeFormat = m?.detection?.format || m?.formats[0] || (m && m.time_format !== 'auto' ? m.time_format : undefined);
  const columns: InspectColumn[] = f.columns.map((c) => {
    const role = roleOf.get(c.name) ?? null;
    const col: InspectColumn = { name: c.name, type: c.type, role };
    if (role === 'time' && timeFormat) col.time_format = timeFormat;
    return col;
  });
  if (m?.detection?.mixed && !said.has('mixed_date_formats') && !said.has('epoch_units_mixed')) {
    warnings.push({ code: 'mixed_date_formats', message: `the time column mixes formats: ${m.detection.mixed.map((x) => `${x.format} (${x.rows} rows)`).join(', ')}` });
  }
  // `compression` only for a gzip file, as the page's file card says "(gzip)".
  return { file: f.file, format: f.format, ...(f.compression ? { compression: f.compression } : {}), delimiter: f.delimiter, encoding: f.encoding, rows: f.rows, columns, rejected: f.rejected, warnings };
}
