/** Builds the renderer with its own Vite config, and the browser bridge beside it, into a fresh temp folder. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBrowserBridge } from './build-browser-bridge';

const CONFIG = fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url));

/**
 * A production build of `renderer/` (about 2 s here) with `bridge.js`. Each call gets its own
 * folder, so servers started at once (parallel test files) never overwrite each other's files.
 */
export async function buildRenderer(dir?: string): Promise<{ dir: string }> {
  const { build } = await import('vite');
  const out = dir ?? (await mkdtemp(join(tmpdir(), 'pgflex-web-renderer-')));
  await build({ configFile: CONFIG, build: { outDir: out, emptyOutDir: true }, logLevel: 'warn' });
  await buildBrowserBridge(out);
  return { dir: out };
}
