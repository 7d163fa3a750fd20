/**
 * Fetches one byte range of a blob into its partial file: one ranged GET pinned to the blob's
 * ETag (If-Match, so a blob replaced mid-way answers 412 instead of handing over spliced bytes),
 * streamed chunk by chunk to its place in the file — memory holds a chunk, never the range.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { Segment } from './file-job';
import { plainEtag } from './list-blobs';

const BATCH = 512 * 1024;

/** Why a segment stopped before its end. */
export class SegmentStop extends Error {
  constructor(readonly why: 'changed' | 'aborted' | 'stale') {
    super(why);
  }
}

/** Network failures and answers worth trying again (the service or the link hiccuped). */
export function isRetryable(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; name?: string; message?: string };
  if (e.statusCode && (e.statusCode === 408 || e.statusCode === 429 || e.statusCode >= 500)) return true;
  if (e.code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|EAI_AGAIN|ERR_STREAM_PREMATURE_CLOSE|UND_ERR_SOCKET|REQUEST_SEND_ERROR|PREMATURE_END)$/.test(e.code)) return true;
  return /socket hang up|aborted|premature|ECONNRESET|ECONNREFUSED/i.test(e.message ?? '');
}

/** Streams [seg.pos, seg.end) into the file; `onBytes` sees every written chunk. Throws on failure. */
export async function fetchSegment(client: ContainerClient, seg: Segment, onBytes: (position: number, chunk: Buffer) => void): Promise<void> {
  const { job } = seg;
  const blob = client.getBlobClient(job.item.blob);
  let res;
  try {
    res = await blob.download(seg.pos, seg.end - seg.pos, {
      abortSignal: seg.abort.signal,
      conditions: { ifMatch: `"${job.item.etag}"` },
      maxRetryRequests: 0,
    });
  } catch (err) {
    if (seg.abort.signal.aborted) throw new SegmentStop('aborted');
    if ((err as { statusCode?: number }).statusCode === 412) throw new SegmentStop('changed');
    throw err;
  }
  const body = res.readableStreamBody;
  body?.on('error', () => undefined); // an abort after we stopped reading must not become an unhandled error
  if (res.etag && plainEtag(res.etag) !== job.item.etag) {
    body?.destroy();
    throw new SegmentStop('changed');
  }
  if (!body) throw Object.assign(new Error('The service sent no body.'), { code: 'PREMATURE_END' });
  // Chunks arrive in 16–64 KB pieces; writing each on its own costs a thread-pool round trip per
  // piece, which on a busy machine caps a stream well below the link. Up to BATCH bytes go in one writev.
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (!batchBytes || seg.generation !== job.generation) return;
    const at = seg.pos;
    const pieces = batch;
    const n = batchBytes;
    batch = [];
    batchBytes = 0;
    await job.fh!.writev(pieces, at);
    if (seg.generation !== job.generation) throw new SegmentStop('stale');
    seg.pos = at + n;
    let p = at;
    for (const piece of pieces) {
      onBytes(p, piece);
      p += piece.length;
    }
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (seg.generation !== job.generation) throw new SegmentStop('stale');
      const n = Math.min(chunk.length, seg.end - seg.pos - batchBytes); // `end` shrinks when the range is split
      if (n > 0) {
        batch.push(n < chunk.length ? chunk.subarray(0, n) : chunk);
        batchBytes += n;
      }
      if (batchBytes >= BATCH || seg.pos + batchBytes >= seg.end) await flush();
      if (seg.pos >= seg.end) break; // leaving the loop destroys the response
    }
    await flush();
  } catch (err) {
    if (err instanceof SegmentStop) throw err;
    await flush().catch(() => undefined); // bytes that arrived before the break are good: keep them
    if (seg.abort.signal.aborted) throw new SegmentStop('aborted');
    throw err;
  }
  if (seg.pos < seg.end) {
    if (seg.abort.signal.aborted) throw new SegmentStop('aborted');
    throw Object.assign(new Error(`The connection ended ${seg.end - seg.pos} bytes early.`), { code: 'PREMATURE_END' });
  }
}
