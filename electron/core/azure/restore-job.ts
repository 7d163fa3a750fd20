/**
 * Validate, send and track a restore as files. Shaped as a long-running activity (id, events,
 * done, cancel) so the desktop app's activity registry can hold it; a job can be picked up again
 * later by its id with {@link watchJob}. Cancel stops watching: Azure offers no cancel for this job.
 */
import { UserError } from '../errors';
import type { DataProtectionClient } from './data-protection';
import { isTerminal, type BackupJob } from './data-protection-types';
import { buildRestoreRequest } from './restore-request';

/** What a restore or a watched job reports, in order. */
export type AzureJobEvent =
  | { type: 'validating' }
  | { type: 'validated' }
  | { type: 'submitting' }
  | { type: 'submitted'; jobId: string }
  | { type: 'job'; job: BackupJob; polls: number }
  | { type: 'end'; job: BackupJob }
  /** The work stopped on an error (Azure refused, signed out, cancelled): the same error `done` rejects with. */
  | { type: 'failed'; error: { code: string; message: string; hint: string } };

/**
 * A running piece of Azure work, shaped for the activity registry in main: `started` settles when
 * Azure accepted it (or refused it), `done` at its end, `cancel` stops it; events say the rest.
 */
export interface AzureActivity<T> {
  id: string;
  /** Resolves with the job's ARM path once Azure has the job; rejects when it was refused before that. */
  started: Promise<string>;
  done: Promise<T>;
  cancel(): void;
}

/** Emits 'failed' for a rejected `done`, so an event stream alone tells the whole story. */
function reportFailure<T>(done: Promise<T>, onEvent?: (e: AzureJobEvent) => void): Promise<T> {
  return done.catch((err: unknown) => {
    const e = err as { code?: string; message?: string; hint?: string };
    onEvent?.({ type: 'failed', error: { code: e.code ?? 'internal', message: e.message ?? String(err), hint: e.hint ?? '' } });
    throw err;
  });
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** How often to look at the job: start at `intervalMs`, grow ×1.5 up to `maxIntervalMs`. */
export interface PollSettings {
  intervalMs?: number;
  maxIntervalMs?: number;
}

/** Polls a job until it ends; resolves with the final job (failed jobs resolve too: the caller decides). */
export function watchJob(client: DataProtectionClient, ref: string, opts: PollSettings & { vaultId?: string; onEvent?: (e: AzureJobEvent) => void }): AzureActivity<BackupJob> {
  const ac = new AbortController();
  const started = deferred<string>();
  const done = reportFailure((async () => {
    let wait = opts.intervalMs ?? 10_000;
    for (let polls = 1; ; polls++) {
      const job = await client.getJob(ref, opts.vaultId);
      started.resolve(job.id);
      opts.onEvent?.({ type: 'job', job, polls });
      if (isTerminal(job.status)) {
        opts.onEvent?.({ type: 'end', job });
        return job;
      }
      await sleep(wait, ac.signal);
      wait = Math.min(Math.round(wait * 1.5), opts.maxIntervalMs ?? 60_000);
    }
  })(), opts.onEvent);
  done.catch(started.reject);
  return { id: ref, started: started.promise, done, cancel: () => ac.abort() };
}

/** What {@link startRestore} needs. */
export interface RestoreParams {
  instanceId: string;
  recoveryPointId: string;
  containerUrl: string;
  /** The vault's region (restoreLocation). */
  location: string;
  containerArmId?: string;
  prefix?: string;
  /** Track the job to its end (else resolve once Azure accepted it). */
  wait?: boolean;
}

/** Validates, sends and (with `wait`) tracks a restore. Resolves with the job's last known state. */
export function startRestore(client: DataProtectionClient, p: RestoreParams, opts: PollSettings & { onEvent?: (e: AzureJobEvent) => void } = {}): AzureActivity<BackupJob> {
  const ac = new AbortController();
  const started = deferred<string>();
  let watcher: AzureActivity<BackupJob> | undefined;
  const activity: AzureActivity<BackupJob> = {
    id: `azure-restore:${p.instanceId}:${p.recoveryPointId}`,
    started: started.promise,
    cancel: () => {
      ac.abort();
      watcher?.cancel();
    },
    done: reportFailure((async () => {
      const request = buildRestoreRequest(p);
      opts.onEvent?.({ type: 'validating' });
      await client.validateRestore(p.instanceId, request, ac.signal);
      opts.onEvent?.({ type: 'validated' });
      if (ac.signal.aborted) throw cancelled();
      opts.onEvent?.({ type: 'submitting' });
      const op = await client.triggerRestore(p.instanceId, request, ac.signal);
      const jobId = op.jobId!;
      opts.onEvent?.({ type: 'submitted', jobId });
      started.resolve(jobId);
      if (!p.wait) return client.getJob(jobId, p.instanceId);
      // The watcher reports its own failure; this activity's done only passes it on.
      watcher = watchJob(client, jobId, { ...opts, vaultId: p.instanceId });
      return watcher.done;
    })(), (e) => (e.type === 'failed' && watcher ? undefined : opts.onEvent?.(e))),
  };
  activity.done.catch(started.reject);
  return activity;
}

function cancelled(): UserError {
  return new UserError('cancelled', 'Stopped watching the restore.', 'The Azure job, if sent, goes on; pick it up later with pgflex-restore azure job <id>.');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
