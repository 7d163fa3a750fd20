import { describe, expect, it } from 'vitest';
import { Lanes, PlanPool } from '../../../electron/core/replay/worker-pool';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PlanPool', () => {
  it('grants the waiting passes in plan order, each when enough workers are free; one not asked yet holds nobody back', async () => {
    const pool = new PlanPool(2);
    const got: string[] = [];
    const ask = (rank: number, step: number, n: number) => pool.acquire(rank, step, n).then((ok) => { if (ok) got.push(`${rank}.${step}`); });
    void ask(1, 0, 1);
    await tick();
    expect(got).toEqual(['1.0']); // 0 has not asked: it is not ready, so 1 goes
    void ask(2, 0, 1);
    void ask(0, 0, 2);
    await tick();
    expect(got).toEqual(['1.0', '2.0']);
    pool.release(1);
    await tick();
    expect(got).toEqual(['1.0', '2.0']); // 0 needs two
    void ask(3, 0, 1);
    await tick();
    expect(got).toEqual(['1.0', '2.0']); // a free worker, but 3 comes after the waiting 0
    pool.release(1);
    await tick();
    expect(got).toEqual(['1.0', '2.0', '0.0']);
    pool.release(2);
    await tick();
    expect(got).toEqual(['1.0', '2.0', '0.0', '3.0']);
  });

  it('a database that leaves gets nothing for its waiting passes nor its later asks, and lets the next go', async () => {
    const pool = new PlanPool(1);
    const held = await pool.acquire(0, 0, 1);
    expect(held).toBe(true);
    const waiting = pool.acquire(1, 0, 1);
    const later = pool.acquire(2, 0, 1);
    pool.leave(1);
    expect(await waiting).toBe(false);
    expect(await pool.acquire(1, 1, 1)).toBe(false);
    pool.release(1);
    expect(await later).toBe(true);
  });
});

describe('Lanes', () => {
  it('limits how many run at once, first come first served', async () => {
    const lanes = new Lanes(1);
    const give = await lanes.take();
    let second = false;
    const next = lanes.take().then((g) => { second = true; return g; });
    await tick();
    expect(second).toBe(false);
    give();
    give(); // twice is once
    (await next)();
    expect(second).toBe(true);
    const a = await lanes.take();
    let third = false;
    void lanes.take().then(() => { third = true; });
    await tick();
    expect(third).toBe(false);
    a();
  });
});
