/**
 * The references to Azure work kept across app starts (`azure-activities.json` in the user-data
 * folder): a restore job's ARM path and what it restores, a download's container and folder.
 * Never a secret: container URLs are kept without their query (a SAS signature lives there).
 */
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../../core/json-file';
import type { AzureJobView } from './azure-api';

/** A job as kept: what the Job screen shows of it, its ARM path, and whether it had ended. */
export type JobRef = Pick<AzureJobView, 'id' | 'startedAt' | 'instanceId' | 'serverName' | 'recoveryPointTime' | 'containerUrl' | 'downloadId'> & {
  jobArmId: string | null;
  /** The last phase seen, so a finished job is not watched again for nothing. */
  finished: boolean;
};

export interface DownloadRef {
  id: string;
  startedAt: string;
  containerUrl: string;
  folder: string;
  completed: boolean;
}

export interface ActivityRefs {
  jobs: JobRef[];
  downloads: DownloadRef[];
}

const str = (v: unknown): v is string => typeof v === 'string';

/** Keeps the well-formed entries of a stored file. */
export function refsFromJson(value: unknown): ActivityRefs {
  const o = (value ?? {}) as { jobs?: unknown; downloads?: unknown };
  const jobs = (Array.isArray(o.jobs) ? o.jobs : []).filter((j): j is JobRef => j && str(j.id) && str(j.startedAt) && str(j.instanceId) && str(j.containerUrl))
    .map((j) => ({ id: j.id, startedAt: j.startedAt, instanceId: j.instanceId, serverName: str(j.serverName) ? j.serverName : '', recoveryPointTime: str(j.recoveryPointTime) ? j.recoveryPointTime : null,
      containerUrl: j.containerUrl.split('?')[0], jobArmId: str(j.jobArmId) ? j.jobArmId : null, downloadId: str(j.downloadId) ? j.downloadId : null, finished: j.finished === true }));
  const downloads = (Array.isArray(o.downloads) ? o.downloads : []).filter((d): d is DownloadRef => d && str(d.id) && str(d.startedAt) && str(d.containerUrl) && str(d.folder))
    .map((d) => ({ id: d.id, startedAt: d.startedAt, containerUrl: d.containerUrl.split('?')[0], folder: d.folder, completed: d.completed === true }));
  return { jobs: jobs.slice(0, 50), downloads: downloads.slice(0, 50) };
}

/** The file, read once, written one change at a time. */
export class ActivityFile {
  private readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(userDataDir: string) {
    this.path = join(userDataDir, 'azure-activities.json');
  }

  async read(): Promise<ActivityRefs> {
    return refsFromJson(await readJsonFile(this.path).catch(() => null));
  }

  /** Writes the current references (the caller passes the whole list). */
  save(refs: ActivityRefs): Promise<void> {
    const run = this.queue.then(() => writeJsonFile(this.path, refsFromJson(refs)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every save asked for so far is on disk (an app that quits waits for it). */
  flushed(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
