/**
 * The folders the user opened in this session — by the folder dialog, the sample, a recent set or
 * a typed path they confirmed — kept by their real path (symlinks resolved). Main reads restore
 * sets only in these folders and files only inside them, so a renderer cannot name /etc or climb
 * out of a set with `..` or a symlink.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../core/errors';

/** An absolute path to an existing folder, normalised (not yet resolved through symlinks). */
export async function existingFolder(text: string): Promise<string> {
  if (!isAbsolute(text)) {
    throw new UserError('bad-argument', `Folder "${text}" is not a full path.`, 'Give the full path of the folder, e.g. /home/me/backup or C:\\backup.');
  }
  const path = resolve(text);
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserError('folder-missing', `The folder ${path} does not exist.`, 'Check the path, or choose the folder the restored backup files were downloaded to.', { folder: path });
  if (!info.isDirectory()) throw new UserError('folder-missing', `${path} is a file, not a folder.`, 'Choose the folder that holds the restored files rather than one of the files.', { folder: path });
  return path;
}

/** True when `path` is `root` or inside it (both real paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export class OpenedFolders {
  private readonly real = new Set<string>();

  /** Remembers a folder main handed out or the user confirmed; returns its normalised path. */
  async admit(text: string): Promise<string> {
    const path = await existingFolder(text);
    this.real.add(await realpath(path));
    return path;
  }

  /** True when the folder was opened in this session. */
  async has(text: string): Promise<boolean> {
    const path = await existingFolder(text);
    return this.real.has(await realpath(path));
  }

  /** The folder's normalised path when it was opened in this session; else a UserError saying how to open it. */
  async check(text: string): Promise<string> {
    const path = await existingFolder(text);
    if (!this.real.has(await realpath(path))) {
      throw new UserError('bad-argument', `The folder ${path} was not opened in this session.`,
        'Open it first: Open folder…, drop it on the window, or type its path and confirm.', { folder: path });
    }
    return path;
  }

  /** Refuses a file whose real path (symlinks resolved) leaves its folder. */
  async checkFile(folder: string, file: string): Promise<string> {
    const [root, real] = await Promise.all([realpath(folder), realpath(file).catch(() => null)]);
    if (!real || !isInside(root, real)) {
      throw new UserError('unsafe-file', `"${file}" leads outside the restore set's folder (a link to ${real ?? 'nowhere'}); it is not read.`,
        'Copy the file itself into the folder if it belongs to the set.', { file });
    }
    return real;
  }
}
