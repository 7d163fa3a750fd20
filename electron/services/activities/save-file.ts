/**
 * Writes the files the user asked to save (a report, a replay script and its roles copy): each
 * through a temporary file beside it and a rename, so a write that fails (a full disk, a read-only
 * or vanished folder, no permission) leaves no truncated file and never destroys the one it was to
 * replace; the failure is a user error that says which disk or folder, and what to do.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UserError } from '../../core/errors';

/** One file to save: where, what, and its permissions (0600 for anything holding password hashes). */
export interface SavedFile {
  path: string;
  text: string;
  mode: number;
}

function saveError(err: NodeJS.ErrnoException, path: string): UserError {
  const where = dirname(path);
  const name = basename(path);
  const details = { path, code: err.code, syscall: err.syscall };
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') {
    return new UserError('no-space', `The disk holding ${where} is full${err.code === 'EDQUOT' ? ' (your quota on it is used up)' : ''}: ${name} was not saved.`,
      'Free some space on that disk, or save into a folder on another disk.', details);
  }
  return new UserError('bad-argument', `${name} could not be saved in ${where} (${err.code ?? 'error'}): ${err.message.split('\n')[0]}`,
    'Choose a folder on a writable disk that you may write to, and save again.', details);
}

/**
 * Saves every file or none: each is written beside its place first, and only when all are
 * written are they renamed into place. Throws a UserError (see above); nothing is left behind.
 */
export async function saveFiles(files: SavedFile[]): Promise<void> {
  const token = randomBytes(4).toString('hex');
  const temps = files.map((f) => ({ ...f, temp: `${f.path}.${token}.part` }));
  try {
    for (const f of temps) await writeFile(f.temp, f.text, { encoding: 'utf8', mode: f.mode, flag: 'wx' });
    for (const f of temps) await rename(f.temp, f.path);
  } catch (err) {
    await Promise.all(temps.map((f) => rm(f.temp, { force: true }).catch(() => {})));
    const e = err as NodeJS.ErrnoException;
    throw typeof e?.code === 'string' ? saveError(e, e.path === undefined ? files[0].path : temps.find((f) => f.temp === e.path)?.path ?? e.path) : err;
  }
}
