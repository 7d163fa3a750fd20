/**
 * The environment for pg_restore/psql children: where to connect comes from PG* variables, the
 * password from a passfile only this user can read, in a private temporary folder. Nothing
 * secret ever goes on a command line, and no PG* variable of the parent leaks in (a stray
 * PGPASSWORD would win over the passfile).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors';
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

/** Builds the child environment, writing the password (if any) to a 0600 passfile under `tmpDir`. */
export async function childEnv(conn: TargetConnection, tmpDir: string, parent: NodeJS.ProcessEnv = process.env): Promise<ChildEnv> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (/^PG/i.test(key) && !KEPT_PG_VARIABLES.has(key.toUpperCase())) continue;
    env[key] = value;
  }
  Object.assign(env, connectionVariables(conn));
  if (conn.password === undefined) return { env, cleanup: async () => {} };
  if (/[\r\n]/.test(conn.password)) {
    throw new UserError('bad-argument', 'The password contains a line break, which a libpq password file cannot hold.', 'Use a password without line breaks.');
  }

  const dir = await mkdtemp(join(tmpDir, 'pgflex-pass-'));
  await chmod(dir, 0o700);
  const file = join(dir, 'pgpass');
  await writeFile(file, passfileLine({ ...conn, password: conn.password }) + '\n', { mode: 0o600 });
  await chmod(file, 0o600); // the mode given to writeFile is filtered by the umask
  env.PGPASSFILE = file;
  return { env, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
