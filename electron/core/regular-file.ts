/**
 * Opens a file of a restore set for reading only if it is a regular file. It is opened without
 * blocking (a FIFO put in place of a dump after the folder was listed would otherwise wait for a
 * writer forever) and checked on the open handle, so what is read is what was checked.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from './errors';

/** The open handle of a regular file; 'unsafe-file' for a FIFO, a device, a socket or a folder. */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await handle.stat();
    if (st.isFile()) return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  throw new UserError('unsafe-file', `"${basename(path)}" is not a regular file (a named pipe, a device or a folder took its place); it was not read.`,
    'Put the downloaded file itself in the folder and open the folder again.', { path });
}

/** The whole text of a regular file (a set's plain-SQL file), as UTF-8. */
export async function readRegularText(path: string): Promise<string> {
  const handle = await openRegularFile(path);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
