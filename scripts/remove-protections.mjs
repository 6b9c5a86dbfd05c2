#!/usr/bin/env node
/**
 * Removes each protection in turn, runs the test that holds it and shows that test going red, then
 * puts the protection back (docs/SECURITY.md). A protection whose test stays green without it is
 * a protection no test holds: the script says so and exits 1.
 *
 *   node scripts/remove-protections.mjs                 every protection
 *   node scripts/remove-protections.mjs quoting csp     some of them
 *   node scripts/remove-protections.mjs --baseline …    also runs each test untouched first (green)
 *
 * The edit is made in the working tree and undone in a `finally` (and on Ctrl-C); the script
 * refuses to start when a file it edits has uncommitted changes, and checks each is restored.
 * The CSP's test needs a build: the app is built without the policy, tested, then built again.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.E2E_PORT ?? '4173';

/** Each protection: the file, the edit that removes it (exact text → replacement), the test. */
const PROTECTIONS = [
  {
    name: 'lockdown',
    what: 'the statement guard refuses ATTACH, COPY, SET, … (src/lib/engine/statement-guard.ts)',
    file: 'src/lib/engine/statement-guard.ts',
    from: 'export function refusedStatement(text: string, tokens: Tokens): string | null {\n',
    to: 'export function refusedStatement(text: string, tokens: Tokens): string | null {\n  if (text) return null;\n',
    test: ['npx', 'vitest', 'run', 'src/lib/engine/statement-guard.test.ts', 'tests/engine/lockdown.test.ts']
  },
  {
    name: 'quoting',
    what: "the SQL builder doubles ' in literals and \" in names (src/lib/sql/quote.ts)",
    file: 'src/lib/sql/quote.ts',
    edits: [
      ["return \"'\" + s.replaceAll(\"'\", \"''\") + \"'\";", "return \"'\" + s + \"'\";"],
      ["frag('\"' + name.replaceAll('\"', '\"\"') + '\"')", "frag('\"' + name + '\"')"]
    ],
    test: ['npx', 'vitest', 'run', 'src/lib/sql/quote.test.ts', 'src/lib/fragment-escapes.test.ts']
  },
  {
    name: 'formula-guard',
    what: "CSV exports prefix cells starting with = + - @ with ' (src/lib/export/csv.ts)",
    file: 'src/lib/export/csv.ts',
    from: "return RISKY_START.test(value) ? `'${value}` : value;",
    to: 'return value;',
    test: ['npx', 'vitest', 'run', 'src/lib/export/csv.test.ts']
  },
  {
    name: 'csp',
    what: "the page's Content-Security-Policy (svelte.config.js, kit.csp)",
    file: 'svelte.config.js',
    from: "    csp: { mode: 'hash', directives: CSP_DIRECTIVES }\n",
    to: '',
    build: true,
    test: ['npx', 'playwright', 'test', 'tests/e2e/csp.spec.ts']
  },
  {
    name: 'supervisor',
    what: 'the session rebuilds a dead or trapped engine and answers the call again (src/lib/session/session.ts)',
    file: 'src/lib/session/session.ts',
    from: '  private async supervised<T>(what: string, f: () => Promise<T>): Promise<T> {\n',
    to: '  private async supervised<T>(what: string, f: () => Promise<T>): Promise<T> {\n    if (what !== null) return f();\n',
    test: ['npx', 'vitest', 'run', 'tests/session/supervisor.test.ts']
  },
  {
    name: 'link-validator',
    what: "a link's state is checked strictly before use (src/lib/schema/parse.ts parseState)",
    file: 'src/lib/schema/parse.ts',
    from: 'export function parseState(x: unknown): ResolvedState {\n',
    to: 'export function parseState(x: unknown): ResolvedState {\n  if (x !== undefined) return x as ResolvedState;\n',
    test: ['npx', 'vitest', 'run', 'src/lib/state/url-codec.test.ts']
  }
];

const args = process.argv.slice(2);
const baseline = args.includes('--baseline');
const wanted = args.filter((a) => !a.startsWith('--'));
const chosen = wanted.length ? PROTECTIONS.filter((p) => wanted.includes(p.name)) : PROTECTIONS;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`Unknown protection; known: ${PROTECTIONS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}

const originals = new Map();
function restoreAll() {
  for (const [file, text] of originals) writeFileSync(path.join(root, file), text);
}
process.on('SIGINT', () => {
  restoreAll();
  process.exit(130);
});

function dirty(file) {
  return spawnSync('git', ['diff', '--quiet', 'HEAD', '--', file], { cwd: root }).status !== 0;
}

function run(cmd, label) {
  const started = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: 'utf8', env: { ...process.env, E2E_PORT: port }, maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  // The test runner's own summary lines (vitest: "Tests  3 failed | 5 passed"; playwright: "1 failed").
  // The totals first, then the first few tests that failed (a removed guard can fail dozens).
  const lines = out.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
  const summary = [...lines.filter((l) => /^(Tests|Test Files)\s|^\d+ (passed|failed|flaky)/.test(l)), ...lines.filter((l) => /^[✘×]/.test(l)).slice(0, 6)];
  console.log(`  ${label}: exit ${r.status} in ${Math.round((Date.now() - started) / 1000)} s`);
  for (const l of summary) console.log(`    ${l}`);
  return r.status;
}

function build(label) {
  const r = spawnSync('npx', ['vite', 'build', '--mode', 'test'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  console.log(`  ${label}: exit ${r.status}`);
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stderr}`);
}

const results = [];
try {
  for (const p of chosen) {
    if (dirty(p.file)) throw new Error(`${p.file} has uncommitted changes: commit or stash them first`);
  }
  for (const p of chosen) {
    console.log(`\n${p.name}: ${p.what}`);
    const file = path.join(root, p.file);
    const original = readFileSync(file, 'utf8');
    originals.set(p.file, original);
    const edits = p.edits ?? [[p.from, p.to]];
    let removed = original;
    for (const [from, to] of edits) {
      if (!removed.includes(from)) throw new Error(`${p.file} no longer holds the protection's code: ${JSON.stringify(from.trim())} (update this script)`);
      removed = removed.replace(from, to);
    }
    let green = null;
    if (baseline) {
      if (p.build) build('build with the protection');
      green = run(p.test, 'with the protection   ');
    }
    let red;
    try {
      writeFileSync(file, removed);
      if (p.build) build('build without it');
      red = run(p.test, 'without the protection');
    } finally {
      writeFileSync(file, original);
      originals.delete(p.file);
    }
    if (p.build) build('build with it again');
    if (dirty(p.file)) throw new Error(`${p.file} was not restored`);
    results.push({ name: p.name, green, red });
  }
} finally {
  restoreAll();
}

console.log('\nprotection        with it   without it');
let held = true;
for (const r of results) {
  const ok = r.red !== 0 && (r.green === null || r.green === 0);
  held &&= ok;
  const w = r.green === null ? '   -    ' : r.green === 0 ? ' green  ' : ' RED    ';
  console.log(`${r.name.padEnd(17)} ${w}  ${r.red !== 0 ? 'red (held by its test)' : 'GREEN: no test holds it'}`);
}
process.exit(held ? 0 : 1);
