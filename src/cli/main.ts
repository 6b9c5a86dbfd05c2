import type { Engine } from '../lib/engine/engine';
import { NodeEngine } from '../lib/engine/node';
import { ImportError, SpecError } from '../lib/schema/errors';

const USAGE = `usage:
  journeyscope inspect --data FILE [--data FILE ...] [--spec SPEC.json]
  journeyscope run --data FILE [--data FILE ...] --spec SPEC.json [--out result.json]
  journeyscope run --data FILE --state 'LINK-OR-#FRAGMENT' [--panel N]`;

export interface Args {
  command: string;
  data: string[];
  spec?: string;
  out?: string;
  state?: string;
  panel?: number;
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
  /** An engine for one command, which closes it when done. */
  engine(): Promise<Engine>;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  engine: () => NodeEngine.create()
};

/** Returns the exit code: 0 success, 2 for a bad spec or file (one line on stderr), 1 otherwise. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.data.length === 0 || !['inspect', 'run'].includes(args.command)) {
      io.stderr(USAGE + '\n');
      return 2;
    }
    if (args.command === 'inspect') {
      const { inspect } = await import('./inspect');
      return await inspect(args, io);
    }
    const { run } = await import('./run');
    return await run(args, io);
  } catch (e) {
    if (e instanceof SpecError || e instanceof ImportError) {
      io.stderr(`journeyscope: ${e.message}\n`);
      return 2;
    }
    io.stderr(`journeyscope: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
