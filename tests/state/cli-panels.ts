import type { CliResult } from '../cli/in-process';
import type { Outcome } from './page-session';

/**
 * Panel `n` of `link` through the command line (`journeyscope run --state LINK --panel N`), as
 * the page's Outcome: the stdout JSON, or the one error line without its "journeyscope: " prefix
 * (an unexpected error prints a stack: its message line is kept).
 */
export async function cliPanel(cli: (...argv: string[]) => Promise<CliResult>, file: string, link: string, n: number): Promise<Outcome> {
  const r = await cli('run', '--data', file, '--state', link, '--panel', String(n));
  if (r.code === 0) return { ok: true, value: JSON.parse(r.stdout) };
  const line = r.stderr.trim().split('\n')[0].replace(/^journeyscope: /, '').replace(/^\w*Error: /, '');
  return { ok: false, error: line };
}
