/** The renewal rule of an expiring database password (an Entra token), on a fake clock and a fake issuer. */
import { describe, expect, it } from 'vitest';
import { RENEW_BEFORE_MS, renewTime, renewingPassword } from '../../../electron/core/target/expiring-password';

const HOUR = 3_600_000;

/** An issuer whose cache hands back its token until five minutes before its end, as msal's does. */
function issuer(clock: { now: number }, lifetimeMs: number) {
  const asked: boolean[] = [];
  let n = 0;
  let cached: { token: string; expiresAt: number } | null = null;
  return {
    asked,
    fetch: async (force: boolean) => {
      asked.push(force);
      if (force || !cached || cached.expiresAt - clock.now < 5 * 60_000) cached = { token: `t${++n}`, expiresAt: clock.now + lifetimeMs };
      return cached;
    },
  };
}

describe('renewingPassword', () => {
  it('renews ten minutes before the end of an hour-long token, past the issuer cache, and shares one fetch', async () => {
    const clock = { now: 0 };
    const i = issuer(clock, HOUR);
    const p = renewingPassword(i.fetch, () => clock.now);
    const [a, b] = await Promise.all([p.current(), p.current()]);
    expect(a).toEqual({ password: 't1', expiresAt: HOUR, renewAt: HOUR - RENEW_BEFORE_MS });
    expect(b).toBe(a);
    expect(i.asked).toEqual([false]);
    clock.now = HOUR - RENEW_BEFORE_MS - 1;
    expect((await p.current()).password).toBe('t1');
    // Eight minutes left: the issuer's cache would still hand out t1, so the renewal asks past it.
    clock.now = HOUR - 8 * 60_000;
    const renewed = await p.current();
    expect(renewed.password).toBe('t2');
    expect(renewed.expiresAt - clock.now).toBe(HOUR);
    expect(i.asked).toEqual([false, false, true]);
  });

  it('renews a short-lived token half-way through its life', async () => {
    const clock = { now: 1000 };
    const p = renewingPassword(issuer(clock, 8000).fetch, () => clock.now);
    expect(await p.current()).toMatchObject({ expiresAt: 9000, renewAt: 5000 });
    clock.now = 5000;
    expect(await p.current()).toMatchObject({ expiresAt: 13_000, renewAt: 9000 });
    expect(renewTime(0, 8000)).toBe(4000);
  });

  it('a failed fetch is not kept: the next connection asks again', async () => {
    let fail = true;
    const p = renewingPassword(async () => {
      if (fail) throw new Error('signed out');
      return { token: 'ok', expiresAt: Date.now() + HOUR };
    });
    await expect(p.current()).rejects.toThrow('signed out');
    fail = false;
    expect((await p.current()).password).toBe('ok');
  });
});
