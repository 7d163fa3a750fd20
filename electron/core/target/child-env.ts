/**
 * The environment for pg_restore/psql children: where to connect comes from PG* variables, the
 * password from a passfile only this user can read, in a private temporary folder. Nothing
 * secret ever goes on a command line, and no PG* variable of the parent leaks in (a stray
 * PGPASSWORD would win over the passfile). libpq reads the passfile at every connection, so an
 * expiring password (an Entra token) is written again there before it runs out, for as long as
 * the child may still connect: a lane opened late gets a token that is still valid.
 */
import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors';
import type { ExpiringPassword } from './expiring-password';
import type { TargetConnection } from './types';

/** Escapes one field of a libpq password file: `\` and `:` get a backslash. */
export function escapePassfileField(value: string): string {
  return value.replace(/[\\:]/g, (c) => `\\${c}`);
}

/**
 * The passfile line for a connection: host and port as given (libpq matches them against its
 * connection), any database (pg_restore --create and psql reconnect elsewhere), the user.
 */
export function passfileLine(conn: TargetConnection & { password: string }): string {
  return [conn.host, String(conn.port), '*', conn.user, conn.password].map((f, i) => (i === 2 ? f : escapePassfileField(f))).join(':');
}

// TLS file locations are not secrets and a verify-ca/verify-full connection needs them.
const KEPT_PG_VARIABLES = new Set(['PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY', 'PGSSLCRL']);

/** The variables every child gets to find the target (never the password); also what a saved script exports. */
export function connectionVariables(conn: Omit<TargetConnection, 'password'>): Record<string, string> {
  return {
    PGHOST: conn.host,
    PGPORT: String(conn.port),
    PGUSER: conn.user,
    PGDATABASE: conn.database ?? 'postgres',
    PGSSLMODE: conn.sslmode ?? 'prefer',
    PGAPPNAME: 'pgflex-restore',
    PGCONNECT_TIMEOUT: '10',
    LC_ALL: 'C',
  };
}

export interface ChildEnv {
  /** A complete environment for the child process. */
  env: Record<string, string>;
  /** Removes the passfile and its folder; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Writes the passfile whole and then puts it in place, so libpq never reads half a line. */
async function writePassfile(dir: string, conn: TargetConnection, password: string): Promise<string> {
  if (/[\r\n]/.test(password)) {
    throw new UserError('bad-argument', 'The password contains a line break, which a libpq password file cannot hold.', 'Use a password without line breaks.');
  }
  const file = join(dir, 'pgpass');
  const next = join(dir, 'pgpass.next');
  await writeFile(next, passfileLine({ ...conn, password }) + '\n', { mode: 0o600 });
  await chmod(next, 0o600); // the mode given to writeFile is filtered by the umask
  await rename(next, file);
  return file;
}

/** Rewrites the passfile with the renewed password each time the current one reaches its renewal time; returns the stop. */
function keepRenewed(dir: string, conn: TargetConnection, source: ExpiringPassword, renewAt: number): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (at: number) => {
    timer = setTimeout(async () => {
      const t = await source.current().catch(() => null);
      if (stopped) return;
      // A failed renewal keeps the old line (a late connection then fails with the server's reason) and tries again soon.
      if (t) await writePassfile(dir, conn, t.password).catch(() => undefined);
      if (!stopped) schedule(t ? t.renewAt : Date.now() + 30_000);
    }, Math.max(1000, at - Date.now()));
    timer.unref();
  };
  schedule(renewAt);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** Builds the child environment, writing the password (if any) to a 0600 passfile under `tmpDir`. */
export async function childEnv(conn: TargetConnection, tmpDir: string, parent: NodeJS.ProcessEnv = process.env): Promise<ChildEnv> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (/^PG/i.test(key) && !KEPT_PG_VARIABLES.has(key.toUpperCase())) continue;
    env[key] = value;
  }
  Object.assign(env, connectionVariables(conn));
  const timed = conn.expiringPassword ? await conn.expiringPassword.current() : null;
  const password = timed?.password ?? conn.password;
  if (password === undefined) return { env, cleanup: async () => {} };

  const dir = await mkdtemp(join(tmpDir, 'pgflex-pass-'));
  try {
    await chmod(dir, 0o700);
    env.PGPASSFILE = await writePassfile(dir, conn, password);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = timed ? keepRenewed(dir, conn, conn.expiringPassword!, timed.renewAt) : () => undefined;
  return {
    env,
    cleanup: async () => {
      stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
