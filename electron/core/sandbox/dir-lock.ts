/**
 * A lock file that serialises start/stop/remove of one sandbox folder across processes (the app
 * and the CLI) and within one process. The holder writes its pid and a token; a lock whose
 * holder is gone (crash) is taken over.
 */
import { randomBytes } from 'node:crypto';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors';
import { pidAlive } from './postmaster-pid';

/** Releases the lock; safe to call twice. */
export type ReleaseLock = () => Promise<void>;

const LOCK_FILE = 'sandbox.lock';

/** Takes the folder's lock, waiting up to `timeoutMs` for another holder to finish. */
export async function lockDir(dir: string, timeoutMs = 120_000): Promise<ReleaseLock> {
  const file = join(dir, LOCK_FILE);
  const token = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeFile(file, token, { flag: 'wx', mode: 0o600 });
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        const now = await readFile(file, 'utf8').catch(() => '');
        if (now === token) await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readFile(file, 'utf8').catch(() => null);
    const holderPid = holder ? Number.parseInt(holder, 10) : NaN;
    // A holder that died leaves its lock behind; an unreadable or torn file is retried once more first.
    if (holder !== null && Number.isInteger(holderPid) && !pidAlive(holderPid)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError('sandbox-failed', 'The sandbox folder is busy: another start or stop is still running.',
        `Wait for it to finish, or if no other PG Flex Restore is running, delete ${file}.`, { dir, holder });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
