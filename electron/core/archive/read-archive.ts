/**
 * Reads a pg_dump custom-format archive in-process: header, table of contents, where each data
 * block lies and how big it is, and whether the file is whole — without running pg_restore.
 */
import { stat } from 'node:fs/promises';
import { UserError } from '../errors';
import type { ArchiveInfo } from './types';
import { FormatError } from './byte-reader';
import { EndOfFile, FileCursor, FileWindow } from './file-window';
import { judgeVersion, parseHeader, FORMAT_CUSTOM } from './read-header';
import { readToc, TocCut } from './read-toc';
import { DataCut, locateData, offsetsRecorded } from './locate-data';
import { sniffBytes, sniffFile, SNIFF_BYTES } from './sniff-file';
import { summarize } from './summarize-toc';
import * as errs from './archive-errors';
import { canDecompress, type BlockLayout } from './data-blocks';
import { checkAndCountAll } from '../verify/check-and-count';

export interface ReadArchiveOptions {
  /**
   * Check the data region is whole (default true). With offsets recorded this reads only block
   * headers and the last block; without them it walks every block (needed for sizes anyway).
   */
  verify?: boolean;
  /** Walk every data block even when offsets are recorded (slowest, most thorough). */
  fullScan?: boolean;
  /** Bytes of the last block to walk before checking only its tail (default 256 MB). */
  lastBlockWalkLimit?: number;
  /**
   * Read (and decompress) every data block, as pg_restore will: 'auto' (the default) does it when
   * the data blocks together are at most DATA_CHECK_BYTES, 'always' whatever their size, 'never'
   * leaves it to the replay. lz4 and zstd blocks are not decoded here (Node 20 has no decoder).
   * 'later' decides as 'auto' but leaves the check to checkLater, on the archive kept open.
   */
  checkData?: 'auto' | 'always' | 'never' | 'later';
}

/** Up to this much data, reading every block in the archive check costs about a second or two. */
export const DATA_CHECK_BYTES = 256 * 1024 * 1024;

const DEFAULT_WALK_LIMIT = 256 * 1024 * 1024;

async function statOrFail(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`;
    throw new UserError('bad-argument', `"${path}" ${why}.`, 'Check the path and that this app may read it.', { path, code });
  }
}

/** Reads an archive's header and TOC, places its data blocks and checks it is complete. */
export async function readArchive(path: string, opts: ReadArchiveOptions = {}): Promise<ArchiveInfo> {
  const open = await openArchive(path, opts);
  await open.close();
  return open.info;
}

/** An archive read and checked by openArchive, with its file still open for reading data blocks. */
export interface OpenArchive {
  info: ArchiveInfo;
  /** What blockPieces/tableDataChunks (data-blocks.ts) need from the header. */
  layout: BlockLayout;
  file: FileWindow;
  /** True when the archive was opened with checkData 'later' and its data check is still to run (checkLater). */
  dataCheckDue: boolean;
  close(): Promise<void>;
}

/**
 * Like readArchive, but keeps the file open so that data blocks can be streamed, e.g.
 * `tableDataChunks(a.file, a.layout, entry.dataOffset!, entry.dumpId)` for a TABLE DATA entry.
 * The caller must close() it.
 */
export async function openArchive(path: string, opts: ReadArchiveOptions = {}): Promise<OpenArchive> {
  const st = await statOrFail(path);
  if (st.isDirectory()) {
    const sniff = await sniffFile(path);
    throw sniff.kind === 'pg-directory-dump' ? errs.otherPgFormat(path, sniff) : errs.notAnArchive(path, sniff);
  }
  const file = await FileWindow.open(path);
  try {
    const { info, layout, dataCheckDue } = await readOpen(path, file, opts);
    return { info, layout, file, dataCheckDue, close: () => file.close() };
  } catch (err) {
    await file.close();
    throw err;
  }
}

/**
 * The data check of an archive opened with checkData 'later' (a no-op when none is due): reads and
 * inflates every data block and counts the rows, as readArchive would have; throws the same errors.
 */
export async function checkLater(open: OpenArchive): Promise<void> {
  if (!open.dataCheckDue) return;
  try {
    await checkAndCountAll(open.file, open.layout, open.info.entries, errs.describeEntry);
  } catch (err) {
    throw archiveError(open.info.path, open.file.size, err);
  }
  open.dataCheckDue = false;
}

/** The user's error for what went wrong reading past the header (anything else is rethrown as is). */
function archiveError(path: string, size: number, err: unknown): unknown {
  if (err instanceof TocCut) return errs.tocCut(path, size, err.entries, err.expected);
  if (err instanceof DataCut) return errs.dataCut(path, size, err.cut, err.missing);
  if (err instanceof FormatError) return errs.damaged(path, size, err.position, err.message);
  return err;
}

async function readOpen(path: string, file: FileWindow, opts: ReadArchiveOptions): Promise<{ info: ArchiveInfo; layout: BlockLayout; dataCheckDue: boolean }> {
  const verify = opts.verify ?? true;
  const fc = await FileCursor.at(file, 0);
  const sniff = sniffBytes((await file.read(0, SNIFF_BYTES)), file.size);
  if (sniff.kind !== 'custom-archive') throw sniff.family === 'archive' ? errs.otherPgFormat(path, sniff) : errs.notAnArchive(path, sniff);

  let header;
  try {
    header = await fc.step((c) => parseHeader(c));
  } catch (err) {
    if (err instanceof EndOfFile) throw errs.headerCut(path, file.size);
    throw err instanceof FormatError ? errs.damaged(path, file.size, err.position, err.message) : err;
  }
  const verdict = judgeVersion(header.major, header.minor);
  if (verdict !== 'supported') throw errs.unsupportedVersion(path, header.major, header.minor, header.rev, verdict);
  if (header.format !== FORMAT_CUSTOM) throw errs.otherPgFormat(path, { ...sniff, kind: 'pg-toc-file', description: 'the toc.dat of a pg_dump directory- or tar-format dump, not a whole archive' });

  try {
    const toc = await readToc(fc, header.version);
    await locateData(file, header.intSize, toc, {
      verify,
      fullScan: opts.fullScan ?? false,
      lastBlockWalkLimit: opts.lastBlockWalkLimit ?? DEFAULT_WALK_LIMIT,
    });
    const entries = toc.entries;
    const layout: BlockLayout = { intSize: header.intSize, compression: header.compression };
    const summary = summarize(entries);
    const checkData = opts.checkData ?? 'auto';
    const checks = verify && canDecompress(layout.compression)
      && (checkData === 'always' || (checkData !== 'never' && summary.dataBytes <= DATA_CHECK_BYTES));
    // The same pass counts each table's rows, for verification after the replay.
    if (checks && checkData !== 'later') await checkAndCountAll(file, layout, entries, errs.describeEntry);
    const info: ArchiveInfo = {
      path,
      fileSize: file.size,
      archiveVersion: `${header.major}.${header.minor}`,
      archiveVersionFull: `${header.major}.${header.minor}.${header.rev}`,
      compression: header.compression,
      createdAt: header.createdAt,
      database: header.database,
      serverVersion: header.serverVersion,
      pgDumpVersion: header.pgDumpVersion,
      entries,
      offsetsKnown: offsetsRecorded(toc),
      ...summary,
    };
    return { info, layout, dataCheckDue: checks && checkData === 'later' };
  } catch (err) {
    throw archiveError(path, file.size, err);
  }
}
