/**
 * What survives an interruption: a partial file `.<name>.pgflex-part` beside a small JSON record of
 * which byte ranges of which blob version (ETag) are already on disk. Only bytes whose write has
 * returned are recorded, so a resumed file never claims data it does not have; the end-of-file
 * checks (size, Content-MD5, archive) catch anything a power cut could still lose.
 */
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from '../../json-file';

/** Half-open byte ranges [start, end), sorted and merged. */
export type Ranges = Array<[number, number]>;

/** The record kept beside a partial file. */
export interface PartRecord {
  version: 1;
  blob: string;
  etag: string;
  size: number;
  done: Ranges;
  /** How many of the done bytes were checked against the service's CRC64 of their range. */
  crc64Bytes?: number;
}

/** Where a file's partial data and its record live. */
export function partPaths(folder: string, file: string): { data: string; record: string; final: string } {
  return { data: join(folder, `.${file}.pgflex-part`), record: join(folder, `.${file}.pgflex-part.json`), final: join(folder, file) };
}

/** Adds [start, end) to a merged range list, in place. Pure apart from the list. */
export function addRange(ranges: Ranges, start: number, end: number): void {
  if (end <= start) return;
  ranges.push([start, end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Ranges = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  ranges.splice(0, ranges.length, ...merged);
}

/** The ranges of [0, size) not yet covered. */
export function missingRanges(done: Ranges, size: number): Ranges {
  const out: Ranges = [];
  let at = 0;
  for (const [s, e] of done) {
    if (s > at) out.push([at, Math.min(s, size)]);
    at = Math.max(at, e);
  }
  if (at < size) out.push([at, size]);
  return out.filter(([s, e]) => e > s);
}

/** Bytes covered. */
export function coveredBytes(done: Ranges): number {
  return done.reduce((n, [s, e]) => n + (e - s), 0);
}

/** Reads a record; null when missing or not one of ours (a hostile or stale file is ignored). */
export async function loadRecord(path: string): Promise<PartRecord | null> {
  const r = (await readJsonFile(path)) as PartRecord | null;
  if (!r || typeof r !== 'object') return null;
  const rangesOk = Array.isArray(r.done) && r.done.every((x) => Array.isArray(x) && x.length === 2 && Number.isSafeInteger(x[0]) && Number.isSafeInteger(x[1]) && x[0] >= 0 && x[1] >= x[0] && x[1] <= r.size);
  if (r.version !== 1 || typeof r.etag !== 'string' || typeof r.blob !== 'string' || !Number.isSafeInteger(r.size) || !rangesOk) return null;
  if (r.crc64Bytes !== undefined && !(Number.isSafeInteger(r.crc64Bytes) && r.crc64Bytes >= 0)) delete r.crc64Bytes;
  return r;
}

/**
 * Writes a record atomically (temp file + rename), so a crash never leaves half a record. On a
 * full disk there is no room for the temp file: the record is then rewritten in place, in the disk
 * block it already has — else what was fetched before the disk filled up would be fetched again
 * (a torn record from a crash at that moment reads as no record: the file starts over).
 */
export async function saveRecord(path: string, record: PartRecord): Promise<void> {
  const tmp = `${path}.tmp`;
  const text = JSON.stringify(record);
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    await rm(tmp, { force: true });
    if (code !== 'ENOSPC' && code !== 'EDQUOT') throw err;
    const fh = await open(path, 'r+').catch(() => null);
    if (!fh) throw err;
    try {
      await fh.write(text, 0, 'utf8');
      await fh.truncate(Buffer.byteLength(text));
    } finally {
      await fh.close();
    }
  }
}

/** Removes a file's partial data and record. */
export async function dropPart(folder: string, file: string): Promise<void> {
  const p = partPaths(folder, file);
  await rm(p.data, { force: true });
  await rm(p.record, { force: true });
}
