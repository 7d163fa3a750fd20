/**
 * Creates the sandbox's data folder once (initdb) and checks it on later runs: same major
 * version, password present. Layout of the sandbox folder:
 *   sandbox.json   what this folder is (so removal can tell it from any other folder)
 *   password       the generated superuser password, mode 0600, never logged
 *   data/          the PostgreSQL data folder
 *   lib-links/     library links, only when node_modules was read-only
 */
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../shared/format-bytes';
import { UserError } from '../errors';
import { runChild } from '../replay/child-process';
import { serverEnv, type EmbeddedBinaries } from './embedded-binaries';
import type { ServerUser } from './server-user';

/** The superuser the sandbox is initialised with. */
export const SANDBOX_USER = 'postgres';

/** Paths inside a sandbox folder. */
export function sandboxPaths(dir: string) {
  return {
    meta: join(dir, 'sandbox.json'),
    password: join(dir, 'password'),
    data: join(dir, 'data'),
    dataInit: join(dir, 'data.init'),
    pgVersion: join(dir, 'data', 'PG_VERSION'),
    postmasterPid: join(dir, 'data', 'postmaster.pid'),
    owner: join(dir, 'owner.pid'),
    libLinks: join(dir, 'lib-links'),
  };
}

/** True when a folder is a sandbox folder (ours), so it is safe to delete. */
export function looksLikeSandbox(dir: string): boolean {
  const p = sandboxPaths(dir);
  return existsSync(p.meta) || (existsSync(p.pgVersion) && existsSync(p.password));
}

function removeFolderHint(dir: string): string {
  return `Remove the folder ${dir} (its databases are lost; dump them first if you need them), then start the sandbox again.`;
}

/** Runs initdb on first use; on later runs checks the data folder. Returns the superuser password. */
/** What a new sandbox server takes before anything is restored into it: its files (about 40 MB) and WAL to start with. */
const SERVER_BYTES = 100 * 1024 * 1024;

/** Throws UserError 'no-space' when the disk holding `dir` cannot hold a new server; nothing has been made yet. */
async function assertRoomForServer(dir: string): Promise<void> {
  const s = await statfs(dir).catch(() => null);
  const free = s ? s.bavail * s.bsize : null;
  if (free === null || free >= SERVER_BYTES) return;
  throw new UserError('no-space',
    `The disk holding the sandbox folder ${dir} has ${formatBytes(free)} free; a new sandbox server needs about ${formatBytes(SERVER_BYTES)} before anything is restored into it. Nothing was created.`,
    'Free space on that disk, or choose a sandbox folder on another disk (--sandbox-dir), then try again.', { dir, free, needed: SERVER_BYTES });
}

export async function ensureInitialised(
  dir: string, bins: EmbeddedBinaries, major: string, user: ServerUser | null, log: (line: string) => void,
): Promise<string> {
  const p = sandboxPaths(dir);
  if (existsSync(p.pgVersion)) {
    const dataMajor = (await readFile(p.pgVersion, 'utf8')).trim();
    if (dataMajor !== major) {
      throw new UserError('sandbox-failed',
        `The sandbox folder holds a PostgreSQL ${dataMajor} server, but this app runs PostgreSQL ${major}.`,
        removeFolderHint(dir), { dir, dataVersion: dataMajor, serverVersion: major });
    }
    if (!existsSync(p.password)) {
      throw new UserError('sandbox-failed', 'The sandbox folder has lost its password file, so nobody can sign in to it.',
        removeFolderHint(dir), { dir });
    }
    return (await readFile(p.password, 'utf8')).trim();
  }
  if (existsSync(p.data)) {
    throw new UserError('sandbox-failed', 'The sandbox data folder is incomplete (it has no PG_VERSION).', removeFolderHint(dir), { dir });
  }

  await assertRoomForServer(dir);
  log(`Creating the sandbox server (PostgreSQL ${major}) in ${dir}`);
  const password = randomBytes(18).toString('base64url');
  await writeFile(p.password, password + '\n', { mode: 0o600 });
  await chmod(p.password, 0o600);
  // A leftover from an initdb that crashed half-way is thrown away; initdb writes to data.init and
  // only a complete folder is renamed to data, so data/ is never half-made.
  await rm(p.dataInit, { recursive: true, force: true });
  await mkdir(p.dataInit, { mode: 0o700 });
  const pwfile = join(dir, `initdb-pw-${process.pid}`);
  await writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (user) {
    chownSync(p.dataInit, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const r = await runChild(bins.initdb, [
      '-D', p.dataInit, '-U', SANDBOX_USER, `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-locale',
      '--auth=scram-sha-256', '--no-instructions',
    ], { env: serverEnv(bins), uid: user?.uid, gid: user?.gid });
    for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) if (line.trim()) log(line);
    if (r.code !== 0) {
      // The server's own words (FATAL: could not write to file …: No space left on device), not only "it failed".
      const said = r.stderr.split('\n').map((l) => l.replace(/^.*?\b(FATAL|ERROR|PANIC):\s+/, '$1: ').trim()).find((l) => /^(FATAL|ERROR|PANIC|initdb: error):? /.test(l));
      throw new UserError('sandbox-failed', `Creating the sandbox server failed (initdb${said ? `: ${said}` : ` exited with ${r.signal ?? `code ${r.code}`}`}).`,
        /No space left|disk full/i.test(r.stderr)
          ? `The disk holding ${dir} is full: free space on it, or choose another sandbox folder (--sandbox-dir), then try again.`
          : 'Check that the folder is writable and has free space, then try again; the log holds initdb\'s whole output.',
        { dir, stderr: r.stderr.slice(-4000), code: r.code, signal: r.signal });
    }
  } finally {
    await rm(pwfile, { force: true });
  }
  await rename(p.dataInit, p.data);
  await writeFile(p.meta, JSON.stringify({
    app: 'pgflex-restore', purpose: 'Local sandbox PostgreSQL server; delete this folder to remove it.',
    postgresMajor: major, createdAt: new Date().toISOString(),
  }, null, 2) + '\n');
  return password;
}
