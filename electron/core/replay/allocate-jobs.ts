/**
 * Splits a worker budget between databases that start together. Every database gets one worker;
 * the rest go to the biggest ones in proportion to their data, because a
 * small database gains nothing from extra workers while a big one is the run's critical path.
 */
export function allocateJobs(budget: number, sizes: number[]): number[] {
  const n = sizes.length;
  if (n === 0) return [];
  const jobs = sizes.map(() => 1);
  const spare = Math.max(0, Math.floor(budget) - n);
  if (spare === 0) return jobs;
  const total = sizes.reduce((a, b) => a + Math.max(0, b), 0);
  const weights = total > 0 ? sizes.map((s) => Math.max(0, s) / total) : sizes.map(() => 1 / n);
  const exact = weights.map((w) => w * spare);
  const whole = exact.map(Math.floor);
  let left = spare - whole.reduce((a, b) => a + b, 0);
  // Workers left by rounding go to the biggest databases: they set the run's length.
  const order = sizes.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    whole[i] += 1;
    left -= 1;
  }
  return jobs.map((j, i) => j + whole[i]);
}

/**
 * Which queued databases start now and with how many workers: as many as free workers allow
 * (biggest first, the queue is sorted by size), sharing those workers by size.
 */
export function nextBatch(free: number, queuedSizes: number[]): number[] {
  const count = Math.min(Math.max(0, free), queuedSizes.length);
  return allocateJobs(free, queuedSizes.slice(0, count));
}
