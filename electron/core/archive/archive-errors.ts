/** The user-facing errors of the archive reader, worded once here. */
import { basename } from 'node:path';
import { UserError } from '../errors';
import type { TocEntry } from './types';
import type { FileSniff } from './sniff-file';
import { NEWEST_SUPPORTED, OLDEST_SUPPORTED, writtenBy, type VersionVerdict } from './read-header';
import { formatBytes } from '../../shared/format-bytes';

const REDOWNLOAD =
  'Download the file again from the storage container (from the start, not resumed) and check its size against the blob. ' +
  'pg_restore would still list this file, but a restore would stop part-way.';


/** 'table public.orders (entry 3451)', 'large objects (entry 3454)', 'INDEX public.ix (entry 9)'. */
export function describeEntry(e: Pick<TocEntry, 'desc' | 'schema' | 'tag' | 'dumpId'>): string {
  const name = e.schema ? `${e.schema}.${e.tag}` : e.tag;
  if (e.desc === 'TABLE DATA') return `table ${name} (entry ${e.dumpId})`;
  if (e.desc === 'BLOBS') return `large objects (entry ${e.dumpId})`;
  return `${e.desc} ${name} (entry ${e.dumpId})`;
}

function listSome(entries: TocEntry[], max = 3): string {
  const shown = entries.slice(0, max).map(describeEntry).join(', ');
  return entries.length > max ? `${shown} and ${entries.length - max} more` : shown;
}

/** The file ends inside the header. */
export function headerCut(path: string, fileSize: number): UserError {
  return new UserError('archive-truncated', `"${basename(path)}" is incomplete: it ends inside the archive header (${formatBytes(fileSize)}). The download must be redone.`, REDOWNLOAD, { path, fileSize, where: 'header' });
}

/** The file ends inside the table of contents. */
export function tocCut(path: string, fileSize: number, read: TocEntry[], expected: number): UserError {
  const last = read[read.length - 1];
  const after = last ? `, after ${describeEntry(last)}` : '';
  return new UserError(
    'archive-truncated',
    `"${basename(path)}" is incomplete: it ends inside the table of contents (${read.length} of ${expected} entries read${after}; file is ${formatBytes(fileSize)}). The download must be redone.`,
    REDOWNLOAD,
    { path, fileSize, where: 'toc', entriesRead: read.length, entriesExpected: expected },
  );
}

/** The file ends inside the data blocks, or lacks blocks that the TOC promises. */
export function dataCut(path: string, fileSize: number, cut: TocEntry | null, missing: TocEntry[]): UserError {
  const parts: string[] = [];
  if (cut) parts.push(`the data of ${describeEntry(cut)} is cut off at byte ${fileSize}`);
  if (missing.length > 0) parts.push(`${cut ? 'and ' : ''}the data of ${listSome(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`);
  return new UserError('archive-truncated', `"${basename(path)}" is incomplete: ${parts.join(' ')} (file is ${formatBytes(fileSize)}). The download must be redone.`, REDOWNLOAD, {
    path,
    fileSize,
    where: 'data',
    cutEntry: cut?.dumpId ?? null,
    missingEntries: missing.map((e) => e.dumpId),
  });
}

/** The bytes contradict the format (damaged in transfer or on disk). */
export function damaged(path: string, fileSize: number, position: number, reason: string): UserError {
  return new UserError('archive-truncated', `"${basename(path)}" is damaged: ${reason} (at byte ${position} of ${fileSize}). The download must be redone.`, REDOWNLOAD, {
    path,
    fileSize,
    where: 'damaged',
    position,
    reason,
  });
}

/** A format version this reader does not know. */
export function unsupportedVersion(path: string, major: number, minor: number, rev: number, verdict: VersionVerdict): UserError {
  const v = `${major}.${minor}.${rev}`;
  const range = `${OLDEST_SUPPORTED.major}.${OLDEST_SUPPORTED.minor} to ${NEWEST_SUPPORTED.major}.${NEWEST_SUPPORTED.minor}`;
  const message =
    verdict === 'too-new'
      ? `"${basename(path)}" is a pg_dump archive of format ${v}, newer than this app can read (${range}); it was written by ${writtenBy(minor)}.`
      : `"${basename(path)}" is a pg_dump archive of format ${v}, older than this app can read (${range}).`;
  const hint =
    verdict === 'too-new'
      ? 'Update PG Flex Restore, and restore with a pg_restore at least as new as the pg_dump that wrote the file.'
      : 'Restore it with a pg_restore of that era, or re-dump the database with a current pg_dump.';
  return new UserError('archive-unsupported', message, hint, { path, archiveVersion: `${major}.${minor}`, archiveVersionFull: v });
}

/** A pg_dump archive of another format than custom (directory, tar, or a lone toc.dat). */
export function otherPgFormat(path: string, sniff: FileSniff): UserError {
  return new UserError(
    'archive-unsupported',
    `"${basename(path)}" is ${sniff.description}; this app inspects custom-format archives (pg_dump -Fc), which is what Azure Backup writes.`,
    'pg_restore can still restore it directly; or re-dump the database with pg_dump -Fc.',
    { path, kind: sniff.kind },
  );
}

/** Not an archive at all: says what it looks like instead. */
export function notAnArchive(path: string, sniff: FileSniff): UserError {
  const hint =
    sniff.family === 'sql'
      ? 'A plain SQL file is replayed with psql, not pg_restore; open it as a roles/schema script instead.'
      : sniff.kind === 'html' || sniff.kind === 'xml' || sniff.kind === 'empty'
        ? 'The download failed and saved this instead of the backup: download the file again.'
        : 'Pick the "<guid>_database_<name>.sql" file that Azure Backup wrote; it starts with "PGDMP".';
  return new UserError('not-an-archive', `"${basename(path)}" is not a pg_dump custom-format archive: it looks like ${sniff.description}.`, hint, { path, kind: sniff.kind });
}
