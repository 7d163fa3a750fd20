/**
 * One production build of `renderer/` for the whole test run, shared by every test file that
 * serves the UI (end-to-end tests, the browser bridge). The global setup names a folder; the first
 * file that needs the build makes it under a lock folder, the others wait for its `index.html`.
 * A run that needs no UI builds nothing.
 */
import { existsSync, mkdirSync, rmSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url));

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
  const { build } = await import('vite');
  await build({ configFile: CONFIG, build: { outDir: join(dir, 'out'), emptyOutDir: true }, logLevel: 'warn' });
  mkdirSync(done);
  return join(dir, 'out');
}
