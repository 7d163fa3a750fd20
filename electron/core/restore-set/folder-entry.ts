/**
 * What one entry of a restore-set folder is, and whether it may be read as a file of the set.
 * Every entry gets an answer — nothing vanishes without a word: a regular file (or a link to one
 * inside the folder) is usable; anything else (a sub-folder, a directory-format dump, a link out of
 * the folder, a dangling link or a loop, a FIFO, a device, a socket, a name that is not UTF-8 or
 * holds control characters, OS litter) is listed with what it is and why it is not used. Nothing
 * here opens a file: a FIFO or a device is never read.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { stampOf } from './file-stamp';
import type { EntryKind, RestoreFile } from './types';

/** Operating-system litter: never a backup file (AppleDouble `._x` copies included). */
const LITTER = /^(\..*|thumbs\.db|desktop\.ini)$/i;
/** Longest name a file system gives back (bytes); a longer one is not something to trust. */
const MAX_NAME_BYTES = 255;

export type FolderEntry =
  | { usable: true; file: string; path: string; size: number; stamp: string }
  | { usable: false; file: RestoreFile };

const unusable = (file: string, path: string, size: number, entry: EntryKind, note: string): FolderEntry =>
  ({ usable: false, file: { file, path, size, kind: 'unknown', entry, note } });

function kindOf(info: Stats): EntryKind {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isFIFO()) return 'fifo';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  if (info.isSocket()) return 'socket';
  return 'other';
}

const WHY: Record<Exclude<EntryKind, 'file' | 'folder' | 'symlink'>, string> = {
  fifo: 'A named pipe (FIFO); not read: reading it could wait forever.',
  device: 'A device file; not read.',
  socket: 'A socket; not read.',
  other: 'Not a regular file; not read.',
};

async function describeFolder(path: string): Promise<string> {
  const toc = await stat(join(path, 'toc.dat')).catch(() => null);
  return toc?.isFile()
    ? 'A directory-format pg_dump (it holds toc.dat). Azure Backup writes custom-format files and only those are replayed: restore this one by hand with pg_restore --format=directory, or dump it again with pg_dump -Fc.'
    : 'A sub-folder; a restore set is one flat folder, so it is not searched. Open it on its own if it holds the files.';
}

/** Describes the entry `raw` (its name as the file system gives it) of `dir`, whose real path is `realDir`. */
export async function describeEntry(dir: string, realDir: string, raw: Buffer): Promise<FolderEntry> {
  const name = raw.toString('utf8');
  const path = join(dir, name);
  if (!Buffer.from(name, 'utf8').equals(raw)) {
    const info = await lstat(Buffer.concat([Buffer.from(`${dir}/`), raw])).catch(() => null);
    return unusable(name, path, info?.size ?? 0, info ? kindOf(info) : 'other', 'The name is not valid UTF-8, so the database it names cannot be read from it; not used. Rename the file.');
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) return unusable(name, path, 0, 'other', 'The name holds control characters (a line break, a tab…); not used. Rename the file.');
  if (raw.length > MAX_NAME_BYTES) return unusable(name, path, 0, 'other', `The name is longer than ${MAX_NAME_BYTES} bytes; not used.`);
  const info = await lstat(path).catch(() => null);
  if (!info) return unusable(name, path, 0, 'other', 'It vanished while the folder was being read.');
  if (LITTER.test(name)) return unusable(name, path, info.size, kindOf(info), 'A hidden or operating-system file; never a backup file.');
  if (info.isFile()) return { usable: true, file: name, path, size: info.size, stamp: stampOf(info) };
  if (info.isDirectory()) return unusable(name, path, 0, 'folder', await describeFolder(path));
  if (!info.isSymbolicLink()) return unusable(name, path, info.size, kindOf(info), WHY[kindOf(info) as keyof typeof WHY]);

  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unusable(name, path, 0, 'symlink', code === 'ELOOP' ? 'A symbolic link loop; not followed.' : 'A dangling symbolic link (what it points to does not exist); not followed.');
  }
  const rel = relative(realDir, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return unusable(name, path, 0, 'symlink', `A symbolic link to ${real}, outside the folder; not followed. Copy the file into the folder to use it.`);
  }
  const target = await stat(real).catch(() => null);
  if (!target) return unusable(name, path, 0, 'symlink', 'It vanished while the folder was being read.');
  if (target.isFile()) return { usable: true, file: name, path, size: target.size, stamp: stampOf(target) };
  const kind = kindOf(target);
  const why = kind === 'folder' ? 'A symbolic link to a sub-folder; not searched.' : `A symbolic link to something that is not a regular file: ${WHY[kind as keyof typeof WHY] ?? 'not read.'}`;
  return unusable(name, path, 0, 'symlink', why);
}
