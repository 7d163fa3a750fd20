/**
 * The local disk a download writes to: enough room is checked before the first byte is fetched
 * (a download that fills a laptop's disk to the last byte breaks more than itself), and a write
 * that fails on the way (the disk filled up meanwhile, a read-only or FAT32 disk, no permission) is
 * told as what it is — the local disk, not the storage service — with what to do.
 */
import { statfs } from 'node:fs/promises';
import { formatBytes } from '../../../shared/format-bytes';
import { UserError } from '../../errors';

/**
 * Throws UserError 'no-space' when the disk holding `folder` has less room than the `needed` bytes
 * still to fetch; nothing has been fetched yet. A disk that cannot say how much is free is let through.
 */
export async function assertRoom(folder: string, needed: number, onDisk: number): Promise<void> {
  // What an unprivileged writer may use; a system that cannot tell lets the download through.
  const s = await statfs(folder).catch(() => null);
  const free = s ? s.bavail * s.bsize : null;
  if (free === null || free >= needed) return;
  throw new UserError('no-space',
    `The disk holding ${folder} has ${formatBytes(free)} free, and this download still needs ${formatBytes(needed)}${onDisk > 0 ? ` (${formatBytes(onDisk)} are on disk already)` : ''}. Nothing was fetched.`,
    `Free at least ${formatBytes(needed - free)} on that disk, or download into a folder on a disk with more room, then run the same command again.`,
    { folder, free, needed });
}

/** Codes only the local file system gives (a socket fails with others: ECONNRESET, EPIPE…). */
const LOCAL_CODES = /^(ENOSPC|EDQUOT|EROFS|EFBIG|EIO|EACCES|EPERM|EISDIR|ENOTDIR)$/;

/** True for a failure of the local file system (a write, an open, a rename), as opposed to the network or the service. */
export function isLocalFileError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return typeof e?.code === 'string' && (LOCAL_CODES.test(e.code) || (e.code === 'ENOENT' && typeof e.path === 'string'));
}

/** The user error for a local write that failed while `file` was downloading into `folder`; `remaining` is what the whole download still needs. */
export function localWriteError(err: NodeJS.ErrnoException, file: string, folder: string, remaining: number): UserError {
  const kept = 'run the same command again: what is already written is kept and resumed.';
  const details = { file, folder, code: err.code, syscall: err.syscall };
  if (err.code === 'ENOSPC' || err.code === 'EDQUOT') {
    return new UserError('download-incomplete', `The disk holding ${folder} is full${err.code === 'EDQUOT' ? ' (your quota on it is used up)' : ''}: ${file} could not be written.`,
      `Free at least ${formatBytes(remaining)} on that disk (or download into a folder on another disk), then ${kept}`, details);
  }
  if (err.code === 'EFBIG') {
    return new UserError('download-incomplete', `The file system of ${folder} cannot hold a file as big as ${file} (FAT32 holds at most 4 GB per file).`,
      'Download into a folder on an NTFS, exFAT, APFS or ext4 disk.', details);
  }
  if (err.syscall === 'mkdir') {
    return new UserError('download-incomplete', `Could not create the folder ${folder} (${err.code}): ${err.message.split('\n')[0]}`,
      'Choose a folder on a writable disk, inside a folder you may write to.', details);
  }
  return new UserError('download-incomplete', `Could not write ${file} in ${folder} (${err.code}${err.syscall ? ` on ${err.syscall}` : ''}): ${err.message.split('\n')[0]}`,
    `Check that the folder is on a writable disk and that you may write there, then ${kept}`, details);
}
