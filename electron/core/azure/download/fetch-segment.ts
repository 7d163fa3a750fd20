/**
 * Fetches one byte range of a blob into its partial file: one ranged GET pinned to the blob's
 * ETag (If-Match, so a blob replaced mid-way answers 412 instead of handing over spliced bytes),
 * streamed to its place in the file — memory holds a few batches, never the range. A connection
 * that stops sending for `stallMs` is aborted (a retryable failure), and where the service gives a
 * CRC64 of the range (`x-ms-content-crc64`, ranges of 4 MiB or less) the bytes are checked
 * against it before the range counts as fetched.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { crc64 } from './crc64';
import type { Segment } from './file-job';
import { plainEtag } from './list-blobs';

/** Bytes gathered into one positioned write (a thread-pool round trip per network chunk would cap a stream). */
const BATCH = 512 * 1024;
/** The smallest batch: a few network chunks. */
const MIN_BATCH = 64 * 1024;
/**
 * What all streams together may hold in memory: each reads ahead one batch while the previous is
 * being written, so a stream holds up to two batches. One fast stream gets the full batch; 32 slow
 * ones (a far link) get smaller ones, instead of 32 MB between the sockets and the disk.
 */
const IN_FLIGHT_BUDGET = 8 * 1024 * 1024;

/** The batch size for each of `streams` parallel requests. */
export function batchBytes(streams: number): number {
  return Math.max(MIN_BATCH, Math.min(BATCH, Math.floor(IN_FLIGHT_BUDGET / (2 * Math.max(1, streams)))));
}
/** The largest range for which the service computes `x-ms-content-crc64`. */
export const CRC64_MAX_RANGE = 4 * 1024 * 1024;

/** Why a segment stopped before its end. */
export class SegmentStop extends Error {
  constructor(readonly why: 'changed' | 'aborted' | 'stale') {
    super(why);
  }
}

/** Per-download state of the CRC64 ranges: asked for until the service shows it does not give them. */
export interface Crc64State {
  enabled: boolean;
}

/** How one request is made. */
export interface FetchOptions {
  /** A response that sends nothing for this long is aborted and retried (default 30 s). */
  stallMs?: number;
  /** Ask for a CRC64 per range (blobs without Content-MD5); shared by the download's segments. */
  crc64?: Crc64State;
  /** Bytes gathered into one write (default 512 KiB); up to twice that is read ahead. See {@link batchBytes}. */
  batchBytes?: number;
}

/** What one request verified. */
export interface FetchReport {
  /** Bytes of this request checked against the service's CRC64 (0 when it gave none). */
  crc64Bytes: number;
}

/** Network failures and answers worth trying again (the service or the link hiccuped). */
export function isRetryable(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; name?: string; message?: string };
  if (e.statusCode && (e.statusCode === 408 || e.statusCode === 429 || e.statusCode >= 500)) return true;
  if (e.code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|EAI_AGAIN|ERR_STREAM_PREMATURE_CLOSE|UND_ERR_SOCKET|REQUEST_SEND_ERROR|PREMATURE_END|STALLED|CRC64_MISMATCH)$/.test(e.code)) return true;
  return /socket hang up|aborted|premature|ECONNRESET|ECONNREFUSED/i.test(e.message ?? '');
}

function stalledError(ms: number): Error {
  return Object.assign(new Error(`The connection stalled: no bytes for ${Math.round(ms / 1000)} s.`), { code: 'STALLED' });
}

/**
 * Streams [seg.pos, seg.end) — or its first 4 MiB when a CRC64 is asked for — into the file;
 * `onBytes` sees every written chunk. Throws on failure; the caller loops until `seg.end`.
 */
export async function fetchSegment(client: ContainerClient, seg: Segment, onBytes: (position: number, chunk: Buffer) => void, opts: FetchOptions = {}): Promise<FetchReport> {
  const { job } = seg;
  const stallMs = opts.stallMs ?? 30_000;
  const wantCrc = Boolean(opts.crc64?.enabled);
  const from = seg.pos;
  const length = wantCrc ? Math.min(CRC64_MAX_RANGE, seg.end - seg.pos) : seg.end - seg.pos;
  const to = from + length;
  seg.requestEnd = wantCrc ? to : undefined;
  // One controller per request: the segment's own abort (pause, cancel, restart) and a stall both end it.
  const request = new AbortController();
  const onAbort = (): void => request.abort();
  seg.abort.signal.addEventListener('abort', onAbort, { once: true });
  // The watchdog: one timer that, when it fires, looks at when bytes last came and sleeps again
  // for the rest of the quiet time, instead of a timer cleared and set again for every network
  // chunk (4,800 of them for 300 MB: a timer-list insert and removal each).
  let stalled = false;
  let heardAt = performance.now();
  const alive = (): void => {
    heardAt = performance.now();
  };
  let timer: NodeJS.Timeout | undefined;
  const watch = (ms: number): void => {
    timer = setTimeout(() => {
      const quiet = performance.now() - heardAt;
      if (quiet < stallMs) return watch(stallMs - quiet);
      stalled = true;
      request.abort();
    }, ms);
  };
  const stopped = (err: unknown): unknown => {
    if (seg.abort.signal.aborted) return new SegmentStop('aborted');
    if (stalled) return stalledError(stallMs);
    return err;
  };
  watch(stallMs);
  try {
    let res;
    try {
      res = await client.getBlobClient(job.item.blob).download(from, length, {
        abortSignal: request.signal,
        conditions: { ifMatch: `"${job.item.etag}"` },
        maxRetryRequests: 0,
        ...(wantCrc ? { rangeGetContentCrc64: true } : {}),
      });
    } catch (err) {
      const e = err as { statusCode?: number; code?: string; details?: { errorCode?: string } };
      if (e.statusCode === 412) throw new SegmentStop('changed');
      if (wantCrc && (e.code === 'FeatureNotSupported' || e.details?.errorCode === 'FeatureNotSupported')) {
        opts.crc64!.enabled = false; // an emulator that refuses the header: carry on without it
        return { crc64Bytes: 0 };
      }
      throw stopped(err);
    }
    seg.answered = true;
    const body = res.readableStreamBody;
    body?.on('error', () => undefined); // an abort after we stopped reading must not become an unhandled error
    if (res.etag && plainEtag(res.etag) !== job.item.etag) {
      body?.destroy();
      throw new SegmentStop('changed');
    }
    if (!body) throw Object.assign(new Error('The service sent no body.'), { code: 'PREMATURE_END' });
    const expectedCrc = wantCrc && res.contentCrc64?.length === 8 ? Buffer.from(res.contentCrc64) : null;
    if (wantCrc && !expectedCrc) opts.crc64!.enabled = false; // the service gives none: stop cutting ranges small
    const crc = expectedCrc ? crc64() : null;
    await pump(body, seg, to, onBytes, crc, alive, opts.batchBytes ?? BATCH);
    if (seg.pos < Math.min(to, seg.end)) {
      if (seg.abort.signal.aborted) throw new SegmentStop('aborted');
      throw Object.assign(new Error(`The connection ended ${Math.min(to, seg.end) - seg.pos} bytes early.`), { code: 'PREMATURE_END' });
    }
    if (!crc || !expectedCrc || seg.pos !== to) return { crc64Bytes: 0 }; // cut short by a split: nothing to compare
    const got = crc.digest();
    if (!got.equals(expectedCrc)) {
      seg.pos = from; // the bytes of this range are not trusted: fetch them again
      throw Object.assign(new Error(`The bytes ${from}–${to} do not match the service's CRC64 (${expectedCrc.toString('base64')}, got ${got.toString('base64')}).`), { code: 'CRC64_MISMATCH' });
    }
    return { crc64Bytes: to - from };
  } catch (err) {
    throw err instanceof SegmentStop ? err : stopped(err);
  } finally {
    seg.requestEnd = undefined;
    seg.answered = false;
    clearTimeout(timer);
    seg.abort.signal.removeEventListener('abort', onAbort);
  }
}

/** The pieces from byte `skip` on (the rest of a write that took only part of them). */
function after(pieces: Buffer[], skip: number): Buffer[] {
  if (skip === 0) return pieces;
  const out: Buffer[] = [];
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      out.push(skip > 0 ? piece.subarray(skip) : piece);
      skip = 0;
    }
  }
  return out;
}

/**
 * Reads the body and writes it in batches while the next batch is read, so the socket keeps
 * flowing during a write; `seg.pos` moves only over bytes whose write has returned.
 */
async function pump(body: NodeJS.ReadableStream, seg: Segment, to: number, onBytes: (position: number, chunk: Buffer) => void,
  crc: ReturnType<typeof crc64> | null, alive: () => void, batchSize: number): Promise<void> {
  const { job } = seg;
  const limit = (): number => Math.min(to, seg.end); // `end` shrinks when the range is split
  let batch: Buffer[] = [];
  let gathered = 0;
  let queued = seg.pos; // end of the bytes handed to writes so far
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let unwritten = 0;

  const flush = (): void => {
    if (!gathered) return;
    const pieces = batch;
    const n = gathered;
    const at = queued;
    batch = [];
    gathered = 0;
    queued += n;
    writing = writing.then(async () => {
      if (failure) return;
      if (seg.generation !== job.generation) throw new SegmentStop('stale');
      // A write may take fewer bytes than it was given (a disk filling up takes what fits, then
      // fails): only what it took counts, so the record never claims bytes that are not there.
      let written = 0;
      try {
        while (written < n) {
          const { bytesWritten } = await job.fh!.writev(after(pieces, written), at + written);
          if (bytesWritten <= 0) throw Object.assign(new Error('A write to the partial file took no bytes.'), { code: 'EIO', syscall: 'write' });
          written += bytesWritten;
        }
      } finally {
        if (seg.generation === job.generation) {
          seg.pos = at + written;
          let p = at;
          for (const piece of pieces) {
            if (p >= at + written) break;
            onBytes(p, p + piece.length <= at + written ? piece : piece.subarray(0, at + written - p));
            p += piece.length;
          }
        }
      }
      if (seg.generation !== job.generation) throw new SegmentStop('stale');
      unwritten -= n;
      if (unwritten < 2 * batchSize && body.isPaused()) body.resume();
    }).catch((err) => {
      failure ??= err;
      body.resume();
    });
  };

  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      body.removeListener('data', onData);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      alive();
      if (failure) return finish();
      const room = limit() - queued - gathered;
      const n = Math.min(chunk.length, Math.max(0, room));
      if (n > 0) {
        const piece = n < chunk.length ? chunk.subarray(0, n) : chunk;
        batch.push(piece);
        gathered += n;
        unwritten += n;
        crc?.update(piece);
      }
      if (gathered >= batchSize || queued + gathered >= limit()) flush();
      if (queued >= limit()) return finish(); // leaving early destroys the response below
      if (unwritten >= 2 * batchSize) body.pause();
    };
    body.on('data', onData);
    body.once('end', () => finish());
    body.once('close', () => finish());
    body.once('error', (err) => finish(err));
  }).catch((err) => {
    failure ??= err;
  });
  flush(); // bytes that arrived before a break are good: keep them
  await writing;
  (body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  if (failure) throw failure;
}
