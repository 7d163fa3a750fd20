/**
 * Electron Forge: `npm start` builds main, preload and renderer with Vite and opens the app.
 * Installers come from electron-builder (electron-builder.yml), which ships `resources/` beside
 * the app; Forge's own packaging keeps only `.vite/` and is for quick local checks.
 *
 * Fuses flip Electron features off in the packaged binary, for good, at package time.
 */
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'PG Flex Restore',
    executableName: 'pgflex-restore',
    appBundleId: 'io.github.pgflex-restore',
    icon: 'build/icon',
    // Required by the EnableEmbeddedAsarIntegrityValidation and OnlyLoadAppFromAsar fuses.
    asar: true,
    extraResource: ['resources/sample', 'resources/pg'],
  },
  rebuildConfig: {},
  makers: [],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node.js interpreter.
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      // NODE_OPTIONS could inject code (--require) into the app.
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      // Left ON on purpose: Playwright's `_electron.launch` drives the app through
      // --inspect/--remote-debugging flags, and end-to-end tests must run the build we ship.
      // Turn it off for a release that is not tested that way.
      [FuseV1Options.EnableNodeCliInspectArguments]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      // The renderer is served from app://, so file:// needs no extra powers.
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
