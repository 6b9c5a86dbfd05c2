#!/usr/bin/env node
// Runs the built command line: src/cli/main.ts bundled by esbuild into dist-cli/ (`npm run
// build:cli`, which `prepare` runs on `npm ci` and `npm pack`), npm packages left as imports. No
// TypeScript is compiled at run time.
import { existsSync } from 'node:fs';

const built = new URL('../dist-cli/journeyscope.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('journeyscope: the command line is not built: run `npm run build:cli` (npm ci runs it)\n');
  process.exit(1);
}
const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
