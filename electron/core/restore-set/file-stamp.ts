/**
 * Whether a file of a restore set is still the one that was read. A set is inspected when it is
 * opened and replayed later (minutes later in the app): a copy still writing into the folder, a
 * second download, a file swapped by hand would otherwise replay bytes nobody checked or saw. The
 * stamp is the file's identity (device and inode), size, and modification and change times — a
 * file rewritten in place, replaced by a rename or copied over with its old time kept all differ.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { formatBytes } from '../../shared/format-bytes';
import { UserError } from '../errors';
import type { RestoreFile } from './types';

/** A file's stamp from its (followed) Stats. */
export function stampOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

const clock = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** What changed in `f` since its stamp was taken, in words; null when it is the same file (or was never stamped). */
export async function changeOf(f: RestoreFile): Promise<string | null> {
  if (f.stamp === undefined) return null;
  const now = await stat(f.path).catch((err: NodeJS.ErrnoException) => err);
  const [dev, ino, , mtimeMs] = f.stamp.split(':');
  const was = `${formatBytes(f.size)}, modified ${clock(Number(mtimeMs))}`;
  if (now instanceof Error) return `"${f.file}" was ${was} when the folder was read and is now ${now.code === 'ENOENT' ? 'gone' : `unreadable (${now.code ?? now.message})`}`;
  if (stampOf(now) === f.stamp) return null;
  const replaced = `${now.dev}:${now.ino}` !== `${dev}:${ino}` ? ' (another file took its place)' : '';
  return `"${f.file}" was ${was} when the folder was read and is now ${formatBytes(now.size)}, modified ${clock(now.mtimeMs)}${replaced}`;
}

/** What to do about a set that changed since it was read. */
export const REOPEN = 'Open the folder again, so what is shown is what runs; if a copy or a download is still writing into it, wait for it to finish first.';

/**
 * Throws UserError 'set-changed' when any of `files` is no longer the file that was read; the
 * message names each one and what became of it. Nothing is changed on the target before this.
 */
export async function assertUnchanged(files: RestoreFile[]): Promise<void> {
  const found = await Promise.all(files.map(changeOf));
  const changed = files.filter((_, i) => found[i] !== null);
  if (changed.length === 0) return;
  throw new UserError('set-changed', `The restore set changed on disk since it was read: ${found.filter((c) => c !== null).join('; ')}. Nothing was changed on the target.`,
    REOPEN, { files: changed.map((f) => f.file) });
}
