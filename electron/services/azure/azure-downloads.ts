/**
 * Container downloads as activities in main (core's ContainerDownload): per-file and total
 * progress kept as a snapshot, pause/resume/cancel, and resume across app starts — a download the
 * app left running is "interrupted", and Resume starts it again on the same folder, where the core
 * keeps every finished file and continues every partial one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AccessOptions } from '../../core/azure/download/container-access';
import { startDownload, type ContainerDownload } from '../../core/azure/download/container-download';
import type { DownloadEvent } from '../../core/azure/download/types';
import { UserError } from '../../core/errors';
import type { AzureDownloadView, AzureProblem } from './azure-api';
import type { DownloadRef } from './activity-file';

interface DownloadEntry {
  ref: DownloadRef;
  /** The URL as given (it may carry a SAS): in memory only, never saved or shown. */
  rawUrl: string | null;
  run: ContainerDownload | null;
  view: AzureDownloadView;
}

/** The credentials a download may use; asked for each time one (re)starts. */
export type Credentials = () => Promise<Pick<AccessOptions, 'token' | 'fetchAccountKey'>>;

const problemOf = (e: { code: AzureProblem['code']; message: string; hint: string }): AzureProblem => ({ code: e.code, message: e.message, hint: e.hint });

function freshView(ref: DownloadRef, status: AzureDownloadView['status']): AzureDownloadView {
  return { id: ref.id, startedAt: ref.startedAt, containerUrl: ref.containerUrl, folder: ref.folder, status, credential: null, files: [], finished: [], total: null, skipped: [], problem: null, failures: [] };
}

/** Applies one download event to a view (pure apart from the view). */
export function applyDownloadEvent(v: AzureDownloadView, e: DownloadEvent): void {
  switch (e.type) {
    case 'credential':
      v.credential = e.reason;
      break;
    case 'listed':
      v.files = e.items.map((i) => ({ file: i.file, bytes: 0, size: i.size, state: 'queued' }));
      v.skipped = e.skipped;
      break;
    case 'progress':
      v.files = e.files;
      v.total = e.total;
      break;
    case 'file-complete':
      if (!v.finished.includes(e.file)) v.finished.push(e.file);
      v.files = v.files.map((f) => (f.file === e.file ? { ...f, bytes: f.size, state: 'done' } : f));
      break;
    case 'file-failed':
      v.failures = [...v.failures.filter((f) => f.file !== e.file), { file: e.file, problem: problemOf(e.error) }];
      break;
    case 'status':
      v.status = e.status;
      break;
    case 'end':
      v.status = e.result.status;
      v.problem = e.result.error ? problemOf(e.result.error) : null;
      v.files = e.result.files.map((f) => ({ file: f.file, bytes: f.status === 'done' ? f.size : v.files.find((x) => x.file === f.file)?.bytes ?? 0, size: f.size, state: f.status }));
      break;
    case 'file-resumed':
    case 'file-restarted':
    case 'retrying':
      break;
  }
}

/** Makes the destination folder; its parent must exist (a typo should not grow a tree of folders). */
async function prepareFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (info && !info.isDirectory()) throw new UserError('bad-argument', `${folder} is a file, not a folder.`, 'Choose a folder to download into.');
  if (info) return;
  if (!(await stat(dirname(folder)).catch(() => null))?.isDirectory()) {
    throw new UserError('folder-missing', `The folder ${dirname(folder)} does not exist, so ${folder} cannot be made in it.`, 'Choose an existing folder, or a new folder inside one.');
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
}

export class DownloadTracker {
  private readonly entries = new Map<string, DownloadEntry>();

  constructor(private readonly credentials: Credentials, private readonly changed: () => void) {}

  load(refs: DownloadRef[]): void {
    for (const ref of refs) {
      if (!this.entries.has(ref.id)) this.entries.set(ref.id, { ref, rawUrl: null, run: null, view: freshView(ref, ref.completed ? 'completed' : 'interrupted') });
    }
  }

  refs(): DownloadRef[] {
    return [...this.entries.values()].map((e) => e.ref);
  }

  views(): AzureDownloadView[] {
    return [...this.entries.values()].map((e) => structuredClone(e.view)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  view(id: string): AzureDownloadView {
    return structuredClone(this.get(id).view);
  }

  private get(id: string): DownloadEntry {
    const e = this.entries.get(id);
    if (!e) throw new UserError('bad-argument', 'No such download in this app.', 'Pick one from the list.');
    return e;
  }

  /** Starts a download into `folder` (one download per folder at a time). */
  async start(containerUrl: string, cleanUrl: string, folder: string): Promise<AzureDownloadView> {
    const busy = [...this.entries.values()].find((e) => e.ref.folder === folder && e.run);
    if (busy) throw new UserError('bad-argument', `A download into ${folder} is already running.`, 'Pause or cancel it first, or choose another folder.');
    await prepareFolder(folder);
    const ref: DownloadRef = { id: randomUUID(), startedAt: new Date().toISOString(), containerUrl: cleanUrl, folder, completed: false };
    const entry: DownloadEntry = { ref, rawUrl: containerUrl, run: null, view: freshView(ref, 'listing') };
    this.entries.set(ref.id, entry);
    await this.run(entry);
    this.changed();
    return this.view(ref.id);
  }

  private async run(entry: DownloadEntry): Promise<void> {
    const creds = await this.credentials();
    entry.view = freshView(entry.ref, 'listing');
    const run = startDownload({ containerUrl: entry.rawUrl ?? entry.ref.containerUrl, folder: entry.ref.folder, ...creds });
    entry.run = run;
    run.on((e) => applyDownloadEvent(entry.view, e));
    run.done.then((result) => {
      entry.view.status = result.status;
      entry.ref.completed = result.status === 'completed';
    }, (err: unknown) => {
      entry.view.status = 'failed';
      entry.view.problem = err instanceof UserError ? problemOf(err) : { code: 'download-incomplete', message: `The download stopped: ${(err as Error)?.message ?? String(err)}`, hint: 'Resume it: finished and partial files are kept.' };
    }).finally(() => {
      if (entry.run === run) entry.run = null;
      this.changed();
    });
  }

  /** Pause and resume a running download; cancel it (files on disk stay); resume an interrupted, failed or cancelled one. */
  async control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<AzureDownloadView> {
    const e = this.get(id);
    if (action === 'pause') e.run?.pause();
    else if (action === 'cancel') e.run?.cancel();
    else if (e.run && e.run.status === 'paused') e.run.resume();
    else if (!e.run && e.view.status !== 'completed') await this.run(e);
    return this.view(id);
  }

  forget(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (e.run) throw new UserError('bad-argument', 'That download is still running.', 'Cancel it first; its files stay on disk.');
    this.entries.delete(id);
    this.changed();
    return true;
  }

  async close(): Promise<void> {
    const running = [...this.entries.values()].map((e) => e.run).filter((r): r is ContainerDownload => r !== null);
    for (const r of running) r.cancel();
    await Promise.allSettled(running.map((r) => r.done));
  }
}
