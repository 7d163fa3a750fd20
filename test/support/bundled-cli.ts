/**
 * The CLI bundled into one plain-JavaScript file with esbuild (npm packages left external), for
 * measurements that must not count the TypeScript loader: tsx alone lifts a child's resident
 * memory to ~120 MB before any work starts, a bundled CLI starts at ~75 MB, as a shipped build does.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `electron/cli/main.ts` into `<repo>/.tmp/` (so bare imports resolve to node_modules); returns the path. */
export async function bundleCli(): Promise<string> {
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `cli-entry-${process.pid}.ts`);
  const out = join(dir, `cli-bundle-${process.pid}.mjs`);
  writeFileSync(entry, `import { main } from '../electron/cli/main';\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  try {
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'error' });
  } finally {
    rmSync(entry, { force: true });
  }
  return out;
}
