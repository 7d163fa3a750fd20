/**
 * The archive header, as WriteHead/ReadHead in src/bin/pg_dump/pg_backup_archiver.c lay it out:
 * "PGDMP", vmaj, vmin, vrev, intSize, offSize (>= 1.7), format, compression (>= 1.15 one algorithm
 * byte, else an int level), createDate as 7 ints (>= 1.4), database name (>= 1.4), server version
 * and pg_dump version (>= 1.10).
 */
import type { ArchiveInfo } from './types';
import { FormatError, type ByteCursor } from './byte-reader';

/** Archive version as pg_dump encodes it: (major * 256 + minor) * 256 + revision. */
export function archiveVersion(major: number, minor: number, rev = 0): number {
  return (major * 256 + minor) * 256 + rev;
}

export const K_VERS_1_7 = archiveVersion(1, 7);
export const K_VERS_1_8 = archiveVersion(1, 8);
export const K_VERS_1_9 = archiveVersion(1, 9);
export const K_VERS_1_10 = archiveVersion(1, 10);
export const K_VERS_1_11 = archiveVersion(1, 11);
export const K_VERS_1_14 = archiveVersion(1, 14);
export const K_VERS_1_15 = archiveVersion(1, 15);
export const K_VERS_1_16 = archiveVersion(1, 16);

/** Oldest format read here: 1.7 (pg_dump 7.3, 2002) introduced the offset flags this reader relies on. */
export const OLDEST_SUPPORTED = { major: 1, minor: 7 };
/** Newest format read here, any revision (pg_dump 17 and 18 write 1.16). */
export const NEWEST_SUPPORTED = { major: 1, minor: 16 };

/** Format byte values (pg_backup.h ArchiveFormat). */
export const FORMAT_CUSTOM = 1;
export const FORMAT_TAR = 3;
export const FORMAT_DIRECTORY = 5;

export interface ArchiveHeader {
  major: number;
  minor: number;
  rev: number;
  /** Encoded as archiveVersion() does, for comparisons with K_VERS_*. */
  version: number;
  intSize: number;
  offSize: number;
  format: number;
  compression: ArchiveInfo['compression'];
  /** For archives before 1.15: the zlib level pg_dump recorded (-1 = default). */
  compressionLevel: number | null;
  createdAt: string | null;
  database: string;
  serverVersion: string;
  pgDumpVersion: string;
  /** Absolute position just past the header: where the TOC starts. */
  end: number;
}

/** Outcome of looking at the version bytes alone. */
export type VersionVerdict = 'supported' | 'too-new' | 'too-old';

/** Whether this reader understands an archive of this version. */
export function judgeVersion(major: number, minor: number): VersionVerdict {
  const v = major * 256 + minor;
  if (v > NEWEST_SUPPORTED.major * 256 + NEWEST_SUPPORTED.minor) return 'too-new';
  if (v < OLDEST_SUPPORTED.major * 256 + OLDEST_SUPPORTED.minor) return 'too-old';
  return 'supported';
}

const ALGORITHMS: ArchiveInfo['compression'][] = ['none', 'gzip', 'lz4', 'zstd'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** struct tm fields (year since 1900, month from 0) as 'YYYY-MM-DDTHH:MM:SS', or null when nonsense. */
export function tmToIso(sec: number, min: number, hour: number, mday: number, mon: number, year: number): string | null {
  const ok = sec >= 0 && sec <= 61 && min >= 0 && min <= 59 && hour >= 0 && hour <= 23 && mday >= 1 && mday <= 31 && mon >= 0 && mon <= 11 && year >= 0 && year < 1000;
  if (!ok) return null;
  return `${1900 + year}-${two(mon + 1)}-${two(mday)}T${two(hour)}:${two(min)}:${two(sec)}`;
}

/**
 * Parses the header at the cursor (which must be at the magic). Version checks are the caller's
 * (via judgeVersion) so that it can word the error; this throws FormatError on impossible values.
 */
export function parseHeader(c: ByteCursor): ArchiveHeader {
  const start = c.pos;
  if (c.bytes(5).toString('latin1') !== 'PGDMP') throw new FormatError('missing PGDMP magic', start);
  const major = c.byte();
  const minor = c.byte();
  const rev = major > 1 || (major === 1 && minor > 0) ? c.byte() : 0;
  const version = archiveVersion(major, minor, rev);
  if (judgeVersion(major, minor) !== 'supported') {
    return { major, minor, rev, version, intSize: 0, offSize: 0, format: 0, compression: 'unknown', compressionLevel: null, createdAt: null, database: '', serverVersion: '', pgDumpVersion: '', end: c.pos };
  }
  // pg_dump writes sizeof(int) and sizeof(pgoff_t): 4 and 8 where it runs today; pg_restore reads
  // ints of up to 8 bytes (warning above 4) as long as their values fit its own int.
  const intSize = c.byte();
  if (intSize < 1 || intSize > 8) throw new FormatError(`integer size ${intSize} is not plausible (pg_dump writes 4)`, c.pos - 1);
  const offSize = c.byte();
  if (offSize < 4 || offSize > 8) throw new FormatError(`offset size ${offSize} is not plausible (pg_dump writes 8)`, c.pos - 1);
  c.intSize = intSize;
  c.offSize = offSize;
  const format = c.byte();

  let compression: ArchiveInfo['compression'];
  let compressionLevel: number | null = null;
  const compressionAt = c.pos;
  if (version >= K_VERS_1_15) {
    const algorithm = c.byte();
    compression = ALGORITHMS[algorithm] ?? 'unknown';
    if (compression === 'unknown') throw new FormatError(`compression algorithm ${algorithm} is unknown (0 none, 1 gzip, 2 lz4, 3 zstd)`, compressionAt);
  } else {
    compressionLevel = c.int();
    // pg_restore 15 refuses any other level ("invalid compression code").
    if (compressionLevel < -1 || compressionLevel > 9) throw new FormatError(`compression level ${compressionLevel} is not one pg_dump writes (-1 to 9)`, compressionAt);
    compression = compressionLevel === 0 ? 'none' : 'gzip';
  }

  const tm = [c.int(), c.int(), c.int(), c.int(), c.int(), c.int(), c.int()];
  const createdAt = tmToIso(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5]);
  const database = c.str() ?? '';
  let serverVersion = '';
  let pgDumpVersion = '';
  if (version >= K_VERS_1_10) {
    serverVersion = c.str() ?? '';
    pgDumpVersion = c.str() ?? '';
  }
  return { major, minor, rev, version, intSize, offSize, format, compression, compressionLevel, createdAt, database, serverVersion, pgDumpVersion, end: c.pos };
}

/** Which pg_dump releases write a given archive minor version (for messages). */
export function writtenBy(minor: number): string {
  if (minor >= 16) return minor === 16 ? 'pg_dump 17 or 18' : 'a pg_dump newer than 18';
  const map: Record<number, string> = { 15: 'pg_dump 16', 14: 'pg_dump 12 to 15', 13: 'pg_dump 11 (or late 9.3 to 10 releases)', 12: 'pg_dump 9.0 to 10' };
  return map[minor] ?? 'a pg_dump older than 9.0';
}
