/**
 * Restore jobs as activities in main: validate, send and watch one (core's startRestore), or pick
 * one up by its ARM path (watchJob) — after a reload, after an app restart (the reference is kept
 * in the activity file), or from the vault's job list. Views are snapshots: the renderer asks again.
 */
import { randomUUID } from 'node:crypto';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { DataProtectionClient } from '../../core/azure/data-protection';
import { isTerminal, type BackupJob } from '../../core/azure/data-protection-types';
import { startRestore, watchJob, type AzureActivity, type AzureJobEvent } from '../../core/azure/restore-job';
import { UserError } from '../../core/errors';
import type { AzureJobView, AzureProblem } from './azure-api';
import type { JobRef } from './activity-file';

interface JobEntry {
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

export class JobTracker {
  private readonly entries = new Map<string, JobEntry>();

  /** `changed` is called when a reference should be saved again. */
  constructor(private readonly pollMs: number, private readonly changed: () => void) {}

  /** Restores entries from the activity file; unfinished ones are watched again on `resume`. */
  load(refs: JobRef[]): void {
    for (const ref of refs) {
      if (this.entries.has(ref.id)) continue;
      this.entries.set(ref.id, { ref, phase: ref.finished ? 'completed' : 'stopped', job: null, problem: null, activity: null });
    }
  }

  /** Watches again every job that is not known to be finished (and reads finished ones once, for their view). */
  resume(ctx: ArmContext): void {
    for (const e of this.entries.values()) {
      if (e.activity || !e.ref.jobArmId || (e.job && isTerminal(e.job.status))) continue;
      this.watch(e, ctx, e.ref.jobArmId);
    }
  }

  refs(): JobRef[] {
    return [...this.entries.values()].map((e) => e.ref);
  }

  views(): AzureJobView[] {
    return [...this.entries.values()].map((e) => this.view(e)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  view(e: JobEntry | string): AzureJobView {
    const entry = typeof e === 'string' ? this.get(e) : e;
    const r = entry.ref;
    return { id: r.id, startedAt: r.startedAt, instanceId: r.instanceId, serverName: r.serverName, recoveryPointTime: r.recoveryPointTime, containerUrl: r.containerUrl,
      phase: entry.phase, job: entry.job, problem: entry.problem, downloadId: r.downloadId };
  }

  get(id: string): JobEntry {
    const e = this.entries.get(id);
    if (!e) throw new UserError('bad-argument', 'No such restore job in this app.', 'Pick one from the list.');
    return e;
  }

  /** Links a download to the job whose files it fetches. */
  linkDownload(jobId: string, downloadId: string): void {
    const e = this.entries.get(jobId);
    if (!e) return;
    e.ref.downloadId = downloadId;
    this.changed();
  }

  forget(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    e.activity?.cancel();
    this.entries.delete(id);
    this.changed();
    return true;
  }

  /** Validates, sends and watches a restore; resolves once Azure accepted it (or rejects when it refused). */
  async start(ctx: ArmContext, p: JobStart): Promise<AzureJobView> {
    const ref: JobRef = { id: randomUUID(), startedAt: new Date().toISOString(), instanceId: p.instanceId, serverName: p.serverName, recoveryPointTime: p.recoveryPointTime,
      containerUrl: p.containerUrl, jobArmId: null, downloadId: null, finished: false };
    const entry: JobEntry = { ref, phase: 'validating', job: null, problem: null, activity: null };
    this.entries.set(ref.id, entry);
    const dp = new DataProtectionClient(ctx, this.pollMs);
    entry.activity = startRestore(dp, { instanceId: p.instanceId, recoveryPointId: p.recoveryPointId, containerUrl: p.containerUrl, location: p.location, containerArmId: p.containerArmId, wait: true },
      { intervalMs: this.pollMs, maxIntervalMs: Math.max(this.pollMs, 60_000), onEvent: (ev) => this.apply(entry, ev) });
    this.settle(entry, entry.activity);
    try {
      await entry.activity.started;
    } catch (err) {
      // Refused before Azure had a job: nothing to track.
      this.entries.delete(ref.id);
      throw err;
    }
    return this.view(entry);
  }

  /** Tracks a job found in the vault (the portal, a colleague, the CLI). */
  track(ctx: ArmContext, job: BackupJob, instanceId: string, serverName: string): AzureJobView {
    const known = [...this.entries.values()].find((e) => e.ref.jobArmId?.toLowerCase() === job.id.toLowerCase());
    if (known) return this.view(known);
    const ref: JobRef = { id: randomUUID(), startedAt: job.startTime ?? new Date().toISOString(), instanceId, serverName, recoveryPointTime: job.recoveryPointTime,
      containerUrl: (job.destination ?? '').split('?')[0], jobArmId: job.id, downloadId: null, finished: isTerminal(job.status) };
    const entry: JobEntry = { ref, phase: phaseOf(job), job, problem: null, activity: null };
    this.entries.set(ref.id, entry);
    if (!isTerminal(job.status)) this.watch(entry, ctx, job.id);
    this.changed();
    return this.view(entry);
  }

  private watch(entry: JobEntry, ctx: ArmContext, jobArmId: string): void {
    entry.phase = entry.job ? phaseOf(entry.job) : 'running';
    entry.problem = null;
    entry.activity = watchJob(new DataProtectionClient(ctx, this.pollMs), jobArmId, { intervalMs: this.pollMs, maxIntervalMs: Math.max(this.pollMs, 60_000), onEvent: (ev) => this.apply(entry, ev) });
    this.settle(entry, entry.activity);
  }

  private settle(entry: JobEntry, activity: AzureActivity<BackupJob>): void {
    activity.done.then((job) => {
      entry.job = job;
      entry.phase = phaseOf(job);
    }, (err: unknown) => {
      entry.problem = problemOf(err);
      // Sent but no longer watched (signed out, network): the job goes on in Azure; "stopped" says so.
      entry.phase = entry.ref.jobArmId ? 'stopped' : 'failed';
    }).finally(() => {
      if (entry.activity === activity) entry.activity = null;
      entry.ref.finished = entry.phase === 'completed' || entry.phase === 'failed';
      this.changed();
    });
  }

  private apply(entry: JobEntry, ev: AzureJobEvent): void {
    switch (ev.type) {
      case 'validating':
        entry.phase = 'validating';
        break;
      case 'validated':
      case 'submitting':
        entry.phase = 'submitting';
        break;
      case 'submitted':
        entry.ref.jobArmId = ev.jobId;
        entry.phase = 'running';
        this.changed();
        break;
      case 'job':
      case 'end':
        entry.job = ev.job;
        entry.phase = phaseOf(ev.job);
        break;
      case 'failed':
        break;
    }
  }

  /** Stops watching (Azure's jobs go on). */
  close(): void {
    for (const e of this.entries.values()) e.activity?.cancel();
  }
}
