/**
 * The built command line (`.vite/cli/`, vite.cli.config.ts — what `pgflex-restore` runs), for
 * measurements that must not count the TypeScript loader and for tests of what the build ships:
 * tsx alone lifts a child's resident memory to ~120 MB before any work starts, the built CLI
 * starts at ~75 MB. The build carries its worker threads as files of their own (the row-count
 * worker), so a test through it sees what a user's run does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds `.vite/cli/` when stale and writes a runner for it into `<repo>/.tmp/`; returns the
 * runner's path (`node <path> …args` runs the CLI; the caller may delete the runner).
 */
export async function bundleCli(): Promise<string> {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'cli-bundle.mjs')], { stdio: 'inherit' });
  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, `cli-bundle-${process.pid}.mjs`);
  writeFileSync(runner, `import { main } from '../.vite/cli/main.mjs';\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  return runner;
}
