/**
 * One file of a download: its partial file on disk, the ranges already there, the ranges still to
 * fetch, the segments in flight and a generation number that changes when the blob changed and
 * the file starts over — a segment of an older generation never writes into the new file.
 */
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { UserError } from '../../errors';
import type { DoneManifest } from './done-manifest';
import { checkFile, FrontHash } from './file-check';
import { addRange, coveredBytes, loadRecord, missingRanges, partPaths, saveRecord, type PartRecord, type Ranges } from './part-state';
import type { DownloadItem, FileProgress } from './types';

/** A byte range being fetched; `end` may shrink when another stream takes over its second half. */
export interface Segment {
  job: FileJob;
  generation: number;
  start: number;
  pos: number;
  end: number;
  /** The end of the request in flight when its CRC64 is to be checked: a split never cuts it (the check needs the whole range). */
  requestEnd?: number;
  /** True while the request in flight has its answer (status and headers): the stream count waits for new streams' answers before measuring. */
  answered?: boolean;
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
  /** Bytes on disk checked against the service's CRC64 of their range. */
  crc64Bytes = 0;
  dirty = false;
  /** Set between "the blob changed" and the new version's properties arriving. */
  restarting = false;
  private saving: Promise<void> = Promise.resolve();
  /** Bytes of disk the partial file held when the download began. */
  private partBlocks = 0;
  readonly paths: ReturnType<typeof partPaths>;

  constructor(public item: DownloadItem, folder: string) {
    this.paths = partPaths(folder, item.file);
    this.record = { version: 1, blob: item.blob, etag: item.etag, size: item.size, done: [] };
  }

  /**
   * Finds what an earlier run left: a finished file that still matches the blob (by the folder's
   * manifest, or by its Content-MD5) is kept as it is; else the partial file's ranges are kept when
   * they are of the same blob version (the file is opened by `openPart`).
   */
  async prepare(manifest: DoneManifest): Promise<{ kept: number; discarded: string | null; complete: boolean }> {
    if (await this.alreadyComplete(manifest)) {
      await rm(this.paths.data, { force: true });
      await rm(this.paths.record, { force: true });
      this.record.done = this.item.size > 0 ? [[0, this.item.size]] : [];
      this.state = 'done';
      return { kept: this.item.size, discarded: null, complete: true };
    }
    const old = await loadRecord(this.paths.record);
    let kept = 0;
    let discarded: string | null = null;
    const part = await stat(this.paths.data).catch(() => null);
    const onDisk = part?.size ?? -1;
    if (old && onDisk >= 0 && old.blob === this.item.blob && old.etag === this.item.etag && old.size === this.item.size) {
      // Only claim ranges the file really holds (it may have been cut short behind our back).
      for (const [s, e] of old.done) if (s < onDisk) addRange(this.record.done, s, Math.min(e, onDisk));
      kept = coveredBytes(this.record.done);
      this.crc64Bytes = Math.min(kept, old.crc64Bytes ?? 0);
    } else if (old || onDisk >= 0) {
      discarded = old && old.etag !== this.item.etag ? 'the blob changed since the earlier download (new ETag)' : 'no usable record of the earlier partial download';
      await rm(this.paths.data, { force: true });
    }
    this.pending = missingRanges(this.record.done, this.item.size);
    // Disk blocks the kept partial file holds: written again in place, they need no new room (no block count on Windows).
    this.partBlocks = discarded === null && part?.blocks ? part.blocks * 512 : 0;
    return { kept, discarded, complete: false };
  }

  /** Opens (or creates) the partial file to write into; after `prepare`, once the download knows it has room. */
  async openPart(): Promise<void> {
    this.fh = await open(this.paths.data, this.record.done.length > 0 ? 'r+' : 'w+', 0o600);
    this.hash = this.item.contentMd5 ? new FrontHash() : null;
    this.dirty = true;
  }

  /** True when the final file is there and checked: its manifest entry matches, or its bytes match the Content-MD5. */
  private async alreadyComplete(manifest: DoneManifest): Promise<boolean> {
    const onDisk = await stat(this.paths.final).catch(() => null);
    if (!onDisk?.isFile() || onDisk.size !== this.item.size) return false;
    const entry = manifest.matches(this.item, onDisk);
    if (entry) {
      this.checks = entry.checks;
      return true;
    }
    if (!this.item.contentMd5) return false; // nothing to tell the file from another of the same size: fetch it again
    const fh = await open(this.paths.final, 'r');
    try {
      this.checks = await checkFile(this.item, this.paths.final, fh, new FrontHash());
    } catch (err) {
      if (err instanceof UserError) return false;
      throw err;
    } finally {
      await fh.close();
    }
    await manifest.set(this.item.file, { blob: this.item.blob, etag: this.item.etag, size: this.item.size, mtimeMs: onDisk.mtimeMs, checks: this.checks });
    return true;
  }

  /** Bytes the file still needs on disk to be whole. */
  roomNeeded(): number {
    return this.state === 'done' ? 0 : Math.max(0, this.item.size - Math.max(this.bytes(), this.partBlocks));
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
      // A failed file's last progress is saved too (its partial file stays for the next run); a dropped one has no handle.
      if (!this.dirty || !this.fh || this.state === 'done') return;
      this.dirty = false;
      const done: Ranges = this.record.done.map(([s, e]) => [s, e]);
      for (const s of this.active) if (s.generation === this.generation) addRange(done, s.start, s.pos);
      await saveRecord(this.paths.record, { ...this.record, done, crc64Bytes: this.crc64Bytes });
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
    this.crc64Bytes = 0;
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
