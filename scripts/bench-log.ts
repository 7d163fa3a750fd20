/**
 * Benchmark: the renderer's log ring (renderer/src/lib/log-ring.ts) taking 300,000 replay log lines
 * and searching them — the speed goal the unit test used to assert with a wall-clock bound.
 * Typical on the quiet 2-core build machine: about 100 ms to push and 60 ms to search (median of 5).
 *
 *   node bin/run-ts.mjs scripts/bench-log.ts
 */
import { LogRing } from '../renderer/src/lib/log-ring';

const LINES = 300_000;

function batch(n: number, from: number): Array<{ source: string; line: string }> {
  return Array.from({ length: n }, (_, i) => ({ source: i % 2 ? 'shop' : 'inventory', line: `pg_restore: processing item ${from + i} TABLE DATA public.t${from + i}` }));
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Prints median push and search times over 5 rounds. */
export function benchLog(): void {
  const batches = Array.from({ length: LINES / 1000 }, (_, b) => batch(1000, b * 1000));
  const push: number[] = [];
  const search: number[] = [];
  for (let r = 0; r < 5; r++) {
    const ring = new LogRing();
    let t = performance.now();
    for (const b of batches) ring.push(b);
    push.push(performance.now() - t);
    t = performance.now();
    ring.search({ text: 'public.t29999', level: 'all' });
    search.push(performance.now() - t);
  }
  console.log(`log ring: ${LINES} lines pushed in ${median(push).toFixed(0)} ms, searched in ${median(search).toFixed(0)} ms (median of 5; quiet 2-core machine: ~100 and ~60)`);
}

if (process.argv[1]?.endsWith('bench-log.ts')) benchLog();
