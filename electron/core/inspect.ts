/**
 * Opens a restore set and reads every database dump in it: the one look at a folder that the
 * CLI, the app and the replay all share. Problems are collected per file, never thrown, so one
 * bad dump does not hide the others.
 */
import type { ArchiveInfo } from './archive/types';
import { checkLater, openArchive, type OpenArchive } from './archive/read-archive';
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
  /**
   * Data checks still running, by file (inspectFolder's `dataCheck: 'later'`): each settles with
   * null when the archive is whole, or with why not — then the file has moved from `archives` to
   * `problems`. A file absent here was checked already (or cannot be, or was left out by
   * keepChecksOf).
   */
  pending: Map<string, Promise<UserError | null>>;
  /** The files whose data checks still matter (set by keepChecksOf); absent: all of them. */
  checksWanted?: ReadonlySet<string>;
}

export interface InspectOptions {
  /**
   * 'now' (the default): every archive's data is checked before this resolves. 'later': the table
   * of contents only; the data checks run on in `pending`, biggest archive first, one archive at a
   * time — so a replay can start its biggest database while the others are still being checked.
   */
  dataCheck?: 'now' | 'later';
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
export async function inspectFolder(folder: string, tools: ClientTool[] | Promise<ClientTool[]>, opts: InspectOptions = {}): Promise<Inspection> {
  const found = Promise.resolve(tools);
  found.catch(() => undefined); // awaited below; a failure to read the folder comes first
  const set = await openRestoreSet(folder);
  const inspection: Inspection = { set, archives: new Map(), problems: new Map(), clients: new Map(), pending: new Map() };
  const later = opts.dataCheck === 'later';
  const open = new Map<string, OpenArchive>();
  await eachLimited(set.databases, 2, async (f) => {
    try {
      const a = await openArchive(f.path, { checkData: later ? 'later' : 'auto' });
      if (a.dataCheckDue) open.set(f.file, a);
      else await a.close();
      inspection.archives.set(f.file, a.info);
      inspection.clients.set(f.file, chooseRestoreClient(await found, a.info.archiveVersion));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      inspection.problems.set(f.file, err);
      inspection.clients.set(f.file, null);
    }
  });
  if (open.size) checkInTurn(inspection, open);
  return inspection;
}

/**
 * Only the files a replay restores are still worth checking: the data checks of the others that
 * have not begun are left out (they settle with null, the archive unchecked), so restoring one
 * database of ten does not inflate nine other dumps beside it.
 */
export function keepChecksOf(inspection: Inspection, files: ReadonlySet<string>): void {
  inspection.checksWanted = files;
}

/** Runs the due data checks one archive at a time, biggest first, each entered in `pending` at once. */
function checkInTurn(inspection: Inspection, open: Map<string, OpenArchive>): void {
  const order = [...open].sort(([, a], [, b]) => b.info.dataBytes - a.info.dataBytes);
  let previous: Promise<unknown> = Promise.resolve();
  for (const [file, a] of order) {
    const due = (): Promise<void> => (inspection.checksWanted?.has(file) === false ? Promise.resolve() : checkLater(a));
    const check = previous.then(due).then(() => null, (err: unknown) => {
      if (!(err instanceof UserError)) throw err;
      inspection.archives.delete(file);
      inspection.clients.set(file, null);
      inspection.problems.set(file, err);
      return err;
    }).finally(() => {
      inspection.pending.delete(file);
      return a.close();
    });
    previous = check.catch(() => undefined);
    inspection.pending.set(file, check);
  }
}

/** Resolves once every data check still running has ended (their outcome is in the inspection). */
export async function allChecked(inspection: Inspection): Promise<void> {
  await Promise.all(inspection.pending.values());
}
