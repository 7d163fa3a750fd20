/**
 * What an earlier run finished: `.pgflex-download.json` in the destination folder names each file
 * that was downloaded and checked, with the blob version (ETag), its size, the checks that passed
 * and the file's modification time when it was renamed into place. A re-run skips a file whose
 * entry still matches the blob and the file on disk; any doubt means the file is fetched again.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadItem } from './types';

/** One finished file. */
export interface DoneEntry {
  blob: string;
  etag: string;
  size: number;
  mtimeMs: number;
  checks: string[];
}

/** The manifest's file name in the destination folder. */
export const MANIFEST_FILE = '.pgflex-download.json';

/** The manifest of one folder; writes are serialised and atomic (temp file + rename). */
export class DoneManifest {
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string, private readonly entries: Record<string, DoneEntry>) {}

  /** Reads the folder's manifest; a missing or unreadable one is empty (hostile content is ignored). */
  static async load(folder: string): Promise<DoneManifest> {
    const path = join(folder, MANIFEST_FILE);
    const entries: Record<string, DoneEntry> = {};
    try {
      const raw = JSON.parse(await readFile(path, 'utf8')) as { version?: number; files?: Record<string, DoneEntry> };
      if (raw.version === 1 && raw.files && typeof raw.files === 'object') {
        for (const [file, e] of Object.entries(raw.files)) {
          if (e && typeof e.blob === 'string' && typeof e.etag === 'string' && Number.isSafeInteger(e.size) && Number.isFinite(e.mtimeMs) &&
            Array.isArray(e.checks) && e.checks.every((c) => typeof c === 'string')) entries[file] = e;
        }
      }
    } catch {
      // none yet, or not ours: every file is checked afresh
    }
    return new DoneManifest(path, entries);
  }

  /** The entry for `item` when it still describes the same blob version and the same file on disk. */
  matches(item: DownloadItem, onDisk: { size: number; mtimeMs: number }): DoneEntry | null {
    const e = this.entries[item.file];
    if (!e || e.blob !== item.blob || e.etag !== item.etag || e.size !== item.size) return null;
    return onDisk.size === item.size && onDisk.mtimeMs === e.mtimeMs ? e : null;
  }

  /** The entry of a file, whatever is on disk now (the caller compares). */
  entry(file: string): DoneEntry | null {
    return this.entries[file] ?? null;
  }

  /** Records (or with null, forgets) a finished file. */
  set(file: string, entry: DoneEntry | null): Promise<void> {
    if (entry) this.entries[file] = entry;
    else delete this.entries[file];
    const text = JSON.stringify({ version: 1, files: this.entries });
    this.writing = this.writing.then(async () => {
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, this.path);
    });
    return this.writing;
  }
}
