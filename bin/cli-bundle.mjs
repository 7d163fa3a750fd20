#!/usr/bin/env node
// The built command line (.vite/cli/, see vite.cli.config.ts): where it is, whether it is older
// than the sources, and how to (re)build it. `npm ci` builds it through the `prepare` script
// (`node bin/cli-bundle.mjs`); bin/pgflex-restore.mjs builds it again only when it is missing or
// stale (a `git pull`, an edit), so a fresh clone and a working copy both run current code
// without compiling TypeScript at every start. The check is a walk of electron/ (a few hundred
// stats, about a millisecond).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.vite', 'cli');
/** The bundle's entry point; exports `main(argv)`. */
export const ENTRY = join(OUT, 'main.mjs');
const CONFIG = join(ROOT, 'vite.cli.config.ts');
/** Besides electron/, what changes the bundle. */
const INPUTS = ['package.json', 'package-lock.json', 'vite.cli.config.ts', 'vite.main.config.ts'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Newest modification time of the CLI's sources (folders count too: a deleted file changes its folder). */
function newestSource() {
  let newest = Math.max(...INPUTS.map((f) => mtime(join(ROOT, f))));
  const src = join(ROOT, 'electron');
  newest = Math.max(newest, mtime(src));
  for (const e of readdirSync(src, { recursive: true, withFileTypes: true })) {
    newest = Math.max(newest, mtime(join(e.parentPath ?? e.path, e.name)));
  }
  return newest;
}

/** True when the bundle is missing, or the sources exist and are newer. */
export function isStale() {
  const built = mtime(ENTRY);
  if (built < 0) return true;
  if (mtime(join(ROOT, 'electron')) < 0) return false; // an install without sources
  return newestSource() > built;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the bundle when it is stale. Concurrent callers (parallel tests, two shells) take turns
 * through a lock folder; the build goes to a fresh folder that replaces the old one in one rename,
 * so nobody imports half-written files. Returns false when the build tools are not installed.
 */
export async function ensureBuilt({ quiet = false } = {}) {
  if (!isStale()) return true;
  const lock = join(ROOT, '.vite', 'cli.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() - mtime(lock) > 120_000) rmSync(lock, { recursive: true, force: true }); // a builder that died
      else sleep(100);
      if (!isStale()) return true;
    }
  }
  try {
    if (!isStale()) return true;
    let build;
    try {
      ({ build } = await import('vite'));
    } catch {
      return false;
    }
    if (!quiet) process.stderr.write('pgflex-restore: building the command line (once after each change of the sources)…\n');
    const tmp = `${OUT}.build-${process.pid}`;
    await build({ configFile: CONFIG, build: { outDir: tmp, emptyOutDir: true }, logLevel: 'error' });
    const old = `${OUT}.old-${process.pid}`;
    try {
      renameSync(OUT, old);
    } catch {
      // first build
    }
    renameSync(tmp, OUT);
    rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// `node bin/cli-bundle.mjs` (the `prepare` script): build now; without Vite (npm ci --omit=dev)
// say why and leave the install to succeed.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!(await ensureBuilt({ quiet: true }))) {
    console.warn('pgflex-restore: Vite is not installed (dev dependencies omitted), so the command line was not built. Run `npm ci` to build it.');
  }
}
