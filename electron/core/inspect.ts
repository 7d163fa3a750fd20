/**
 * Opens a restore set and reads every database dump in it: the one look at a folder that the
 * CLI, the app and the replay all share. Problems are collected per file, never thrown, so one
 * bad dump does not hide the others.
 */
import type { ArchiveInfo } from './archive/types';
import { readArchive } from './archive/read-archive';
import { chooseRestoreClient } from './binaries/choose';
import type { ClientTool } from './binaries/types';
import { UserError } from './errors';
import { openRestoreSet } from './restore-set/open-restore-set';
import type { RestoreSet } from './restore-set/types';

export interface Inspection {
  set: RestoreSet;
  /** By file name. */
  archives: Map<string, ArchiveInfo>;
  problems: Map<string, UserError>;
  clients: Map<string, ClientTool | null>;
}

/** Reads at most `limit` archives at once: the reads are disk-bound. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Opens the folder and inspects each dump, choosing the pg_restore that can read it. `tools` may
 * still be being found (their `--version` probes are child processes): the archives are read
 * meanwhile.
 */
export async function inspectFolder(folder: string, tools: ClientTool[] | Promise<ClientTool[]>): Promise<Inspection> {
  const found = Promise.resolve(tools);
  found.catch(() => undefined); // awaited below; a failure to read the folder comes first
  const set = await openRestoreSet(folder);
  const inspection: Inspection = { set, archives: new Map(), problems: new Map(), clients: new Map() };
  await eachLimited(set.databases, 2, async (f) => {
    try {
      const info = await readArchive(f.path);
      inspection.archives.set(f.file, info);
      inspection.clients.set(f.file, chooseRestoreClient(await found, info.archiveVersion));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      inspection.problems.set(f.file, err);
      inspection.clients.set(f.file, null);
    }
  });
  return inspection;
}
