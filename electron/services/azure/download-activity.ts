/**
 * Container downloads as a kind of activity (core's ContainerDownload): per-file and total
 * progress kept as a view, pause/resume/cancel, and resume across app starts — a download the app
 * left running is "interrupted", and Resume runs it again on the same folder, where the core keeps
 * every finished file and continues every partial one. Views are snapshots: the renderer asks again.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccessOptions } from '../../core/azure/download/container-access';
import { startDownload, type ContainerDownload } from '../../core/azure/download/container-download';
import type { DownloadEvent } from '../../core/azure/download/types';
import { UserError } from '../../core/errors';
import { SYSTEM_DATABASES } from '../../core/restore-set/types';
import type { ActivityKind, ActivityRegistry, Started } from '../activities/activity-registry';
import type { AzureDownloadView, AzureProblem } from './azure-api';
import type { DownloadRef } from './activity-file';

export const DOWNLOAD: ActivityKind<never> = {
  kind: 'download',
  unknown: new UserError('bad-argument', 'No such download in this app.', 'Pick one from the list.'),
};

/** One download: its kept reference, the URL as given, the core's run while one goes, and the view. */
export interface DownloadWork {
  ref: DownloadRef;
  /** The URL as given (it may carry a SAS): in memory only, never saved or shown. */
  rawUrl: string | null;
  run: ContainerDownload | null;
  view: AzureDownloadView;
}

/** The credentials a download may use; asked for each time one (re)starts. */
export type Credentials = () => Promise<Pick<AccessOptions, 'token' | 'fetchAccountKey'>>;

/** What a download needs besides its own work: credentials, and who saves the references. */
export interface DownloadDeps {
  credentials: Credentials;
  /** Called when a reference should be saved again. */
  changed: () => void;
}

const problemOf = (e: { code: AzureProblem['code']; message: string; hint: string }): AzureProblem => ({ code: e.code, message: e.message, hint: e.hint });

function freshView(ref: DownloadRef, status: AzureDownloadView['status']): AzureDownloadView {
  return { id: ref.id, startedAt: ref.startedAt, containerUrl: ref.containerUrl, folder: ref.folder, status, credential: null, files: [], listed: [], finished: [], total: null, skipped: [], problem: null, failures: [] };
}

/** Applies one download event to a view (pure apart from the view). */
export function applyDownloadEvent(v: AzureDownloadView, e: DownloadEvent): void {
  switch (e.type) {
    case 'credential':
      v.credential = e.reason;
      break;
    case 'listed':
      v.files = e.items.map((i) => ({ file: i.file, bytes: 0, size: i.size, state: 'queued' }));
      v.listed = e.items.map((i) => ({ file: i.file, kind: i.kind, ...(i.database !== undefined ? { database: i.database } : {}), ...(i.database !== undefined && SYSTEM_DATABASES.has(i.database) ? { system: true as const } : {}) }));
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

const STATUS: Record<AzureDownloadView['status'], ReturnType<Started<DownloadWork>['view']>['status']> = {
  completed: 'succeeded', failed: 'failed', cancelled: 'problems', interrupted: 'problems', paused: 'problems', listing: 'problems', running: 'problems',
};

/** How the registry sees a download: cancel stops it (its files stay), the view for the list. */
function started(work: DownloadWork): Omit<Started<DownloadWork>, 'ended'> {
  return {
    work,
    startedAt: work.ref.startedAt,
    async cancel() {
      const run = work.run;
      run?.cancel();
      await run?.done.catch(() => undefined);
    },
    view: () => ({
      title: `Download of ${work.ref.containerUrl.split('/').pop() || 'a container'}`,
      detail: `${work.view.finished.length} of ${work.view.files.length} files on disk · into ${work.ref.folder}`,
      status: STATUS[work.view.status],
    }),
  };
}

/** Runs the core download of `work` (again); `ended` settles once it has ended and the end is recorded. */
async function run(work: DownloadWork, deps: DownloadDeps): Promise<{ ended: Promise<void> }> {
  const creds = await deps.credentials();
  work.view = freshView(work.ref, 'listing');
  const download = startDownload({ containerUrl: work.rawUrl ?? work.ref.containerUrl, folder: work.ref.folder, ...creds });
  work.run = download;
  download.on((e) => applyDownloadEvent(work.view, e));
  const ended = download.done.then((result) => {
    work.view.status = result.status;
    work.ref.completed = result.status === 'completed';
  }, (err: unknown) => {
    work.view.status = 'failed';
    work.view.problem = err instanceof UserError ? problemOf(err) : { code: 'download-incomplete', message: `The download stopped: ${(err as Error)?.message ?? String(err)}`, hint: 'Resume it: finished and partial files are kept.' };
  }).finally(() => {
    if (work.run === download) work.run = null;
    deps.changed();
  });
  return { ended };
}

/** Files the downloads into `folder` have listed and not yet finished (main's own record; the disk is read too). */
export function stillToCome(activities: ActivityRegistry, folder: string): string[] {
  return activities.works<DownloadWork>(DOWNLOAD).filter((w) => resolve(w.ref.folder) === resolve(folder))
    .flatMap((w) => w.view.files.filter((f) => f.state !== 'done').map((f) => f.file));
}

/** The downloads, on the app's activity registry. */
export class Downloads {
  constructor(private readonly activities: ActivityRegistry, private readonly deps: DownloadDeps) {}

  /** Puts back downloads known from earlier starts: finished ones "completed", the others "interrupted". */
  load(refs: DownloadRef[]): void {
    for (const ref of refs) this.activities.restore(DOWNLOAD, ref.id, started({ ref, rawUrl: null, run: null, view: freshView(ref, ref.completed ? 'completed' : 'interrupted') }));
  }

  works(): DownloadWork[] {
    return this.activities.works<DownloadWork>(DOWNLOAD);
  }

  views(): AzureDownloadView[] {
    return this.works().map((w) => structuredClone(w.view)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Starts a download into `folder` (one download per folder at a time). */
  async start(containerUrl: string, cleanUrl: string, folder: string): Promise<AzureDownloadView> {
    if (this.works().some((w) => w.ref.folder === folder && w.run)) {
      throw new UserError('bad-argument', `A download into ${folder} is already running.`, 'Pause or cancel it first, or choose another folder.');
    }
    await prepareFolder(folder);
    const { work } = await this.activities.start(DOWNLOAD, async (_emit, id): Promise<Started<DownloadWork>> => {
      const ref: DownloadRef = { id, startedAt: new Date().toISOString(), containerUrl: cleanUrl, folder, completed: false };
      const work: DownloadWork = { ref, rawUrl: containerUrl, run: null, view: freshView(ref, 'listing') };
      const { ended } = await run(work, this.deps);
      return { ...started(work), ended };
    });
    this.deps.changed();
    return structuredClone(work.view);
  }

  /** Pause and resume a running download; cancel it (files on disk stay); resume an interrupted, failed or cancelled one. */
  async control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<AzureDownloadView> {
    const w = this.activities.work<DownloadWork>(id, DOWNLOAD);
    if (action === 'pause') w.run?.pause();
    else if (action === 'cancel') await this.activities.cancel(id, DOWNLOAD);
    else if (w.run && w.run.status === 'paused') w.run.resume();
    else if (!w.run && w.view.status !== 'completed') this.activities.follow(id, DOWNLOAD, (await run(w, this.deps)).ended);
    return structuredClone(w.view);
  }

  /** Forgets a download that no longer runs (its files stay); false when the id is not a download. */
  async forget(id: string): Promise<boolean> {
    if (!this.activities.has(id, DOWNLOAD)) return false;
    if (this.activities.work<DownloadWork>(id, DOWNLOAD).run) throw new UserError('bad-argument', 'That download is still running.', 'Cancel it first; its files stay on disk.');
    await this.activities.forget(id, DOWNLOAD);
    this.deps.changed();
    return true;
  }
}
