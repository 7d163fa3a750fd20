import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedBinaries, hydrateSymlinks, type SymlinkEntry } from '../../../electron/core/sandbox/embedded-binaries';

const root = mkdtempSync(join(tmpdir(), 'pgflex-epbin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the platform package as npm unpacks it without its postinstall script: no symlinks. */
async function unhydratedCopy(name: string): Promise<{ pkg: string; entries: SymlinkEntry[] }> {
  const real = await embeddedBinaries(join(root, 'unused-links'));
  const pkg = join(root, name);
  mkdirSync(join(pkg, 'native', 'bin'), { recursive: true });
  mkdirSync(join(pkg, 'native', 'lib'), { recursive: true });
  copyFileSync(real.postgres, join(pkg, 'native', 'bin', 'postgres'));
  const lib = join(real.nativeDir, 'lib');
  for (const f of readdirSync(lib)) {
    if (f.includes('.so') && lstatSync(join(lib, f)).isFile()) copyFileSync(join(lib, f), join(pkg, 'native', 'lib', f));
  }
  const entries = JSON.parse(readFileSync(join(real.nativeDir, 'pg-symlinks.json'), 'utf8')) as SymlinkEntry[];
  return { pkg, entries };
}

function version(pkg: string, env: Record<string, string> = {}) {
  return spawnSync(join(pkg, 'native', 'bin', 'postgres'), ['--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe.runIf(process.platform === 'linux')('embedded server binaries without the postinstall script', () => {
  it('fail to load, and load once the links are re-created next to the libraries', async () => {
    const { pkg, entries } = await unhydratedCopy('in-place');
    const before = version(pkg);
    expect(before.status).not.toBe(0);
    expect(before.stderr).toMatch(/error while loading shared libraries: libicu\w+\.so\.\d+/);

    expect(await hydrateSymlinks(pkg, entries, join(root, 'fallback-unused'))).toBeNull();
    const after = version(pkg);
    expect(after.stdout).toMatch(/^postgres \(PostgreSQL\) 18\./);
    expect(lstatSync(join(pkg, 'native', 'lib', 'libicuuc.so.60')).isSymbolicLink()).toBe(true);
    // Idempotent: a second run finds every link in place.
    expect(await hydrateSymlinks(pkg, entries, join(root, 'fallback-unused'))).toBeNull();
  });

  it('load through a library path when the links cannot be made in the package', async () => {
    const { pkg, entries } = await unhydratedCopy('fallback');
    // Targets in a folder that does not exist stand in for a read-only install (root ignores modes).
    const blocked = entries.map((e) => ({ ...e, target: join('native', 'no-such-dir', e.target.split('/').pop()!) }));
    const fallback = join(root, 'links');
    expect(await hydrateSymlinks(pkg, blocked, fallback)).toBe(fallback);
    expect(version(pkg).status).not.toBe(0);
    expect(version(pkg, { LD_LIBRARY_PATH: fallback }).stdout).toMatch(/^postgres \(PostgreSQL\) 18\./);
  });
});
