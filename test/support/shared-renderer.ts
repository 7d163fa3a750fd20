/**
 * One production build of `renderer/` (with the browser bridge's `bridge.js`) for the whole test
 * run, shared by every test file that serves the UI (end-to-end tests, the browser bridge). The
 * global setup names a folder; the first file that needs the build makes it under a lock folder,
 * the others wait for it.
 * A run that needs no UI builds nothing.
 */
import { existsSync, mkdirSync, rmSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { buildRenderer } from '../../scripts/web/build-renderer';

/** Waits until `file` exists, by watching its folder (no polling). */
function appeared(file: string): Promise<void> {
  return new Promise((resolve) => {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const w = watch(dir, () => {
      if (existsSync(file)) {
        w.close();
        resolve();
      }
    });
    if (existsSync(file)) {
      w.close();
      resolve();
    }
  });
}

/** The folder of the run's renderer build, built on first use. */
export async function sharedRenderer(): Promise<string> {
  const dir = inject('rendererDir');
  const done = join(dir, 'built');
  if (existsSync(done)) return join(dir, 'out');
  try {
    mkdirSync(`${dir}.lock`);
  } catch {
    // Another test file is building it; a lock older than its build would be (10 min) is stale.
    if (Date.now() - statSync(`${dir}.lock`).mtimeMs > 600_000) rmSync(`${dir}.lock`, { recursive: true, force: true });
    await appeared(done);
    return join(dir, 'out');
  }
  await buildRenderer(join(dir, 'out'));
  mkdirSync(done);
  return join(dir, 'out');
}
