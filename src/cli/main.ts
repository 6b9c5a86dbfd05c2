import type { Engine } from '../lib/engine/engine';
import { NodeEngine } from '../lib/engine/node';
import { ImportError, SpecError } from '../lib/schema/errors';
import { NativeEngineMissing } from '../lib/engine/native';
import { engineChoice, openEngine, type EngineChoice } from './engine-choice';
import { compileForInputs } from './wasm-tiers';

const USAGE = `usage:
  journeyscope inspect --data FILE [--data FILE ...] [--spec SPEC.json]
  journeyscope run --data FILE [--data FILE ...] --spec SPEC.json [--out result.json]
  journeyscope run --data FILE --state 'LINK-OR-#FRAGMENT' [--panel N]
engine options (run and inspect):
  --engine browser|native   browser (default): DuckDB-WASM, as in the page, within ~3 GB;
                            native: DuckDB on every core, spilling to disk (needs @duckdb/node-api)
  --memory-limit SIZE       native only, e.g. 2GB (default: 80% of the machine's memory)
  --threads N               native only (default: every core)
  --temp-dir DIR            native only: where files that do not fit in memory spill (default: the OS temp folder)`;

export interface Args {
  command: string;
  data: string[];
  spec?: string;
  out?: string;
  state?: string;
  panel?: number;
  engine?: string;
  memoryLimit?: string;
  threads?: number;
  tempDir?: string;
}

export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const args: Args = { command: command ?? '', data: [] };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new SpecError(`${flag} needs a value`);
    i++;
    if (flag === '--data') args.data.push(value);
    else if (flag === '--spec') args.spec = value;
    else if (flag === '--out') args.out = value;
    else if (flag === '--state') args.state = value;
    else if (flag === '--panel') args.panel = Number(value);
    else if (flag === '--engine') args.engine = value;
    else if (flag === '--memory-limit') args.memoryLimit = value;
    else if (flag === '--threads') args.threads = Number(value);
    else if (flag === '--temp-dir') args.tempDir = value;
    else throw new SpecError(`unknown option ${flag}`);
  }
  return args;
}

/**
 * Where a command writes and what it runs on. The process's streams and a new engine by default;
 * tests capture the text and lend one warm engine to many calls (starting one costs ~2 s).
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** An engine of the kind asked for (`--engine`), for one command, which closes it when done. */
  engine(choice: EngineChoice): Promise<Engine>;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  engine: (choice) => {
    if (choice.kind === 'native') return openEngine(choice);
    compileForInputs(choice.readable ?? []);
    return NodeEngine.create();
  }
};

/** Returns the exit code: 0 success, 2 for a bad spec or file (one line on stderr), 1 otherwise. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.data.length === 0 || !['inspect', 'run'].includes(args.command)) {
      io.stderr(USAGE + '\n');
      return 2;
    }
    // Before any file is read: a wrong engine option or a missing native engine is one line.
    engineChoice(args);
    if (args.command === 'inspect') {
      const { inspect } = await import('./inspect');
      return await inspect(args, io);
    }
    const { run } = await import('./run');
    return await run(args, io);
  } catch (e) {
    if (e instanceof SpecError || e instanceof ImportError || e instanceof NativeEngineMissing) {
      io.stderr(`journeyscope: ${e.message}\n`);
      return 2;
    }
    io.stderr(`journeyscope: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
