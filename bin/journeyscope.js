#!/usr/bin/env node
// The command line runs the TypeScript sources directly (through tsx), so `npx journeyscope`
// works in a checkout right after `npm ci`, with no build step to forget.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
