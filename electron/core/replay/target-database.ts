/** Creates, checks and drops the databases a replay restores into, over a normal connection. */
import type pg from 'pg';
import type { ExistingPolicy } from './types';
import { UserError } from '../errors';
import { connectTarget } from '../target/connect';
import type { TargetConnection } from '../target/types';
import { assertNotGuarded, DatabaseGuard } from './replay-guard';

/** Quotes an identifier for SQL ("a ""b"""). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The statement that makes the empty database a restore goes into (shown in the plan, run as is). */
export function createDatabaseSql(name: string): string {
  return `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`;
}

/** The statement that drops a database being replaced (plain DROP: it also waits out autovacuum). */
export function dropDatabaseSql(name: string): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(name)}`;
}

/** How long a drop waits for other sessions of the database to end, and how it says so. */
export interface DropWait {
  /** Upper bound on the wait (default 60 s: a cancelled restore's sessions end well within it). */
  timeoutMs?: number;
  /** Told once when the drop has to wait, and again when it gives up or goes on. */
  onWait?(message: string): void;
}

const DEFAULT_WAIT_MS = 60_000;
const POLL_MS = 500;

interface Session {
  pid: number;
  usename: string | null;
  backend_type: string | null;
  mine: boolean;
}

async function otherSessions(client: pg.Client, name: string): Promise<Session[]> {
  const r = await client.query<Session>(
    `SELECT pid, usename, backend_type, (usename = current_user) AS mine
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  return r.rows;
}

function describe(sessions: Session[]): string {
  return sessions.map((s) => `${s.backend_type ?? 'session'}${s.usename ? ` of "${s.usename}"` : ''} (pid ${s.pid})`).join(', ');
}

/**
 * Drops a database that is being replaced. A superuser forces the others out. Anyone else may
 * only end sessions of roles it is a member of: those (e.g. a cancelled pg_restore's workers) are
 * ended, then the drop waits — bounded, saying so — for the rest (an autovacuum worker, another
 * user) to go, because `WITH (FORCE)` would refuse with "must be a member of the role whose
 * process is being terminated". If they stay, it says what is connected and what to do.
 */
export async function dropForReplace(client: pg.Client, name: string, wait: DropWait = {}): Promise<void> {
  const superuser = (await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user')).rows[0]?.s === true;
  const major = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v) / 10000;
  if (superuser && major >= 13) {
    await client.query(`${dropDatabaseSql(name)} WITH (FORCE)`);
    return;
  }
  const deadline = Date.now() + (wait.timeoutMs ?? DEFAULT_WAIT_MS);
  let told = false;
  for (;;) {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND (usename = current_user OR $2)`, [name, superuser]);
    const left = (await otherSessions(client, name)).filter((s) => !s.mine || superuser);
    if (left.length === 0 || Date.now() >= deadline) {
      try {
        await client.query(dropDatabaseSql(name));
        if (told) wait.onWait?.(`The other sessions ended; "${name}" was dropped.`);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        // 55006: still in use. Keep waiting until the bound, then say who is connected.
        if (code !== '55006') throw err;
        if (Date.now() >= deadline) {
          const still = await otherSessions(client, name);
          throw new UserError('target-refused',
            `Database "${name}" could not be dropped: other sessions are still connected to it — ${describe(still) || 'they ended just now'} — and this user may not end them.`,
            'Retry in a minute (a cancelled restore\'s server sessions and autovacuum end on their own), or ask a superuser or a member of pg_signal_backend to end those sessions (pg_terminate_backend).',
            { database: name, sessions: still.map((s) => s.pid) });
        }
      }
    }
    if (!told) {
      told = true;
      const still = await otherSessions(client, name);
      wait.onWait?.(`Waiting for ${still.length || 'the'} other session(s) of "${name}" to end before dropping it${still.length ? `: ${describe(still)}` : ''}…`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * What a failed CREATE DATABASE means. Someone else made the database between the check and the
 * create (another replay, a colleague): 42P04, or 23505 on pg_database's name index when both
 * creates ran at the same moment — that database is theirs and is left alone.
 */
export function createError(err: unknown, name: string): unknown {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '42P04' || (e.code === '23505' && e.constraint === 'pg_database_datname_index')) {
    return new UserError('database-exists',
      `Database "${name}" was created by someone else (another replay or session) after this replay checked the target; it was left untouched.`,
      'Restore under another name (--rename), or wait for the other replay to end and choose to skip or replace it (--existing skip|replace).',
      { database: name, sqlstate: e.code });
  }
  if (e.code === '42501') {
    return new UserError('target-refused', `The target refused to create database "${name}": ${e.message ?? 'permission denied'}.`,
      'Connect as a role with CREATEDB (on Azure, the server admin), or ALTER ROLE … CREATEDB.', { database: name, sqlstate: e.code });
  }
  return err;
}

/**
 * Makes the empty database a restore goes into, honouring the policy for one that exists, and
 * opens this replay's guard in it (see replay-guard.ts), held once for the caller.
 * Returns null when the policy says to skip it. A database another replay is restoring is never
 * dropped ('database-busy').
 */
export async function prepareDatabase(conn: TargetConnection, name: string, policy: ExistingPolicy, wait: DropWait = {}): Promise<DatabaseGuard | null> {
  const client = await connectTarget(conn);
  let oid: number;
  try {
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists) {
      if (policy === 'skip') return null;
      if (policy === 'fail') {
        throw new UserError('database-exists', `Database "${name}" already exists on the target (made after the pre-flight, by another replay or session?); it was left untouched.`,
          'Choose another target name, or ask to skip or replace existing databases (--existing skip|replace).', { database: name });
      }
      await assertNotGuarded(client, name);
      await dropForReplace(client, name, wait);
    }
    await client.query(createDatabaseSql(name)).catch((err: unknown) => {
      throw createError(err, name);
    });
    oid = Number((await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = $1', [name])).rows[0]?.oid);
  } finally {
    await client.end();
  }
  return DatabaseGuard.open(conn, name, oid);
}
