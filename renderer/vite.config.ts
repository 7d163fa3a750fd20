/** Builds the renderer (React + Fluent UI) from `renderer/` into `.vite/renderer`, loaded by Electron and by `npm run web`. */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs so the same build loads from file:// (Electron) and http:// (browser harness).
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../.vite/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
