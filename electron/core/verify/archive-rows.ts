/**
 * Counts the rows in an archive's data blocks on a worker thread, so the count runs beside the
 * replay and costs it no wall time on a machine with a core to spare.
 *
 * From source (tsx, vitest) the worker runs row-count-worker.ts through tsx. A bundle ships it as
 * an entry of its own (vite.cli.config.ts → `.vite/cli/row-count-worker.mjs`, vite.main.config.ts
 * → `.vite/build/row-count-worker.cjs`), found beside the bundle's entry: this module may sit in
 * that folder or, code-split, in a chunk folder one below it. When no worker can start, the count
 * runs on the calling thread (still correct, no longer free) and says so in `note`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockCount } from './block-rows';
import { countBlocks, type BlockRef } from './count-blocks';

/** The counts, and where they were made. */
export interface ArchiveRowCount {
  counts: Map<number, BlockCount>;
  /** 'worker' normally; 'main-thread' when no worker could start (the reason in `note`). */
  where: 'worker' | 'main-thread';
  note: string | null;
  durationMs: number;
}

/** A running count: `done` resolves with every block's count; `stop` ends it at once (a cancel). */
export interface RowCountRun {
  done: Promise<ArchiveRowCount>;
  stop(): void;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The worker's file name in a bundle, without its extension (vite.main.config.ts names the entry so). */
const BUNDLED_NAME = 'row-count-worker';

/** How a worker is started: a file (or eval'd code) and its options. */
export type WorkerEntry = { file: string | URL; options: { eval?: boolean; workerData?: Record<string, string> } };

/** How to start the worker from here, or null when this build has no worker file. */
export function workerEntry(from = here): WorkerEntry | null {
  const ts = join(from, 'row-count-worker.ts');
  if (existsSync(ts)) {
    // tsx's ESM entry (resolving 'tsx/esm/api' from here would pick its CommonJS build).
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    const tsx = join(dirname(pkgPath), pkg.exports['./esm/api'].import.default);
    return {
      // Loads tsx's hooks in the worker first: module hooks are per thread.
      file: `const { workerData } = require('node:worker_threads');
        import(workerData.tsxUrl).then((m) => { m.register(); return import(workerData.entryUrl); });`,
      options: { eval: true, workerData: { tsxUrl: pathToFileURL(tsx).href, entryUrl: pathToFileURL(ts).href } },
    };
  }
  for (const dir of [from, dirname(from)]) {
    for (const ext of ['.mjs', '.cjs']) {
      const file = join(dir, BUNDLED_NAME + ext);
      if (existsSync(file)) return { file, options: {} };
    }
  }
  return null;
}

/** Starts counting the rows of `blocks` in the archive at `path` (on `entry`'s worker; tests name a build's). */
export function countArchiveRows(path: string, blocks: BlockRef[], entry: WorkerEntry | null = workerEntry()): RowCountRun {
  const started = Date.now();
  const counts = new Map<number, BlockCount>();
  // Nothing left to count (the archive check counted every table at inspect): no thread at all.
  if (blocks.length === 0) return { done: Promise.resolve({ counts, where: 'worker', note: null, durationMs: 0 }), stop: () => {} };
  let stopped = false;
  const inProcess = (note: string): Promise<ArchiveRowCount> =>
    countBlocks(path, blocks, (c) => counts.set(c.dumpId, c), () => stopped)
      .then(() => ({ counts, where: 'main-thread' as const, note, durationMs: Date.now() - started }));
  if (!entry) {
    return { done: inProcess('no row-count worker in this build: rows were counted on the main thread'), stop: () => { stopped = true; } };
  }
  const worker = new Worker(entry.file, { ...entry.options, workerData: { ...entry.options.workerData, path, blocks } });
  const done = new Promise<ArchiveRowCount>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: { type: string; count?: BlockCount; message?: string }) => {
      if (m.type === 'count') counts.set(m.count!.dumpId, m.count!);
      else if (m.type === 'done') {
        settled = true;
        resolve({ counts, where: 'worker', note: null, durationMs: Date.now() - started });
      } else if (m.type === 'error') {
        settled = true;
        reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      if (settled) return;
      settled = true;
      // The worker could not load (e.g. a build without tsx): count here instead.
      counts.clear();
      inProcess(`the row-count worker failed to start (${err.message}): rows were counted on the main thread`).then(resolve, reject);
    });
    worker.on('exit', () => {
      if (!settled) {
        settled = true;
        if (stopped) resolve({ counts, where: 'worker', note: 'stopped early', durationMs: Date.now() - started });
        else reject(new Error('the row-count worker ended without an answer'));
      }
    });
  });
  return {
    done,
    // Terminated, not asked: a block of gigabytes would otherwise be read to its end first.
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}
