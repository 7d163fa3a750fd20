/**
 * A database password that runs out: a Microsoft Entra access token used as the password of an
 * Azure Database for PostgreSQL server lives 60–90 minutes, and the server checks it only when a
 * connection opens. A long replay opens connections late (pg_restore lanes, psql, the checks
 * after a restore), so every connection asks for the password then, and a token is renewed well
 * before its end — never handed out in its last minutes.
 */

/** A password valid for a while, when it ends, and when it should be renewed (epoch ms). */
export interface TimedPassword {
  password: string;
  expiresAt: number;
  renewAt: number;
}

/** Where a connection gets its expiring password from; kept in main, never sent to the renderer. */
export interface ExpiringPassword {
  /** A password that is not close to its end. */
  current(): Promise<TimedPassword>;
}

/** How long before its end a token is renewed: ten minutes, or half its life for a short-lived one. */
export const RENEW_BEFORE_MS = 10 * 60_000;

/** When a token obtained at `obtainedAt` and ending at `expiresAt` should be renewed. */
export function renewTime(obtainedAt: number, expiresAt: number): number {
  return expiresAt - Math.min(RENEW_BEFORE_MS, Math.max(0, expiresAt - obtainedAt) / 2);
}

/**
 * Keeps one token and renews it once it is past its renewal time. `fetch(force)` asks the token
 * issuer; `force` skips its cache (msal's own cache hands out tokens until five minutes before
 * their end, later than this renews). Callers at the same moment share one fetch.
 */
export function renewingPassword(fetch: (force: boolean) => Promise<{ token: string; expiresAt: number }>, now = () => Date.now()): ExpiringPassword {
  let kept: TimedPassword | null = null;
  let pending: Promise<TimedPassword> | null = null;
  const get = async (): Promise<TimedPassword> => {
    const asked = now();
    let t = await fetch(false);
    // Close to its end (a cached one), or short-lived: ask past the cache for the freshest one there is.
    if (t.expiresAt - now() < RENEW_BEFORE_MS) t = await fetch(true);
    return { password: t.token, expiresAt: t.expiresAt, renewAt: renewTime(asked, t.expiresAt) };
  };
  return {
    async current() {
      if (kept && kept.renewAt > now()) return kept;
      pending ??= get().then((t) => (kept = t)).finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}

/** The password a connection opened now uses: the fixed one, or the expiring one's current value. */
export async function passwordNow(conn: { password?: string; expiringPassword?: ExpiringPassword }): Promise<string | undefined> {
  return conn.expiringPassword ? (await conn.expiringPassword.current()).password : conn.password;
}
