/**
 * Builds the preload (electron/preload/preload.ts) into one CommonJS file, `.vite/build/preload.cjs`:
 * a sandboxed preload cannot load other files or ES modules, so everything is inlined.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./.vite/build', import.meta.url)),
    emptyOutDir: false,
    target: 'chrome130',
    minify: false,
    sourcemap: 'inline',
    rollupOptions: {
      input: fileURLToPath(new URL('./electron/preload/preload.ts', import.meta.url)),
      external: ['electron'],
      // One file: the preload has no dynamic imports (a test checks the output is a single file).
      output: { format: 'cjs', entryFileNames: 'preload.cjs' },
    },
  },
  clearScreen: false,
});
