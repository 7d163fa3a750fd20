#!/usr/bin/env node
// The `pgflex-restore` command: runs the built command line (.vite/cli/main.mjs), building it
// first when it is missing or older than the sources (see cli-bundle.mjs), so `npx pgflex-restore`
// works right after `npm ci` and in a working copy without compiling TypeScript at each start.
import { pathToFileURL } from 'node:url';
import { ENTRY, ensureBuilt } from './cli-bundle.mjs';

if (!(await ensureBuilt())) {
  console.error('error: the pgflex-restore command line is not built and Vite (a dev dependency) is not installed.\n  → Run `npm ci` in the repository, which builds it.');
  process.exit(2);
}
const { main } = await import(pathToFileURL(ENTRY).href);
process.exitCode = await main(process.argv.slice(2));
