import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup. The spawned command-line tests (smoke.test.ts, pack.test.ts) run the built
 * CLI, dist-cli/journeyscope.js, so it is rebuilt here, once and before any test file starts, when
 * it is missing or older than one of its inputs (esbuild's metafile lists them). Building inside a
 * test file instead could rewrite the file while another file's spawned CLI reads it. Tests that
 * call main() in-process import the sources and need no build.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'dist-cli', 'journeyscope.js');
const meta = path.join(root, 'dist-cli', 'meta.json');

function stale(): boolean {
  if (!existsSync(out) || !existsSync(meta)) return true;
  const built = statSync(out).mtimeMs;
  const inputs = Object.keys((JSON.parse(readFileSync(meta, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
  return [...inputs, 'package.json'].some((f) => {
    const p = path.join(root, f);
    return !existsSync(p) || statSync(p).mtimeMs > built;
  });
}

export default function setup(): void {
  if (stale()) execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: 'inherit' });
}
