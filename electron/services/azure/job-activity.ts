/**
 * Restore jobs as a kind of activity: validate, send and watch one (core's startRestore), or pick
 * one up by its ARM path (watchJob) — after a reload, after an app restart (the reference is kept
 * in the activity file), or from the vault's job list. Cancel stops watching: Azure's job goes on.
 * Views are snapshots: the renderer asks again.
 */
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { DataProtectionClient } from '../../core/azure/data-protection';
import { isTerminal, type BackupJob } from '../../core/azure/data-protection-types';
import { startRestore, watchJob, type AzureActivity, type AzureJobEvent } from '../../core/azure/restore-job';
import { UserError } from '../../core/errors';
import type { ActivityKind, ActivityRegistry, Started } from '../activities/activity-registry';
import type { AzureJobView, AzureProblem } from './azure-api';
import type { JobRef } from './activity-file';

export const AZURE_JOB: ActivityKind<never> = {
  kind: 'azure-job',
  unknown: new UserError('bad-argument', 'No such restore job in this app.', 'Pick one from the list.'),
};

/** One job: its kept reference, what Azure said last, and the watch while one goes. */
export interface JobWork {
  ref: JobRef;
  phase: AzureJobView['phase'];
  job: BackupJob | null;
  problem: AzureProblem | null;
  activity: AzureActivity<BackupJob> | null;
}

/** What starting a restore needs (already checked and gated by the caller). */
export interface JobStart {
  instanceId: string;
  serverName: string;
  recoveryPointId: string;
  recoveryPointTime: string | null;
  containerUrl: string;
  containerArmId?: string;
  location: string;
}

function problemOf(err: unknown): AzureProblem {
  if (err instanceof UserError) return { code: err.code, message: err.message, hint: err.hint };
  return { code: 'azure-refused', message: `The restore stopped: ${(err as Error)?.message ?? String(err)}`, hint: 'Look at the job in the portal (Backup center → Backup jobs), or try again.' };
}

const phaseOf = (job: BackupJob): AzureJobView['phase'] => (!isTerminal(job.status) ? 'running' : job.status === 'failed' || job.status === 'cancelled' ? 'failed' : 'completed');

const STATUS: Record<AzureJobView['phase'], ReturnType<Started<JobWork>['view']>['status']> = {
  completed: 'succeeded', failed: 'failed', stopped: 'problems', validating: 'problems', submitting: 'problems', running: 'problems',
};

function jobView(w: JobWork): AzureJobView {
  const r = w.ref;
  return { id: r.id, startedAt: r.startedAt, instanceId: r.instanceId, serverName: r.serverName, recoveryPointTime: r.recoveryPointTime, containerUrl: r.containerUrl,
    phase: w.phase, job: w.job, problem: w.problem, downloadId: r.downloadId };
}

/** How the registry sees a job: cancel stops watching, the view for the list. */
function started(work: JobWork): Omit<Started<JobWork>, 'ended'> {
  return {
    work,
    startedAt: work.ref.startedAt,
    async cancel() {
      const a = work.activity;
      a?.cancel();
      await a?.done.catch(() => undefined);
    },
    view: () => ({ title: `Restore job for ${work.ref.serverName || 'the server'}`, detail: work.ref.containerUrl, status: STATUS[work.phase] }),
  };
}

/** The restore jobs, on the app's activity registry. */
export class Jobs {
  /** `changed` is called when a reference should be saved again. */
  constructor(private readonly activities: ActivityRegistry, private readonly pollMs: number, private readonly changed: () => void) {}

  /** Puts back jobs known from earlier starts; unfinished ones are watched again on `resume`. */
  load(refs: JobRef[]): void {
    for (const ref of refs) this.activities.restore(AZURE_JOB, ref.id, started({ ref, phase: ref.finished ? 'completed' : 'stopped', job: null, problem: null, activity: null }));
  }

  /** Watches again every job not seen to end in this session (a finished one is read once, for its view). */
  resume(ctx: ArmContext): void {
    for (const w of this.works()) {
      if (w.activity || !w.ref.jobArmId || (w.job && isTerminal(w.job.status))) continue;
      this.activities.follow(w.ref.id, AZURE_JOB, this.watch(w, ctx, w.ref.jobArmId));
    }
  }

  works(): JobWork[] {
    return this.activities.works<JobWork>(AZURE_JOB);
  }

  views(): AzureJobView[] {
    return this.works().map(jobView).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Links a download to the job whose files it fetches. */
  linkDownload(jobId: string, downloadId: string): void {
    if (!this.activities.has(jobId, AZURE_JOB)) return;
    this.activities.work<JobWork>(jobId, AZURE_JOB).ref.downloadId = downloadId;
    this.changed();
  }

  /** Forgets a job (and stops watching it); false when the id is not a job. */
  async forget(id: string): Promise<boolean> {
    if (!this.activities.has(id, AZURE_JOB)) return false;
    await this.activities.forget(id, AZURE_JOB);
    this.changed();
    return true;
  }

  /** Validates, sends and watches a restore; resolves once Azure accepted it (or rejects when it refused: nothing is tracked). */
  async start(ctx: ArmContext, p: JobStart): Promise<AzureJobView> {
    const { work } = await this.activities.start(AZURE_JOB, async (_emit, id): Promise<Started<JobWork>> => {
      const ref: JobRef = { id, startedAt: new Date().toISOString(), instanceId: p.instanceId, serverName: p.serverName, recoveryPointTime: p.recoveryPointTime,
        containerUrl: p.containerUrl, jobArmId: null, downloadId: null, finished: false };
      const work: JobWork = { ref, phase: 'validating', job: null, problem: null, activity: null };
      const activity = startRestore(new DataProtectionClient(ctx, this.pollMs),
        { instanceId: p.instanceId, recoveryPointId: p.recoveryPointId, containerUrl: p.containerUrl, location: p.location, containerArmId: p.containerArmId, wait: true },
        { ...this.timing(), onEvent: (ev) => this.apply(work, ev) });
      const ended = this.settle(work, activity);
      await activity.started;
      return { ...started(work), ended };
    });
    return jobView(work);
  }

  /** Tracks a job found in the vault (the portal, a colleague, the CLI). */
  async track(ctx: ArmContext, job: BackupJob, instanceId: string, serverName: string): Promise<AzureJobView> {
    const known = this.works().find((w) => w.ref.jobArmId?.toLowerCase() === job.id.toLowerCase());
    if (known) return jobView(known);
    const { work } = await this.activities.start(AZURE_JOB, async (_emit, id): Promise<Started<JobWork>> => {
      const ref: JobRef = { id, startedAt: job.startTime ?? new Date().toISOString(), instanceId, serverName, recoveryPointTime: job.recoveryPointTime,
        containerUrl: (job.destination ?? '').split('?')[0], jobArmId: job.id, downloadId: null, finished: isTerminal(job.status) };
      const work: JobWork = { ref, phase: phaseOf(job), job, problem: null, activity: null };
      return { ...started(work), ended: isTerminal(job.status) ? Promise.resolve() : this.watch(work, ctx, job.id) };
    });
    this.changed();
    return jobView(work);
  }

  private timing() {
    return { intervalMs: this.pollMs, maxIntervalMs: Math.max(this.pollMs, 60_000) };
  }

  private watch(work: JobWork, ctx: ArmContext, jobArmId: string): Promise<void> {
    work.phase = work.job ? phaseOf(work.job) : 'running';
    work.problem = null;
    return this.settle(work, watchJob(new DataProtectionClient(ctx, this.pollMs), jobArmId, { ...this.timing(), onEvent: (ev) => this.apply(work, ev) }));
  }

  /** Records how watching ended; the promise settles after that. */
  private settle(work: JobWork, activity: AzureActivity<BackupJob>): Promise<void> {
    work.activity = activity;
    return activity.done.then((job) => {
      work.job = job;
      work.phase = phaseOf(job);
    }, (err: unknown) => {
      work.problem = problemOf(err);
      // Sent but no longer watched (signed out, network): the job goes on in Azure; "stopped" says so.
      work.phase = work.ref.jobArmId ? 'stopped' : 'failed';
    }).finally(() => {
      if (work.activity === activity) work.activity = null;
      work.ref.finished = work.phase === 'completed' || work.phase === 'failed';
      this.changed();
    });
  }

  private apply(work: JobWork, ev: AzureJobEvent): void {
    switch (ev.type) {
      case 'validating':
        work.phase = 'validating';
        break;
      case 'validated':
      case 'submitting':
        work.phase = 'submitting';
        break;
      case 'submitted':
        work.ref.jobArmId = ev.jobId;
        work.phase = 'running';
        this.changed();
        break;
      case 'job':
      case 'end':
        work.job = ev.job;
        work.phase = phaseOf(ev.job);
        break;
      case 'failed':
        break;
    }
  }
}
