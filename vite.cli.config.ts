/**
 * Builds the command line (electron/cli/main.ts) into `.vite/cli/`, so `pgflex-restore` runs plain
 * JavaScript instead of compiling TypeScript at every start. `npm ci` builds it (the `prepare`
 * script) and bin/pgflex-restore.mjs rebuilds it when it is missing or older than the sources.
 * ESM with code splitting: each command is its own chunk, so `--help` loads almost nothing.
 * Runtime dependencies stay external, resolved from node_modules like the Electron main build.
 * The row-count worker is an entry of its own (`row-count-worker.mjs` beside `main.mjs`): a worker
 * thread starts from a file, and without one verification would count on the main thread.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { external, ROW_COUNT_WORKER, ROW_COUNT_WORKER_SOURCE } from './vite.main.config';

/** Inlined into the CLI's chunks instead of loaded from node_modules at run time (see below); all of them, so there is one copy of the shared pipeline. */
const INLINE = /^@azure\/(?!msal-)/;

/**
 * The Azure pipeline asks `typeof FormData` of every request's body, and Node builds its fetch
 * stack (undici) the first time anything touches that global: 30–60 ms of every command that calls
 * Azure, for a body kind this app never sends. Asked only of an object body, the answer is the same.
 */
function formDataOnlyForObjects(): Plugin {
  const from = 'typeof FormData !== "undefined" && body instanceof FormData';
  return {
    name: 'form-data-only-for-objects',
    transform(code, id) {
      if (!/ts-http-runtime[\\/].*formData\.js$/.test(id)) return null;
      if (!code.includes(from)) {
        this.warn(`${id}: the FormData check changed; every Azure command loads undici again`);
        return null;
      }
      return { code: code.replace(from, `typeof body === "object" && body !== null && ${from}`), map: null };
    },
  };
}

export default defineConfig({
  plugins: [formDataOnlyForObjects()],
  build: {
    outDir: fileURLToPath(new URL('./.vite/cli', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    lib: { entry: { main: fileURLToPath(new URL('./electron/cli/main.ts', import.meta.url)), [ROW_COUNT_WORKER]: ROW_COUNT_WORKER_SOURCE }, formats: ['es'], fileName: (_f, name) => `${name}.mjs` },
    rollupOptions: {
      // Node's ESM loader reads @azure/storage-blob and its pipeline as hundreds of small files:
      // about 0.25 s of CPU at every start, a quarter of a 300 MB download on loopback. Bundled,
      // they load as one file in a third of that. The Azure SDKs are inlined together (never one
      // without the others: two copies of the pipeline would not know each other's errors); msal
      // and the other packages stay external.
      external: (id: string) => !INLINE.test(id) && external.some((e) => (typeof e === 'string' ? e === id : e.test(id))),
      platform: 'node', output: { chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
  resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
  logLevel: 'warn',
  clearScreen: false,
});
