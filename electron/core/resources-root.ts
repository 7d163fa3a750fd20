/**
 * Where `resources/` is (the sample restore set, bundled client tools in `pg/<platform>-<arch>/bin`),
 * whichever way the code runs: from the TypeScript sources (tests, `npm run web`), from a bundle
 * (the built CLI in `.vite/cli/`, Electron main in `.vite/build/`), or from the packaged app, where
 * electron-builder puts `sample/` and `pg/` straight into the app's resources folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding `sample/` and `pg/`. */
export function resourcesRoot(): string {
  cached ??= findResourcesRoot();
  return cached;
}

function findResourcesRoot(): string {
  // A packaged Electron app (process.resourcesPath is Electron's; in `npm start` it is Electron's
  // own folder, which has no sample, so the search below applies).
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'sample'))) return packaged;
  // Sources and bundles sit at different depths below the repository: walk up to the first
  // folder whose `resources/` holds the sample set.
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'sample'))) return join(dir, 'resources');
    if (dirname(dir) === dir) break;
  }
  throw new Error(`No resources/sample folder above ${start}: the installation is incomplete.`);
}
