/** Builds the renderer with its own Vite config into a fresh temp folder, for the browser bridge. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url));

/**
 * A production build of `renderer/` (about 2 s here). Each call gets its own folder, so servers
 * started at once (parallel test files) never overwrite each other's files.
 */
export async function buildRenderer(): Promise<{ dir: string }> {
  const { build } = await import('vite');
  const dir = await mkdtemp(join(tmpdir(), 'pgflex-web-renderer-'));
  await build({ configFile: CONFIG, build: { outDir: dir, emptyOutDir: true }, logLevel: 'warn' });
  return { dir };
}
