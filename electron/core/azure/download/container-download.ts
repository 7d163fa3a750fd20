/**
 * A container download as a long-running activity: an id, batched events, a status, pause,
 * cancel and an end. Several files and ranges go in parallel (the count chosen as it runs), a
 * partial file resumes where it stopped, a blob that changed starts over, and every file is
 * checked before it is renamed into place — each emits "file-complete" at once, so a replay can
 * start on a finished dump while others still download.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { UserError } from '../../errors';
import { openContainer, storageError, type AccessOptions, type ContainerAccess } from './container-access';
import { assertRoom, isLocalFileError, localWriteError } from './disk-room';
import { DoneManifest } from './done-manifest';
import { batchBytes, fetchSegment, isRetryable, SegmentStop, type Crc64State } from './fetch-segment';
import { checkFile } from './file-check';
import { lockFolder } from './folder-lock';
import { FileJob, type Segment } from './file-job';
import { listRestoreBlobs, plainEtag } from './list-blobs';
import { dropPart } from './part-state';
import { RateMeter, StreamControl, type StreamControlOptions } from './stream-control';
import type { DownloadEvent, DownloadResult, DownloadStatus, SkippedBlob } from './types';

/** What to download where, and how. */
export interface DownloadOptions extends AccessOptions {
  containerUrl: string;
  folder: string;
  streams?: StreamControlOptions;
  /** A range is split for another stream only when both halves keep at least this much (default 2 MiB: on a far link the last ranges are what keeps the streams busy). */
  minSplitBytes?: number;
  /** Tries per range after a network failure (default 10, backing off to 8 s: about a minute). */
  retries?: number;
  /** Progress events at most this often (default 250 ms). */
  progressMs?: number;
  /** A range request that receives nothing for this long is aborted and retried (default 30 s). */
  stallMs?: number;
}

const MAX_RESTARTS = 3;

/** Starts a download; listen with `on`, wait on `done`. */
export function startDownload(opts: DownloadOptions): ContainerDownload {
  return new ContainerDownload(opts);
}

export class ContainerDownload {
  readonly id = randomUUID();
  status: DownloadStatus = 'listing';
  readonly done: Promise<DownloadResult>;
  private readonly listeners = new Set<(e: DownloadEvent) => void>();
  private readonly jobs: FileJob[] = [];
  private skipped: SkippedBlob[] = [];
  private access: ContainerAccess | null = null;
  private readonly control: StreamControl;
  private readonly meter = new RateMeter();
  private readonly started = Date.now();
  private fetchedBytes = 0;
  private resumedBytes = 0;
  private readonly failures = new Map<FileJob, UserError>();
  private finish!: () => void;
  private manifest: DoneManifest | null = null;
  /** CRC64 ranges are asked for until the service shows it gives none. */
  private readonly crc64: Crc64State = { enabled: true };
  private ticker: NodeJS.Timeout | null = null;
  private lastProgress = 0;
  /** Releases the folder's lock (folder-lock.ts): before the end event, so whoever it wakes may download there again. */
  private unlock: () => Promise<void> = async () => {};

  constructor(private readonly opts: DownloadOptions) {
    this.control = new StreamControl(opts.streams);
    const drained = new Promise<void>((resolve) => (this.finish = resolve));
    this.done = this.run(drained);
    this.done.catch(() => undefined);
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (e: DownloadEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops fetching, keeping everything on disk; `resume` continues. */
  pause(): void {
    if (this.status !== 'running') return;
    this.setStatus('paused');
    for (const s of this.segments()) s.abort.abort();
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.setStatus('running');
    this.pump();
  }

  /** Stops for good; partial files and their records stay, so a later download resumes them. */
  cancel(): void {
    if (this.status === 'completed' || this.status === 'failed' || this.status === 'cancelled') return;
    this.setStatus('cancelled');
    for (const s of this.segments()) s.abort.abort();
    this.maybeFinish();
  }

  private emit(e: DownloadEvent): void {
    for (const l of this.listeners) l(e);
  }

  private setStatus(status: DownloadStatus): void {
    this.status = status;
    this.emit({ type: 'status', status });
  }

  private *segments(): Iterable<Segment> {
    for (const j of this.jobs) yield* j.active;
  }

  private activeCount(): number {
    let n = 0;
    for (const j of this.jobs) n += j.active.size;
    return n;
  }

  private async run(drained: Promise<void>): Promise<DownloadResult> {
    try {
      return await this.runLocked(drained);
    } finally {
      await this.unlock();
    }
  }

  private async runLocked(drained: Promise<void>): Promise<DownloadResult> {
    try {
      this.access = await openContainer(this.opts.containerUrl, {
        ...this.opts,
        pipeline: this.opts.pipeline ?? { retryOptions: { maxTries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000 } },
      });
      this.emit({ type: 'credential', method: this.access.method, reason: this.access.reason });
      const listed = await listRestoreBlobs(this.access.client).catch((err) => {
        throw storageError(err, this.access!.method, this.access!.url.url);
      });
      this.skipped = listed.skipped;
      const totalBytes = listed.items.reduce((n, i) => n + i.size, 0);
      this.emit({ type: 'listed', items: listed.items, skipped: listed.skipped, totalBytes });
      await mkdir(this.opts.folder, { recursive: true });
      // Before anything in the folder is read or truncated: another download may be writing there.
      this.unlock = await lockFolder(this.opts.folder);
      this.manifest = await DoneManifest.load(this.opts.folder);
      for (const item of listed.items) {
        const job = new FileJob(item, this.opts.folder);
        const { kept, discarded, complete } = await job.prepare(this.manifest);
        if (discarded) this.emit({ type: 'file-restarted', file: item.file, reason: discarded });
        if (complete) this.emit({ type: 'file-complete', file: item.file, path: job.paths.final, item, checks: job.checks, already: true });
        else if (kept) this.emit({ type: 'file-resumed', file: item.file, bytesOnDisk: kept });
        this.resumedBytes += kept;
        this.jobs.push(job);
      }
      // Room for what is still to fetch, before the first byte: a download must not fill the disk.
      await assertRoom(this.opts.folder, this.stillNeeded(), this.jobs.filter((j) => j.state !== 'done').reduce((n, j) => n + j.bytes(), 0));
      for (const j of this.jobs) if (j.state !== 'done') await j.openPart();
      if (this.status === 'listing') this.setStatus('running');
      this.ticker = setInterval(() => this.tick(), Math.min(100, this.opts.progressMs ?? 250)); // the stream count is chosen on short windows
      this.pump();
      await drained;
    } catch (err) {
      // The folder cannot be made, locked or written (read-only, no permission, full): said as such.
      if (isLocalFileError(err)) return this.end(localWriteError(err, err.path ? basename(err.path) : 'the download', this.opts.folder, this.stillNeeded()));
      if (!(err instanceof UserError)) throw err;
      return this.end(err);
    } finally {
      if (this.ticker) clearInterval(this.ticker);
    }
    return this.end();
  }

  private async end(error?: UserError): Promise<DownloadResult> {
    for (const j of this.jobs) {
      await j.save().catch(() => undefined);
      await j.close().catch(() => undefined);
    }
    const failed = error || this.failures.size > 0;
    const status = this.status === 'cancelled' ? 'cancelled' : failed ? 'failed' : 'completed';
    const result: DownloadResult = {
      status, folder: this.opts.folder, method: this.access?.method ?? null,
      files: this.jobs.map((j) => {
        const e = this.failures.get(j);
        return {
          file: j.item.file, blob: j.item.blob, kind: j.item.kind, size: j.item.size, status: j.state === 'done' ? 'done' : 'failed',
          checks: j.checks, restarts: j.restarts, ...(e ? { error: e.toJSON() } : {}),
        };
      }),
      skipped: this.skipped,
      totalBytes: this.jobs.reduce((n, j) => n + j.item.size, 0),
      fetched: this.fetchedBytes, resumed: this.resumedBytes, durationMs: Date.now() - this.started,
      ...(error ? { error: error.toJSON() } : {}),
    };
    this.tick(true);
    if (this.status !== 'cancelled') this.setStatus(status);
    await this.unlock();
    this.emit({ type: 'end', result });
    return result;
  }

  private tick(final = false): void {
    const now = Date.now();
    const active = this.activeCount();
    const before = this.control.limit;
    let answered = 0;
    for (const s of this.segments()) if (s.answered) answered++;
    this.control.tick(now, this.fetchedBytes, active, answered);
    if (this.control.limit > before) this.pump();
    if (!final && now - this.lastProgress < (this.opts.progressMs ?? 250)) return;
    this.lastProgress = now;
    this.meter.add(now, this.fetchedBytes);
    const bytes = this.jobs.reduce((n, j) => n + j.bytes(), 0);
    const size = this.jobs.reduce((n, j) => n + j.item.size, 0);
    this.emit({
      type: 'progress',
      files: this.jobs.map((j) => ({ file: j.item.file, bytes: j.bytes(), size: j.item.size, state: j.state })),
      total: {
        bytes, size, rate: this.meter.rate(), etaMs: this.meter.etaMs(size - bytes), elapsedMs: now - this.started,
        fetched: this.fetchedBytes, resumed: this.resumedBytes, streams: active,
      },
    });
    for (const j of this.jobs) void j.save().catch(() => undefined);
  }

  /** Starts segments while the stream budget and the work allow. */
  private pump(): void {
    if (this.status !== 'running') return this.maybeFinish();
    for (const j of this.jobs) if ((j.state === 'queued' || j.state === 'downloading') && !j.restarting && j.fetched() && !this.failures.has(j)) void this.complete(j);
    while (this.activeCount() < this.control.limit) {
      const seg = this.nextSegment();
      if (!seg) break;
      seg.job.active.add(seg);
      seg.job.state = 'downloading';
      void this.runSegment(seg);
    }
    this.maybeFinish();
  }

  /** The next range: a queued one, else the second half of the biggest range in flight. */
  private nextSegment(): Segment | null {
    for (const job of this.jobs) {
      if (this.failures.has(job) || job.state === 'checking' || job.state === 'done') continue;
      if (job.restarting) continue;
      const r = job.pending.shift();
      if (r) return { job, generation: job.generation, start: r[0], pos: r[0], end: r[1], abort: new AbortController() };
    }
    const min = this.opts.minSplitBytes ?? 2 * 1024 * 1024;
    // What a segment may give away starts after its CRC64-checked request in flight, if any.
    const free = (s: Segment): number => Math.max(s.pos, s.requestEnd ?? s.pos);
    let biggest: Segment | null = null;
    for (const s of this.segments()) if (s.end - free(s) >= 2 * min && (!biggest || s.end - free(s) > biggest.end - free(biggest))) biggest = s;
    if (!biggest) return null;
    const mid = free(biggest) + Math.floor((biggest.end - free(biggest)) / 2);
    const seg = { job: biggest.job, generation: biggest.generation, start: mid, pos: mid, end: biggest.end, abort: new AbortController() };
    biggest.end = mid;
    return seg;
  }

  private async runSegment(seg: Segment): Promise<void> {
    const { job } = seg;
    const retries = this.opts.retries ?? 10;
    let attempt = 0;
    while (seg.pos < seg.end) {
      const before = seg.pos;
      try {
        const report = await fetchSegment(this.access!.data, seg, (position, chunk) => {
          this.fetchedBytes += chunk.length;
          job.hash?.offer(position, chunk);
        }, { stallMs: this.opts.stallMs, batchBytes: batchBytes(this.control.limit), ...(job.item.contentMd5 ? {} : { crc64: this.crc64 }) });
        if (seg.generation === job.generation) job.crc64Bytes += report.crc64Bytes;
      } catch (err) {
        if (seg.pos > before) attempt = 0; // progress was made: the link works, count afresh
        if (err instanceof SegmentStop) {
          if (err.why === 'changed' && seg.generation === job.generation) await this.restartFile(job, 'the blob changed while it was downloading (ETag no longer matches)');
          break;
        }
        if (isRetryable(err) && attempt < retries && this.status === 'running' && seg.generation === job.generation) {
          attempt++;
          this.emit({ type: 'retrying', file: job.item.file, attempt, reason: String((err as Error).message ?? err).split('\n')[0] });
          await new Promise((r) => setTimeout(r, Math.min(8000, 250 * 2 ** attempt)));
          if (this.status !== 'running' || seg.generation !== job.generation) break;
          continue;
        }
        this.fail(job, this.failureOf(job, err));
        break;
      }
    }
    job.settle(seg);
    this.pump(); // completes the file when this was its last range
  }

  private async restartFile(job: FileJob, reason: string): Promise<void> {
    if (job.restarting) return;
    if (job.restarts >= MAX_RESTARTS) {
      return this.fail(job, new UserError('download-incomplete', `${job.item.file}: the blob kept changing while it was downloading (${job.restarts} restarts).`, 'Wait until nothing writes to the container any more (the restore job has finished), then download again.', { file: job.item.file }));
    }
    job.abandon();
    try {
      const props = await this.access!.client.getBlobClient(job.item.blob).getProperties();
      const md5 = props.contentMD5;
      await job.startOver({
        ...job.item, size: props.contentLength ?? 0, etag: plainEtag(props.etag),
        ...(md5 && md5.length ? { contentMd5: Buffer.from(md5).toString('base64') } : { contentMd5: undefined }),
      });
      this.emit({ type: 'file-restarted', file: job.item.file, reason });
    } catch (err) {
      this.fail(job, this.failureOf(job, err));
    }
  }

  /** What a failed range or step of `job` means: the local disk, or the storage service. */
  private failureOf(job: FileJob, err: unknown): UserError {
    if (!isLocalFileError(err)) return storageError(err, this.access!.method, this.access!.url.url);
    return localWriteError(err, job.item.file, this.opts.folder, this.stillNeeded());
  }

  /** Bytes the files not yet complete still need on disk. */
  private stillNeeded(): number {
    return this.jobs.reduce((n, j) => n + j.roomNeeded(), 0);
  }

  private fail(job: FileJob, err: UserError): void {
    if (this.failures.has(job)) return;
    this.failures.set(job, err);
    job.state = 'failed';
    for (const s of job.active) s.abort.abort();
    this.emit({ type: 'file-failed', file: job.item.file, error: err.toJSON() });
  }

  /** Size, MD5 and archive checks, then the atomic rename into place. */
  private async complete(job: FileJob): Promise<void> {
    job.state = 'checking';
    const generation = job.generation;
    try {
      await job.save();
      const checks = await checkFile(job.item, job.paths.data, job.fh!, job.hash, job.crc64Bytes);
      if (generation !== job.generation) return;
      await job.close();
      await rename(job.paths.data, job.paths.final);
      const { mtimeMs } = await stat(job.paths.final);
      await this.manifest!.set(job.item.file, { blob: job.item.blob, etag: job.item.etag, size: job.item.size, mtimeMs, checks });
      await rm(job.paths.record, { force: true });
      job.checks = checks;
      job.state = 'done';
      this.emit({ type: 'file-complete', file: job.item.file, path: job.paths.final, item: job.item, checks });
    } catch (err) {
      if (isLocalFileError(err)) {
        // The bytes were whole; writing their record or the rename failed: kept for the next run.
        this.fail(job, this.failureOf(job, err));
        return;
      }
      if (!(err instanceof UserError)) throw err;
      this.fail(job, err);
      await job.close().catch(() => undefined);
      await dropPart(this.opts.folder, job.item.file); // bad bytes: the next run starts this file over
    } finally {
      this.pump();
    }
  }

  private maybeFinish(): void {
    if (this.activeCount() > 0) return;
    if (this.status === 'paused') return;
    const busy = this.jobs.some((j) => j.state === 'checking' || (j.state !== 'done' && !this.failures.has(j) && this.status === 'running'));
    if (!busy || this.status === 'cancelled') this.finish();
  }
}
