/**
 * One file of a download: its partial file on disk, the ranges already there, the ranges still to
 * fetch, the segments in flight and a generation number that changes when the blob changed and
 * the file starts over — a segment of an older generation never writes into the new file.
 */
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { FrontHash } from './file-check';
import { addRange, coveredBytes, loadRecord, missingRanges, partPaths, saveRecord, type PartRecord, type Ranges } from './part-state';
import type { DownloadItem, FileProgress } from './types';

/** A byte range being fetched; `end` may shrink when another stream takes over its second half. */
export interface Segment {
  job: FileJob;
  generation: number;
  start: number;
  pos: number;
  end: number;
  abort: AbortController;
}

/** The per-file state the downloader drives. */
export class FileJob {
  fh: FileHandle | null = null;
  record: PartRecord;
  pending: Ranges = [];
  readonly active = new Set<Segment>();
  generation = 0;
  restarts = 0;
  hash: FrontHash | null = null;
  state: FileProgress['state'] = 'queued';
  checks: string[] = [];
  dirty = false;
  /** Set between "the blob changed" and the new version's properties arriving. */
  restarting = false;
  private saving: Promise<void> = Promise.resolve();
  readonly paths: ReturnType<typeof partPaths>;

  constructor(public item: DownloadItem, folder: string) {
    this.paths = partPaths(folder, item.file);
    this.record = { version: 1, blob: item.blob, etag: item.etag, size: item.size, done: [] };
  }

  /** Opens the partial file, keeping what an earlier run left when it is of the same blob version. Returns the bytes kept. */
  async prepare(): Promise<{ kept: number; discarded: string | null }> {
    const old = await loadRecord(this.paths.record);
    let kept = 0;
    let discarded: string | null = null;
    const onDisk = await stat(this.paths.data).then((s) => s.size, () => -1);
    if (old && onDisk >= 0 && old.blob === this.item.blob && old.etag === this.item.etag && old.size === this.item.size) {
      // Only claim ranges the file really holds (it may have been cut short behind our back).
      for (const [s, e] of old.done) if (s < onDisk) addRange(this.record.done, s, Math.min(e, onDisk));
      kept = coveredBytes(this.record.done);
    } else if (old || onDisk >= 0) {
      discarded = old && old.etag !== this.item.etag ? 'the blob changed since the earlier download (new ETag)' : 'no usable record of the earlier partial download';
      await rm(this.paths.data, { force: true });
    }
    this.fh = await open(this.paths.data, kept > 0 ? 'r+' : 'w+', 0o600);
    this.pending = missingRanges(this.record.done, this.item.size);
    this.hash = this.item.contentMd5 ? new FrontHash() : null;
    this.dirty = true;
    return { kept, discarded };
  }

  /** Bytes on disk: recorded ranges plus what active segments have written. */
  bytes(): number {
    let n = coveredBytes(this.record.done);
    for (const s of this.active) n += s.pos - s.start;
    return n;
  }

  /** True when nothing is left to fetch or in flight. */
  fetched(): boolean {
    return this.pending.length === 0 && this.active.size === 0;
  }

  /** Folds a segment's written bytes into the record and puts what it did not fetch back in the queue. */
  settle(seg: Segment): void {
    this.active.delete(seg);
    if (seg.generation !== this.generation) return;
    addRange(this.record.done, seg.start, seg.pos);
    if (seg.pos < seg.end) addRange(this.pending, seg.pos, seg.end);
    this.dirty = true;
  }

  /** The record as it stands, active segments' progress included, saved atomically; saves never overlap. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty || !this.fh || this.state === 'done' || this.state === 'failed') return;
      this.dirty = false;
      const done: Ranges = this.record.done.map(([s, e]) => [s, e]);
      for (const s of this.active) if (s.generation === this.generation) addRange(done, s.start, s.pos);
      await saveRecord(this.paths.record, { ...this.record, done });
    });
    return this.saving;
  }

  /** Marks the file as starting over: in-flight segments of the old version are abandoned at once. */
  abandon(): void {
    this.generation++;
    this.restarts++;
    this.restarting = true;
    for (const s of this.active) s.abort.abort();
    this.active.clear();
    this.pending = [];
  }

  /** Starts the file over for the new version of the blob (after {@link abandon}). */
  async startOver(item: DownloadItem): Promise<void> {
    await this.saving;
    this.restarting = false;
    this.item = item;
    this.record = { version: 1, blob: item.blob, etag: item.etag, size: item.size, done: [] };
    await this.fh?.truncate(0);
    this.pending = item.size > 0 ? [[0, item.size]] : [];
    this.hash = item.contentMd5 ? new FrontHash() : null;
    this.dirty = true;
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}
