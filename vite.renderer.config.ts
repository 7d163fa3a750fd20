/**
 * The renderer as the app loads it: renderer/vite.config.ts, built into
 * `.vite/renderer/main_window/` where the main process serves it from (app:// protocol).
 */
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import renderer from './renderer/vite.config';

export default mergeConfig(renderer, {
  build: { outDir: fileURLToPath(new URL('./.vite/renderer/main_window', import.meta.url)) },
});
