/** Bundles scripts/web/browser-bridge.ts (with the operation table and `buildBridge`) into one classic script, `bridge.js`. */
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./browser-bridge.ts', import.meta.url));

/** Writes `<outDir>/bridge.js`; leaves the rest of the folder alone. */
export async function buildBrowserBridge(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      target: 'chrome130',
      minify: false,
      copyPublicDir: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'pgflexBridge', fileName: () => 'bridge.js' },
    },
  });
}
