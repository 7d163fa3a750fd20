/**
 * The one place secrets a child needs on disk go (libpq passfiles, the guarded SQL of a set's
 * roles file, which holds password hashes): `<tmp>/pgflex-restore-<uid>/run-<pid>-<random>`, only
 * this user can enter it (0700), it is removed when the process exits, and the folders of runs
 * that died without cleaning up (`kill -9`, a crash, a power cut) are swept at the next start of
 * the CLI or the app.
 */
import { rmSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors';
import { processRuns } from '../process-runs';

const RUN_DIR = /^run-(\d+)-/;

/** The per-user root: `<tmp>/pgflex-restore-<uid>` (the user name where there are no uids). */
export function privateRoot(base = tmpdir()): string {
  const who = typeof process.getuid === 'function' ? String(process.getuid()) : userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_');
  return join(base, `pgflex-restore-${who}`);
}

/** Makes the root, or checks the one there is ours, a real folder (not a planted link) and 0700. */
async function ensureRoot(root: string): Promise<void> {
  await mkdir(root, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const info = await lstat(root);
  const mine = typeof process.getuid !== 'function' || info.uid === process.getuid();
  if (!info.isDirectory() || info.isSymbolicLink() || !mine) {
    throw new UserError('unsafe-file',
      `The private temporary folder ${root} is not a folder of this user${info.isSymbolicLink() ? ' (it is a symbolic link)' : ''}, so no password is written there.`,
      'Remove it (another user may have planted it) and start again, or set TMPDIR to a folder only you can write to.',
      { path: root });
  }
  if (process.platform !== 'win32' && (info.mode & 0o777) !== 0o700) await chmod(root, 0o700);
}

let runDir: string | null = null;

/** This process's private folder (made on first use, 0700, removed at exit). */
export async function privateRunDir(root = privateRoot()): Promise<string> {
  await ensureRoot(root);
  if (runDir && runDir.startsWith(root)) {
    await mkdir(runDir, { recursive: true, mode: 0o700 });
    return runDir;
  }
  const dir = await mkdtemp(join(root, `run-${process.pid}-`));
  await chmod(dir, 0o700);
  if (!runDir) process.once('exit', () => removeRunDir());
  runDir = dir;
  return dir;
}

/** Removes this process's private folder now (also done at exit). */
export function removeRunDir(): void {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}

/** Removes the private folders of runs whose process is gone; returns the folders removed. */
export async function sweepPrivateDirs(root = privateRoot()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = RUN_DIR.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processRuns(pid)) continue;
    const path = join(root, name);
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
