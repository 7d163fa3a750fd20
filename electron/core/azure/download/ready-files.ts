/**
 * Which files of a folder a download writes into may be replayed now. The rule is the download's
 * own, read again from disk rather than taken from anyone's word: the folder's manifest names the
 * file with the checks that passed (its size, the Content-MD5 or CRC64 when the service gave one,
 * and for a dump the archive read whole), and the file on disk is the one renamed into place then
 * (same size, same modification time). Files the download still has to bring — its listing in
 * memory, the partial files on disk — are "still downloading": a replay that would use one, or that
 * asks for "every database" or the roles while one is missing, is refused with what to do.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors';
import type { Inspection } from '../../inspect';
import { selectedDatabases } from '../../replay/plan';
import type { ReplayOptions } from '../../replay/types';
import { classifyFileName } from '../../restore-set/classify';
import { SYSTEM_DATABASES, type FileKind } from '../../restore-set/types';
import { DoneManifest, MANIFEST_FILE } from './done-manifest';

/** What a folder holds of a download, as read from disk (and the download's listing). */
export interface FolderDownload {
  /** A download of this app writes or wrote here: a manifest, a partial file, or a running download. */
  downloaded: boolean;
  /** Files complete and checked: file name → the checks that passed. */
  checked: ReadonlyMap<string, readonly string[]>;
  /** Files still to come, with what they are. */
  pending: ReadonlyArray<{ file: string; kind: FileKind; database?: string }>;
}

/** The part of a replay request that decides which files it reads. */
export type ReplayAsk = Pick<ReplayOptions, 'databases' | 'roles' | 'schemaFile' | 'tablespacesFile'>;

const PART = /^\.(.+)\.pgflex-part$/;

/** True when a file's checks are the ones a finished file of its kind has. */
export function fullyChecked(kind: FileKind, checks: readonly string[]): boolean {
  return checks.includes('size') && (kind !== 'database' || checks.includes('archive'));
}

/** Reads the folder's manifest and partial files; `listed` are files the download in memory still has to bring. */
export async function readFolderDownload(folder: string, listed: readonly string[] = []): Promise<FolderDownload> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const manifest = names.includes(MANIFEST_FILE) ? await DoneManifest.load(folder) : null;
  const checked = new Map<string, readonly string[]>();
  if (manifest) {
    for (const name of names) {
      const entry = manifest.entry(name);
      if (!entry) continue;
      const onDisk = await stat(join(folder, name)).catch(() => null);
      if (onDisk?.isFile() && onDisk.size === entry.size && onDisk.mtimeMs === entry.mtimeMs) checked.set(name, entry.checks);
    }
  }
  const pendingNames = new Set(listed);
  for (const name of names) {
    const m = PART.exec(name);
    if (m) pendingNames.add(m[1]);
  }
  for (const name of checked.keys()) pendingNames.delete(name);
  const pending = [...pendingNames].sort().map((file) => ({ file, ...classifyFileName(file) }));
  return { downloaded: manifest !== null || pending.length > 0, checked, pending };
}

/** Why a replay of this request may not start yet on this folder (empty: it may). Pure. */
export function replayBlockers(inspection: Pick<Inspection, 'set'>, ask: ReplayAsk, d: FolderDownload): string[] {
  if (!d.downloaded) return [];
  const set = inspection.set;
  const reasons: string[] = [];
  // A database still downloading is not in the set yet: it is a pending reason below, not an unknown name.
  const onDisk = new Set(set.databases.map((f) => f.database!));
  const chosen = selectedDatabases(inspection as Inspection, { databases: ask.databases?.filter((n) => onDisk.has(n)) });
  const used = [
    ...set.databases.filter((f) => chosen.has(f.database!)),
    ...(ask.roles && set.roles ? [set.roles] : []),
    ...(ask.schemaFile && set.schema ? [set.schema] : []),
    ...(ask.tablespacesFile && set.tablespaces ? [set.tablespaces] : []),
  ];
  for (const f of used) {
    const checks = d.checked.get(f.file);
    if (!checks || !fullyChecked(f.kind, checks)) reasons.push(`${f.file} is on disk but the download has not checked it as complete`);
  }
  for (const p of d.pending) {
    if (p.kind === 'database' && p.database !== undefined && (ask.databases ? ask.databases.includes(p.database) : !SYSTEM_DATABASES.has(p.database))) {
      reasons.push(ask.databases ? `the dump of ${p.database} is still downloading` : `the dump of ${p.database} is still downloading, and the request asks for every database`);
    }
    if (p.kind === 'roles' && ask.roles) reasons.push('the roles file is still downloading (roles replay first)');
    if (p.kind === 'schema' && ask.schemaFile) reasons.push('the schema file is still downloading');
    if (p.kind === 'tablespaces' && ask.tablespacesFile) reasons.push('the tablespaces file is still downloading');
  }
  return reasons;
}

/** Refuses a replay on a folder whose files it needs are not all complete and checked yet. */
export async function assertReplayReady(inspection: Pick<Inspection, 'set'>, ask: ReplayAsk, listed: readonly string[] = []): Promise<void> {
  const reasons = replayBlockers(inspection, ask, await readFolderDownload(inspection.set.folder, listed));
  if (reasons.length === 0) return;
  throw new UserError('download-incomplete', `Not yet: ${reasons.join('; ')}.`,
    'Replay only the databases the Files screen shows as ready (untick the others, and Roles until the roles file is ready), or wait until they are downloaded and checked.',
    { folder: inspection.set.folder, reasons });
}
