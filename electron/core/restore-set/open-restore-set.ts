import { readdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors';
import { openRegularFile } from '../regular-file';
import { classifyFileName } from './classify';
import { describeEntry } from './folder-entry';
import { parseMarker } from './marker';
import type { Marker, RestoreFile, RestoreSet } from './types';

/** Bytes read from a marker file; real ones hold one line. */
export const MARKER_READ_CAP = 4096;

/**
 * Lists a folder of restored files (not recursing) and says what each is. Every entry is listed:
 * what cannot be used goes to `unknown` with what it is and why (folder-entry.ts).
 *
 * - Hidden files (`.DS_Store`, `._<name>` AppleDouble copies, `.azDownload-…` temp files) and
 *   `Thumbs.db`/`desktop.ini` are never backup files (`._x_database_y.sql` would otherwise pass
 *   for a database); sub-folders, links out of the folder, FIFOs and devices are never read.
 * - Two restores in one folder (two backup prefixes) are never mixed: only one's files are used (oneRestore).
 * - When two files claim the same slot (two roles files, two dumps of one database, two markers),
 *   the first by file name (code-point order) is used and the others go to `unknown` with a note
 *   naming the one used.
 * - A folder with files but none recognised still opens, with everything in `unknown`.
 * @throws UserError 'folder-missing' (absent, not a folder, unreadable) or 'folder-empty'.
 */
export async function openRestoreSet(folder: string): Promise<RestoreSet> {
  const dir = resolve(folder);
  const entries = await listFolder(dir);
  const realDir = await realpath(dir);
  const files: RestoreFile[] = [];
  const unusable: RestoreFile[] = [];
  for (const e of await Promise.all(entries.map((raw) => describeEntry(dir, realDir, raw)))) {
    if (e.usable) files.push({ file: e.file, path: e.path, size: e.size, stamp: e.stamp, ...classifyFileName(e.file) });
    else unusable.push(e.file);
  }
  if (files.length === 0) {
    const folders = unusable.filter((f) => f.entry === 'folder').length;
    const shown = unusable.filter((f) => !/hidden or operating-system/.test(f.note ?? '')).slice(0, 5).map((f) => `"${f.file}": ${f.note}`);
    throw new UserError(
      'folder-empty',
      `The folder ${dir} holds no files${unusable.length ? ' that can be read' : ''}.`,
      (folders > 0 ? `It holds ${folders} sub-folder(s); open the one that contains the restored backup files.` : 'Choose the folder the restored backup files were downloaded to.') +
        (shown.length ? ` Not used: ${shown.join(' ')}` : ''),
      { folder: dir, subfolders: folders, notUsed: unusable.map((f) => ({ file: f.file, entry: f.entry, note: f.note })) },
    );
  }
  files.sort((a, b) => byCodePoint(a.file, b.file));
  const used = oneRestore(files);

  const set: RestoreSet = { folder: dir, marker: null, databases: [], roles: null, schema: null, tablespaces: null, unknown: [...unusable] };
  const claimed = new Map<string, RestoreFile>();
  let markerFile: RestoreFile | null = null;
  for (const f of used) {
    if (f.kind === 'unknown') {
      set.unknown.push(f);
      continue;
    }
    const slot = f.kind === 'database' ? `database:${f.database}` : f.kind;
    const first = claimed.get(slot);
    if (first) {
      set.unknown.push(demote(f, first));
      continue;
    }
    claimed.set(slot, f);
    if (f.kind === 'database') set.databases.push(f);
    else if (f.kind === 'marker') markerFile = f;
    else set[f.kind] = f;
  }
  set.databases.sort((a, b) => collator.compare(a.database ?? '', b.database ?? '') || byCodePoint(a.file, b.file));
  set.unknown.sort((a, b) => byCodePoint(a.file, b.file));
  if (markerFile) set.marker = await readMarker(markerFile);
  return set;
}

/** The entries' names as the file system holds them (bytes: a name that is not UTF-8 must not turn into another). */
async function listFolder(dir: string): Promise<Buffer[]> {
  try {
    return await readdir(dir, { encoding: 'buffer' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot be read (${code ?? 'error'})`;
    throw new UserError(
      'folder-missing',
      `The folder ${dir} ${what}.`,
      code === 'ENOTDIR'
        ? 'Choose the folder that holds the restored files rather than one of the files.'
        : 'Check the path, or choose the folder the restored backup files were downloaded to.',
      { folder: dir, code },
    );
  }
}

/**
 * Two restores downloaded into one folder (each names its files with its own backup prefix):
 * their files are never mixed into one replay. The restore with the most files is used (the first
 * prefix by code point on a tie); the other's files are not used, each saying why. A marker
 * without a prefix cannot be told whose it is: the note says to check it.
 */
function oneRestore(files: RestoreFile[]): RestoreFile[] {
  const counts = new Map<string, number>();
  for (const f of files) if (f.kind !== 'unknown' && f.kind !== 'marker') counts.set(f.prefix ?? '', (counts.get(f.prefix ?? '') ?? 0) + 1);
  if (counts.size < 2) return files;
  const [chosen] = [...counts].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0];
  const others = [...counts.keys()].filter((p) => p !== chosen).map((p) => `"${p || '(none)'}"`).join(', ');
  return files.map((f) => {
    // A marker without a prefix cannot be told apart; one with another restore's prefix is theirs.
    if (f.kind === 'unknown' || (f.prefix ?? '') === chosen || (f.kind === 'marker' && !f.prefix)) return f;
    const { database: _database, ...rest } = f;
    return { ...rest, kind: 'unknown' as const, note: `Another restore's file: this folder holds the files of more than one restore (prefixes "${chosen || '(none)'}" and ${others}), and only those of "${chosen || '(none)'}" are used, never a mix. Download each restore into a folder of its own; the backupstarttimestamp marker has no prefix, so check that its time is the one of the restore you want.` };
  });
}

function demote(f: RestoreFile, first: RestoreFile): RestoreFile {
  const what = f.kind === 'database' ? `dump of database "${f.database}"` : `${f.kind} file`;
  const note = `A second ${what}; "${first.file}" is used.`;
  const { database: _database, ...rest } = f;
  return { ...rest, kind: 'unknown', note: f.note ? `${note} ${f.note}` : note };
}

/** Reads at most MARKER_READ_CAP bytes; decodes UTF-8 or UTF-16 by BOM; keeps the raw text. */
async function readMarker(f: RestoreFile): Promise<Marker> {
  let raw = '';
  try {
    const handle = await openRegularFile(f.path);
    try {
      const buf = Buffer.alloc(Math.min(f.size, MARKER_READ_CAP));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      raw = decodeText(buf.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    raw = '';
  }
  return { file: f.file, raw, ...parseMarker(raw) };
}

/** Text of a small file: UTF-16 LE/BE when a BOM says so (a .NET writer may use it), else UTF-8. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
