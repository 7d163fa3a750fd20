#!/usr/bin/env node
// The `pgflex-restore` command: loads the TypeScript CLI through tsx, so `npx pgflex-restore` works right after `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { main } = await import(pathToFileURL(join(root, 'electron/cli/main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
