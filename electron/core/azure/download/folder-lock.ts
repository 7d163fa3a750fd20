/**
 * One download at a time per folder. Two at once (two terminals, the app and the command line)
 * write the same partial files: seen here, one run reported seven files "completed, size checked"
 * that the other had truncated to 0 bytes, and the other died on a rename. The lock is a file
 * created exclusively in the folder, naming the process that holds it; a lock whose process is
 * gone (killed, crashed, the machine restarted) is taken over. Not guarded: two runs taking over
 * the same stale lock in the same instant.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors';
import { processRuns } from '../../process-runs';

/** The lock's file name in the destination folder (hidden, like the manifest). */
export const LOCK_FILE = '.pgflex-download.lock';

/** A lock file without a readable holder this old is one whose writer died while creating it. */
const UNREADABLE_GRACE_MS = 10_000;

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

async function readHolder(path: string): Promise<Holder | null> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    if (Number.isSafeInteger(h.pid) && h.pid! > 0 && typeof h.host === 'string' && typeof h.startedAt === 'string') return h as Holder;
  } catch {
    // missing, half-written or not ours: decided below
  }
  return null;
}

/** Whether the lock at `path` is still held by a running download (on another machine: assumed so). */
async function held(path: string): Promise<Holder | 'unreadable' | null> {
  const holder = await readHolder(path);
  if (holder) return holder.host !== hostname() || processRuns(holder.pid) ? holder : null;
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => Infinity);
  return age < UNREADABLE_GRACE_MS ? 'unreadable' : null;
}

function busy(folder: string, holder: Holder | 'unreadable'): UserError {
  const who = holder === 'unreadable' ? 'a download that is just starting' : `process ${holder.pid} on ${holder.host}, since ${holder.startedAt}`;
  return new UserError('folder-busy', `Another download is writing into ${folder} (${who}).`,
    `Wait for it to end (or cancel it), or download into another folder. If no download runs there any more, delete ${join(folder, LOCK_FILE)}.`,
    { folder, ...(holder === 'unreadable' ? {} : holder) });
}

/** Takes the folder's lock (the folder must exist); returns what releases it. Throws UserError 'folder-busy' when another download holds it. */
export async function lockFolder(folder: string): Promise<() => Promise<void>> {
  const path = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() } satisfies Holder));
      } finally {
        await fh.close();
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        // A lock that cannot be removed (the folder went read-only, was deleted) is taken over by the next run.
        await rm(path, { force: true }).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await held(path);
      if (holder) throw busy(folder, holder);
      await rm(path, { force: true }); // its download is gone: take over
    }
  }
  throw busy(folder, 'unreadable');
}
