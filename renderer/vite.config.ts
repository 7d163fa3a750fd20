/** Builds the renderer (React + Fluent UI) from `renderer/` into `.vite/renderer`, loaded by Electron and by `npm run web`. */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * A build is always a production build. Vite takes NODE_ENV from the environment when it is set,
 * so a build started inside Vitest (NODE_ENV=test: the e2e tests) would otherwise bundle React's
 * development build and dev JSX, several times slower. A plugin (not a config callback) keeps
 * this file a plain object that `vite.renderer.config.ts` can merge.
 */
const productionBuild: Plugin = {
  name: 'pgflex:production-build',
  config: (_config, { command }) =>
    command === 'build' ? { define: { 'process.env.NODE_ENV': '"production"' }, oxc: { jsx: { development: false } } } : undefined,
};

export default defineConfig({
  root,
  // Relative asset URLs so the same build loads from file:// (Electron) and http:// (browser harness).
  base: './',
  plugins: [react(), productionBuild],
  build: {
    outDir: fileURLToPath(new URL('../.vite/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
