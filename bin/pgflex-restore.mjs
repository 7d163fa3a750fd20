#!/usr/bin/env node
// The `pgflex-restore` command: runs the built command line (.vite/cli/main.mjs), building it
// first when it is missing or older than the sources (see cli-bundle.mjs), so `npx pgflex-restore`
// works right after `npm ci` and in a working copy without compiling TypeScript at each start.
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { ENTRY, ensureBuilt } from './cli-bundle.mjs';

if (!(await ensureBuilt())) {
  console.error('error: the pgflex-restore command line is not built and Vite (a dev dependency) is not installed.\n  → Run `npm ci` in the repository, which builds it.');
  process.exit(2);
}
// Keep V8's young generation at its first size: reading a large TOC makes tens of thousands of
// objects that all survive, which otherwise grows it to 2 × 16 MB for nothing (inspect of 20,000
// tables: 121 MB peak, 96 MB with this, the same CPU). Read at each growth decision, so it takes
// effect set here; --max-semi-space-size would not (it is read once, at start). Not for the
// commands that download: there every network chunk is short-lived garbage, and a young
// generation held small collects it far more often (311 MB from Azurite, the same build with and
// without, interleaved: 3.48–3.72 s and 2.0–2.1 s of user CPU with it, 3.05–3.13 s and 1.6 s
// without; a second series on a busier machine, medians 3.86 s / 2.13 s against 3.47 s / 1.84 s;
// the peak 0–8 MB higher).
// The commands that download sweep the network's buffers (64 kB each, thousands per file) on the
// main thread: V8's background sweeper of array buffers, started at every young collection, cost
// more CPU than it saved on a machine whose other core serves the bytes — 300 MB from Azurite,
// interleaved, 3 runs each: 1.04–1.17 s of user CPU with it, 0.71–0.86 s without; wall 1.97–2.57 s
// against 1.80–1.93 s. Read at each collection, so set here it takes effect (not so the GC's other
// threads: turning off concurrent marking once V8 runs makes it abort at the next full collection).
const downloads = ['download', 'azure'].includes(process.argv[2]);
setFlagsFromString(downloads ? '--no-concurrent-array-buffer-sweeping' : '--semi-space-growth-factor=1');
// Node 21 and later define `navigator` (userAgent "Node.js/<major>"); Node 20 does not, and `pg`
// then tells Node from a Cloudflare worker by building a fetch Response, which loads Node's whole
// fetch stack (undici): 40–100 ms of every command that talks to PostgreSQL. The same object
// newer Node gives, so nothing sees a runtime that does not exist.
if (typeof globalThis.navigator === 'undefined') {
  const { availableParallelism, platform } = await import('node:os');
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}`, hardwareConcurrency: availableParallelism(), language: 'en-US', platform: platform() },
    configurable: true, writable: true, enumerable: false,
  });
}
const { main } = await import(pathToFileURL(ENTRY).href);
process.exitCode = await main(process.argv.slice(2));
