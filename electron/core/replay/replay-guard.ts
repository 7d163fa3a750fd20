/**
 * The session a replay keeps open in each database while it restores it (its "guard"): another
 * replay — a second CLI, the app, a colleague's laptop — sees it in pg_stat_activity, whose
 * application_name every role may read, and refuses to drop that database under it. A guard is
 * idle, so its server session ends as soon as its process goes, unlike a pg_restore worker's
 * session, which may finish its statement first. Through a transaction-pooling PgBouncer the guard
 * is not seen, and replays behave as without it.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { UserError } from '../errors';
import { replayingReason } from '../../shared/existing-databases';
import { connectTarget } from '../target/connect';
import type { TargetConnection } from '../target/types';

/** What every replay's guard is called; this process's own guards add a token of their own. */
export const GUARD_PREFIX = 'pgflex-restore (replaying';
const MINE = `${GUARD_PREFIX} ${randomBytes(4).toString('hex')})`;

/** SQL true for a session that is another process's guard (`$n` binds {@link ownGuard}). */
export const otherGuardSql = (param: string): string => `(application_name LIKE '${GUARD_PREFIX}%' AND application_name <> ${param})`;

/** This process's guard name, for {@link otherGuardSql}. */
export const ownGuard = (): string => MINE;

/** What to do when another replay holds a database. */
export const BUSY_FIX = 'Wait for the other replay to end (it shows on its own screen or terminal), or restore under another name (--rename / "Name on the target").';

interface GuardRow { pid: number; usename: string | null; client_addr: string | null; backend_start: Date }

/** Throws UserError 'database-busy' when another replay's guard is in `name`. */
export async function assertNotGuarded(client: pg.Client, name: string): Promise<void> {
  const { rows } = await client.query<GuardRow>(
    `SELECT pid, usename, client_addr::text AS client_addr, backend_start FROM pg_stat_activity
      WHERE datname = $1 AND ${otherGuardSql('$2')}`, [name, MINE]);
  if (rows.length === 0) return;
  const who = rows.map((r) => `pid ${r.pid}${r.usename ? ` as "${r.usename}"` : ''}${r.client_addr ? ` from ${r.client_addr}` : ''}, since ${r.backend_start.toISOString()}`);
  throw new UserError('database-busy', `${replayingReason(name)} (${who.join('; ')}). It was left untouched.`, BUSY_FIX,
    { database: name, sessions: rows.map((r) => r.pid) });
}

/** An open guard session; `close` ends it, `alive` says whether the server still holds it. */
interface Guard { close(): Promise<void>; alive(): boolean }

/**
 * Opens the guard in `name`, just made by this replay with object id `oid`. Someone who dropped
 * and made it again in between (another replay that missed the guard) makes it a database of
 * theirs: refused, and left alone.
 */
async function openGuard(conn: TargetConnection, name: string, oid: number): Promise<Guard> {
  const taken = (what: string) => new UserError('database-busy', `"${name}" was ${what} by someone else (another replay?) after this replay created it; it was left to them.`,
    BUSY_FIX, { database: name });
  const client = await connectTarget({ ...conn, database: name }, { applicationName: MINE }).catch((err: unknown) => {
    throw err instanceof UserError && err.details.code === '3D000' ? taken('dropped') : err;
  });
  // Ended by the server (a restart, an administrator's pg_terminate_backend): no longer a guard.
  let alive = true;
  client.on('error', () => (alive = false));
  client.on('end', () => (alive = false));
  const close = () => client.end().catch(() => {});
  const now = await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()').catch(async (err: unknown) => {
    await close();
    throw err;
  });
  if (Number(now.rows[0]?.oid) !== oid) {
    await close();
    throw taken('dropped and made again');
  }
  return { close, alive: () => alive };
}

/**
 * A database's guard, open while its replay holds a prep lane or workers for it: closed while it
 * only waits its turn, so a replay of many databases keeps at most two sessions per worker open
 * (preflight-checks.ts counts them). Each reopening checks the database is still the one this
 * replay made ('database-busy' otherwise): a database replaced by someone else meanwhile is theirs.
 */
export class DatabaseGuard {
  private holds = 0;
  private session: Promise<Guard> | null = null;

  private constructor(private readonly conn: TargetConnection, private readonly name: string, private readonly oid: number) {}

  /** Opens the guard of `name` (object id `oid`), just made by this replay; it stays open until the first hold is let go. */
  static async open(conn: TargetConnection, name: string, oid: number): Promise<DatabaseGuard> {
    const guard = new DatabaseGuard(conn, name, oid);
    guard.session = openGuard(conn, name, oid);
    await guard.session;
    return guard;
  }

  /** Holds the guard open (reopening it if it was closed); returns what lets go of this hold. */
  async hold(): Promise<() => Promise<void>> {
    this.holds += 1;
    // A session the server ended is opened again (and the database checked again).
    const was = this.session;
    if (was && !(await was.catch(() => null))?.alive() && this.session === was) this.session = null;
    this.session ??= openGuard(this.conn, this.name, this.oid);
    try {
      await this.session;
    } catch (err) {
      this.holds -= 1;
      this.session = null;
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.holds = Math.max(0, this.holds - 1);
      if (this.holds === 0) await this.end();
    };
  }

  /** Ends the session whatever holds remain (the database is done, or about to be dropped by this replay). */
  async end(): Promise<void> {
    this.holds = 0;
    const session = this.session;
    this.session = null;
    await (await session?.catch(() => null))?.close();
  }
}
