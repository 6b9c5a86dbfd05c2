import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * SPAWNED AND SLOW (npm pack, npm install from the local cache or the registry, one run: about
 * 10 s idle): the package as `npm pack` makes it installs with its production dependencies alone
 * and `journeyscope run` works from it. The bundle is the one build-cli.ts made before the run:
 * `--ignore-scripts` keeps `prepare` from rebuilding it while other files spawn it.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies: Record<string, string> };

/** The npm package a bare import names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('npm pack', () => {
  test('the bundle imports node built-ins and production dependencies only', () => {
    const bundle = readFileSync(path.join(repo, 'dist-cli', 'journeyscope.js'), 'utf8');
    // esbuild writes static imports at the start of a line, double-quoted; calls anywhere (it
    // renames a module's own `require` to `require2`).
    const specifiers = [
      ...[...bundle.matchAll(/^import\s[^;]*?from\s*"([^"\n]+)";/gm)].map((m) => m[1]),
      ...[...bundle.matchAll(/\b(?:import|require\d*|require\d*\.resolve)\(\s*"([^"\n]+)"\s*\)/g)].map((m) => m[1])
    ];
    const outside = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s) && !(packageOf(s) in pkg.dependencies) && !(packageOf(s) in pkg.optionalDependencies));
    expect(specifiers).toEqual(expect.arrayContaining(['apache-arrow', '@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs']));
    expect(outside).toEqual([]);
  });

  test('installs with production dependencies alone and runs `journeyscope run`', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'js-pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string; files: { path: string }[] }[];
    expect(packed[0].files.map((f) => f.path).sort()).toEqual(['README.md', 'bin/journeyscope.js', 'dist-cli/journeyscope.js', 'package.json']);

    const app = path.join(dir, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'journeyscope-pack-probe', private: true }));
    execFileSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, packed[0].filename)], { cwd: app, stdio: 'ignore' });
    // The build's tools stay out (some @types come in through apache-arrow, a production dependency).
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vite', 'vitest']) expect(existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);

    writeFileSync(path.join(app, 'e.csv'), 'user,time,event\nu1,2024-03-01 10:00:00,view\nu1,2024-03-01 10:05:00,buy\nu2,2024-03-02 09:00:00,view\n');
    writeFileSync(path.join(app, 'spec.json'), JSON.stringify({ version: 1, columns: { user: 'user', time: 'time', event: 'event' }, analysis: { kind: 'funnel', steps: [{ event: 'view' }, { event: 'buy' }] } }));
    const bin = path.join(app, 'node_modules', '.bin', 'journeyscope');
    const r = spawnSync(process.execPath, [bin, 'run', '--data', 'e.csv', '--spec', 'spec.json'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).steps.map((s: { users: number }) => s.users)).toEqual([2, 1]);
    // The optional native engine installs with it and gives the same JSON.
    const native = spawnSync(process.execPath, [bin, 'run', '--engine', 'native', '--data', 'e.csv', '--spec', 'spec.json'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    expect(native.status, native.stderr).toBe(0);
    expect(native.stdout).toBe(r.stdout);
  });
});
