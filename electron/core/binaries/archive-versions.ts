import { UserError } from '../errors';
import type { ClientTool } from './types';
import { parseToolVersion } from './tool-version';

/*
 * Which custom-archive format versions each pg_restore reads. pg_restore refuses any archive newer
 * than its K_VERS_MAX, which is always (K_VERS_MAJOR, K_VERS_MINOR, 255) — so the revision byte
 * never matters, and every pg_restore reads every older format (down to 1.0).
 * Checked in postgres/postgres src/bin/pg_dump/pg_backup_archiver.h:
 *   1.10 tablespace (8.0) · 1.11 TOC sections (8.4) · 1.12 separate BLOB entries (9.0)
 *   1.13 search_path change (CVE-2018-1058, commit "Avoid using unsafe search_path settings during
 *        dump and restore": bumped in 11 and back-patched to 9.3.22, 9.4.17, 9.5.12, 9.6.8 and 10.3,
 *        all released 2018-03-01) · 1.14 tableam (12) · 1.15 compression algorithm in header (16)
 *   1.16 BLOB METADATA entries, multiple BLOBS, relkind (17). The PostgreSQL 18 header (the one with
 *        REQ_STATS, for statistics in dumps) still has K_VERS_MINOR 16: pg_dump 18 writes 1.16 and
 *        pg_restore 18 reads up to 1.16.
 */

/** The newest PostgreSQL major this table knows. Newer pg_restores are assumed to read newer formats. */
export const NEWEST_KNOWN_MAJOR = 18;
/** The newest archive format this table knows. */
export const NEWEST_KNOWN_ARCHIVE = '1.16';

/** [first major, highest archive version it reads], newest first. */
const READS: Array<[number, string]> = [
  [17, '1.16'],
  [16, '1.15'],
  [12, '1.14'],
  [11, '1.13'],
  [9, '1.12'],
  [8.4, '1.11'],
  [8, '1.10'],
];

/** Minor releases of 9.3–10 that took the 2018-03-01 back-patch of format 1.13. */
const BACKPATCH_1_13: Record<string, number> = { '9.3': 22, '9.4': 17, '9.5': 12, '9.6': 8, '10': 3 };

/**
 * The highest archive format ('1.14') a pg_restore of this major reads. For 9.3–10 the answer
 * depends on the minor release: pass the full version ('9.6.24', '10.2') to get it exactly;
 * without it the safe answer is '1.12'. Majors newer than NEWEST_KNOWN_MAJOR get NEWEST_KNOWN_ARCHIVE
 * (at least that; see `canReadArchive`).
 */
export function maxArchiveVersionFor(major: number, version?: string): string {
  if (major >= 9 && major <= 10 && version) {
    const v = parseToolVersion(`x (PostgreSQL) ${version}`);
    if (v && v.stage === 'release') {
      const branch = major === 10 ? '10' : `${v.parts[0]}.${v.parts[1] ?? 0}`;
      const minor = major === 10 ? v.parts[1] : v.parts[2];
      const needed = BACKPATCH_1_13[branch];
      if (needed !== undefined && minor !== undefined && minor >= needed) return '1.13';
    }
  }
  const point = major === 8 && version && /^8\.4/.test(version) ? 8.4 : major;
  for (const [first, max] of READS) if (point >= first) return max;
  return '1.8';
}

/** Orders 'major.minor[.rev]' archive versions by major and minor (the revision never matters). */
export function compareArchiveVersions(a: string, b: string): number {
  const [am, an] = parseArchiveVersion(a);
  const [bm, bn] = parseArchiveVersion(b);
  return am - bm || an - bn;
}

/** True when this pg_restore can read an archive of this format version. */
export function canReadArchive(tool: ClientTool, archiveVersion: string): boolean {
  if (tool.name !== 'pg_restore' || !tool.maxArchiveVersion) return false;
  if (compareArchiveVersions(archiveVersion, tool.maxArchiveVersion) <= 0) return true;
  // A pg_restore newer than this table is newer than every format the table knows, and pg_restore
  // always reads older formats; formats newer than the table may be its own.
  return tool.major > NEWEST_KNOWN_MAJOR && compareArchiveVersions(archiveVersion, NEWEST_KNOWN_ARCHIVE) > 0;
}

/** What a client tool reads, for `binaries --json` and the UI. Null for psql. */
export interface ReadableArchives {
  oldest: string;
  newest: string;
  /** True when the tool is newer than this app's table, so it probably reads newer formats too. */
  newerAssumed: boolean;
}

/** Which archive format versions a pg_restore can read (1.0 up to its maximum). */
export function archiveVersionsReadable(tool: ClientTool): ReadableArchives | null {
  if (tool.name !== 'pg_restore' || !tool.maxArchiveVersion) return null;
  return { oldest: '1.0', newest: tool.maxArchiveVersion, newerAssumed: tool.major > NEWEST_KNOWN_MAJOR };
}

/** The oldest pg_restore major that reads an archive version, or null when it is newer than this app knows. */
export function minRestoreMajorFor(archiveVersion: string): number | null {
  if (compareArchiveVersions(archiveVersion, NEWEST_KNOWN_ARCHIVE) > 0) return null;
  let best: number | null = null;
  for (const [first, max] of READS) {
    if (compareArchiveVersions(archiveVersion, max) <= 0) best = first;
  }
  return best;
}

/**
 * The oldest pg_dump major that writes an archive version (the same release's pg_restore is the
 * first to read it); a version newer than this table comes from a pg_dump newer than it knows.
 * 9.3–10 minor releases that back-patched 1.13 are not counted: they are not a newer server.
 */
export function minWriterMajorFor(archiveVersion: string): number {
  return minRestoreMajorFor(archiveVersion) ?? NEWEST_KNOWN_MAJOR + 1;
}

/** Which pg_dump writes an archive version, in words: 'pg_dump 17 or 18'. */
export function archiveWrittenBy(archiveVersion: string): string {
  const [maj, min] = parseArchiveVersion(archiveVersion);
  const v = `${maj}.${min}`;
  if (compareArchiveVersions(v, NEWEST_KNOWN_ARCHIVE) > 0) return `a pg_dump newer than ${NEWEST_KNOWN_MAJOR}`;
  const writers: Record<string, string> = {
    '1.16': 'pg_dump 17 or 18',
    '1.15': 'pg_dump 16',
    '1.14': 'pg_dump 12 to 15',
    '1.13': 'pg_dump 11 (or 9.3.22+, 9.4.17+, 9.5.12+, 9.6.8+, 10.3+)',
    '1.12': 'pg_dump 9.0 to 10 (before the 2018-03-01 minor releases)',
    '1.11': 'pg_dump 8.4',
  };
  return writers[v] ?? 'a pg_dump older than 8.4';
}

function parseArchiveVersion(v: string): [number, number] {
  const m = /^\s*(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(v);
  if (!m) {
    throw new UserError('bad-argument', `"${v}" is not an archive format version.`, "Give it as major.minor, e.g. '1.14'.", { value: v });
  }
  return [parseInt(m[1], 10), parseInt(m[2], 10)];
}
