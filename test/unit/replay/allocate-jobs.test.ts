import { describe, expect, it } from 'vitest';
import { allocateJobs, nextBatch } from '../../../electron/core/replay/allocate-jobs';

describe('allocateJobs', () => {
  it('gives every database one worker and the rest by size', () => {
    expect(allocateJobs(8, [100, 10, 10])).toEqual([6, 1, 1]);
    expect(allocateJobs(4, [100, 1])).toEqual([3, 1]);
    expect(allocateJobs(2, [5, 5])).toEqual([1, 1]);
  });

  it('never hands out more than the budget when there are spare workers', () => {
    for (const sizes of [[1, 2, 3], [0, 0], [7], [1e9, 1, 1, 1]]) {
      for (let budget = sizes.length; budget <= 16; budget++) {
        const jobs = allocateJobs(budget, sizes);
        expect(jobs.reduce((a, b) => a + b, 0)).toBe(budget);
        expect(Math.min(...jobs)).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('starts only as many databases as there are free workers', () => {
    expect(nextBatch(2, [300, 200, 100])).toEqual([1, 1]);
    expect(nextBatch(1, [300, 200])).toEqual([1]);
    expect(nextBatch(0, [300])).toEqual([]);
    expect(nextBatch(4, [300])).toEqual([4]);
  });
});
