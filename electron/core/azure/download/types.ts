/** Shapes of a container download: what is fetched, the events it emits and how it ends. */
import type { FileKind } from '../../restore-set/types';
import type { UserError } from '../../errors';

/** How the download is authorised, in the order they are tried. */
export type CredentialMethod = 'token' | 'sas' | 'account-key';

/** One blob to fetch and the local file it becomes. */
export interface DownloadItem {
  blob: string;
  /** Local file name inside the destination folder (the blob name's last segment). */
  file: string;
  size: number;
  etag: string;
  /** Base64 Content-MD5 as the service reports it, when it has one. */
  contentMd5?: string;
  kind: FileKind;
  database?: string;
  note?: string;
}

/** A blob left out of the download, and why (unsafe name, duplicate local name, folder marker). */
export interface SkippedBlob {
  blob: string;
  reason: string;
}

/** Per-file progress inside a batched progress event. */
export interface FileProgress {
  file: string;
  bytes: number;
  size: number;
  state: 'queued' | 'downloading' | 'checking' | 'done' | 'failed';
}

/** Whole-download progress: bytes on disk, fetch rate over the last seconds and the time left. */
export interface TotalProgress {
  bytes: number;
  size: number;
  /** Bytes per second over a sliding window; null until measured. */
  rate: number | null;
  etaMs: number | null;
  elapsedMs: number;
  /** Bytes fetched from the service in this run (re-fetched bytes included). */
  fetched: number;
  /** Bytes found already on disk from an earlier run and kept. */
  resumed: number;
  /** Parallel range requests in flight right now. */
  streams: number;
}

export type DownloadStatus = 'listing' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** One file's outcome. */
export interface FileResult {
  file: string;
  blob: string;
  kind: FileKind;
  size: number;
  status: 'done' | 'failed';
  /** Which integrity checks passed: 'size', 'content-md5' or 'crc64', 'archive'. */
  checks: string[];
  /** How many times the file started over because the blob changed (ETag). */
  restarts: number;
  error?: ReturnType<UserError['toJSON']>;
}

/** The events of a download, batched: progress at most a few times a second. */
export type DownloadEvent =
  | { type: 'credential'; method: CredentialMethod; reason: string }
  | { type: 'listed'; items: DownloadItem[]; skipped: SkippedBlob[]; totalBytes: number }
  | { type: 'progress'; files: FileProgress[]; total: TotalProgress }
  | { type: 'file-resumed'; file: string; bytesOnDisk: number }
  | { type: 'file-restarted'; file: string; reason: string }
  | { type: 'retrying'; file: string; attempt: number; reason: string }
  /** `already`: the file was complete and checked from an earlier run, and is kept as it is. */
  | { type: 'file-complete'; file: string; path: string; item: DownloadItem; checks: string[]; already?: boolean }
  | { type: 'file-failed'; file: string; error: ReturnType<UserError['toJSON']> }
  | { type: 'status'; status: DownloadStatus }
  | { type: 'end'; result: DownloadResult };

/** How a download ended. `status` is 'completed' only when every file is on disk and checked. */
export interface DownloadResult {
  status: 'completed' | 'failed' | 'cancelled';
  folder: string;
  method: CredentialMethod | null;
  files: FileResult[];
  skipped: SkippedBlob[];
  totalBytes: number;
  fetched: number;
  resumed: number;
  durationMs: number;
  error?: ReturnType<UserError['toJSON']>;
}
