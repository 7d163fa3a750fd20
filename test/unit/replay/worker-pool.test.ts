import { describe, expect, it } from 'vitest';
import { Lanes, OrderedPool } from '../../../electron/core/replay/worker-pool';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('OrderedPool', () => {
  it('grants strictly in order, each when enough workers are free', async () => {
    const pool = new OrderedPool(2);
    const got: number[] = [];
    const ask = (order: number, n: number) => pool.acquire(order, n).then((ok) => { if (ok) got.push(order); });
    void ask(1, 1);
    void ask(2, 1);
    await tick();
    expect(got).toEqual([]); // 0 has not asked yet: nobody passes it
    void ask(0, 2);
    await tick();
    expect(got).toEqual([0]);
    pool.release(1);
    await tick();
    expect(got).toEqual([0, 1]);
    pool.release(1);
    await tick();
    expect(got).toEqual([0, 1, 2]);
  });

  it('a place given up lets the next go; leaving after being served changes nothing', async () => {
    const pool = new OrderedPool(1);
    const later = pool.acquire(1, 1);
    const waiting = pool.acquire(0, 5); // more than is free: waits
    pool.leave(0);
    expect(await waiting).toBe(false);
    expect(await later).toBe(true);
    pool.leave(1); // served: its worker is still out
    let third = false;
    const next = pool.acquire(2, 1).then((ok) => { third = ok; });
    await tick();
    expect(third).toBe(false);
    pool.release(1);
    await next;
    expect(third).toBe(true);
  });

  it('a place left before it asks is skipped, and its own later ask gets nothing', async () => {
    const pool = new OrderedPool(1);
    pool.leave(0);
    expect(await pool.acquire(1, 1)).toBe(true);
    expect(await pool.acquire(0, 1)).toBe(false);
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
