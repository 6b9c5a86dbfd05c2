import { main } from '../../src/cli/main';
import { EngineLender } from './lent-engine';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The command line called in-process: `main(argv)` with its stdout and stderr captured and its
 * exit code returned, every call of a test file on one warm engine handed back clean (see
 * EngineLender). Spawning a process per call cost node's start plus an engine start each; a few
 * spawned runs of the built CLI remain in smoke.test.ts and pack.test.ts. A test may pass its own
 * lender to share the engine with the page's side (tests/state/page-cli.test.ts).
 */
export function inProcessCli(lender = new EngineLender()) {
  async function cli(...argv: string[]): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      engine: () => lender.borrow()
    });
    return { code, stdout, stderr };
  }
  return { cli, close: () => lender.close() };
}
