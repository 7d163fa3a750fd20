/**
 * Restores one database: makes the empty target database, runs pg_restore on the archive file,
 * follows its progress and collects its errors. Exit code 1 with ignored errors is "partial",
 * never "restored"; a non-zero exit without that count is "failed", with the first fatal error
 * as its reason. A database this run created that failed before any data landed is dropped
 * again, so that a retry starts clean; one it did not create is never dropped.
 */
import { restoredIntoExistingDatabase } from '../archive/summarize-toc';
import type { ArchiveInfo } from '../archive/types';
import { UserError } from '../errors';
import { childEnv } from '../target/child-env';
import { connectTarget } from '../target/connect';
import { privateRunDir } from '../target/private-dir';
import type { TargetConnection } from '../target/types';
import { startChild, type RunningChild } from './child-process';
import { estimateRemainingMs, RestoreProgress } from './progress';
import { RestoreErrors } from './restore-errors';
import { parseRestoreLine } from './restore-log';
import { optionConflicts, restoreArgs, type RestoreSection } from './restore-command';
import { dropForReplace, prepareDatabase } from './target-database';
import type { DatabaseProgress, DatabaseResult, DatabaseStatus, ExistingPolicy, ReplayError } from './types';

export interface DatabaseJob {
  name: string;
  targetName: string;
  file: string;
  archive: ArchiveInfo;
  clientPath: string;
  jobs: number;
  noOwner: boolean;
  noPrivileges: boolean;
  singleTransaction: boolean;
  existing: ExistingPolicy;
  /**
   * Restore pre-data in a pass of its own (`--section=pre-data`, serial) before the data and
   * post-data pass with `--jobs`: the engine runs it while other databases hold the workers.
   */
  splitPreData: boolean;
}

/** Where the engine holds a database back; both default to "go on at once". */
export interface DatabaseGates {
  /** Before pre-data: the roles its owners and grants name must exist first. */
  beforePreData?: () => Promise<void>;
  /** Before the pass that uses workers: resolves when the database's workers are free. */
  beforeWork?: () => Promise<void>;
}

export interface DatabaseListener {
  onLog(line: string): void;
  onError(error: ReplayError): void;
}

/** One database's restore, observable while it runs. */
export class DatabaseRun {
  private progress: RestoreProgress;
  private readonly errors: RestoreErrors;
  private child: RunningChild | null = null;
  private status: DatabaseStatus = 'pending';
  private phase: DatabaseProgress['phase'] = 'waiting';
  private startedAt = 0;
  private endedAt = 0;
  private cancelled = false;
  private readonly passCodes: number[] = [];
  /** An all-or-nothing restore that failed: nothing of it is on the target. */
  private rolledBack = false;
  /** This run made the target database (CREATE DATABASE succeeded): only then may it drop it again. */
  private created = false;
  /** The user error that stopped it before pg_restore (database exists, target refused). */
  private problem: DatabaseResult['problem'];

  constructor(readonly job: DatabaseJob, private readonly conn: TargetConnection, private readonly listener: DatabaseListener) {
    this.progress = new RestoreProgress(job.archive.entries.filter(restoredIntoExistingDatabase));
    this.errors = new RestoreErrors(new Map(job.archive.entries.map((e) => [e.dumpId, e])), () => this.progress.snapshot().current);
  }

  /** Runs to the end; never throws for restore problems, it reports them in the result. */
  async run(gates: DatabaseGates = {}): Promise<DatabaseResult> {
    this.startedAt = Date.now();
    this.status = 'running';
    this.phase = 'creating';
    try {
      const made = await prepareDatabase(this.conn, this.job.targetName, this.job.existing, {
        onWait: (message) => this.listener.onLog(`pgflex: ${message}`),
      });
      if (!made) return this.finish('skipped', `Database "${this.job.targetName}" already exists on the target; skipped as asked.`, null);
      this.created = true;
      const split = this.job.splitPreData && !this.job.singleTransaction;
      this.phase = 'waiting';
      await gates.beforePreData?.();
      if (this.cancelled) return this.finish('cancelled', 'Cancelled before pg_restore started.', null);
      if (split) {
        const pre = await this.pass(['pre-data']);
        this.progress.endPass();
        // A pre-data pass that died (not one with ignored errors) leaves nothing for the data to go into.
        const died = pre.code !== 0 && (pre.signal !== null || this.errors.fatal !== null || this.errors.errors.length === 0);
        if (this.cancelled || died) return await this.outcome(pre);
        this.phase = 'waiting';
        await gates.beforeWork?.();
        if (this.cancelled) return this.finish('cancelled', 'Cancelled after pre-data: the target database holds the schema, no data.', null);
        return await this.outcome(await this.pass(['data', 'post-data']));
      }
      await gates.beforeWork?.();
      if (this.cancelled) return this.finish('cancelled', 'Cancelled before pg_restore started.', null);
      return await this.outcome(await this.pass([]));
    } catch (err) {
      if (err instanceof UserError) this.problem = err.toJSON();
      const message = err instanceof UserError ? `${err.message} ${err.hint}` : (err as Error).message;
      if (this.cancelled) return this.finish('cancelled', message, null);
      return this.finish('failed', await this.dropIfNothingLanded(message), null);
    }
  }

  /** Stops pg_restore and its workers. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.child?.stop();
  }

  snapshot(): DatabaseProgress {
    const p = this.progress.snapshot();
    const end = this.endedAt || Date.now();
    const elapsedMs = this.startedAt ? end - this.startedAt : 0;
    const running = this.status === 'running';
    const etaMs = running ? estimateRemainingMs(elapsedMs, p.fraction) : null;
    return {
      name: this.job.name,
      targetName: this.job.targetName,
      status: this.status,
      phase: running && this.phase !== 'creating' && this.phase !== 'waiting' ? p.phase : this.phase,
      itemsDone: this.rolledBack ? 0 : p.itemsDone,
      itemsTotal: p.itemsTotal,
      fraction: this.status === 'restored' ? 1 : this.rolledBack ? 0 : p.fraction,
      current: running ? p.current : [],
      elapsedMs,
      etaMs,
      jobs: this.job.jobs,
      errors: this.errors.errors.length,
    };
  }

  /** One pg_restore pass over the given sections (all when empty); a pass's exit code 0 or its worst. */
  private async pass(sections: RestoreSection[]): Promise<{ code: number | null; signal: string | null }> {
    const args = restoreArgs({ ...this.job, file: this.job.file, sections: sections.length ? sections : undefined });
    const conflicts = optionConflicts(args);
    if (conflicts.length) throw new UserError('option-conflict', conflicts.join(' '), 'Change the options and start again.');
    const { env, cleanup } = await childEnv({ ...this.conn, database: this.job.targetName }, await privateRunDir());
    this.phase = 'pre-data';
    try {
      this.child = startChild(this.job.clientPath, args, {
        env,
        onStderr: (raw) => this.onLine(raw),
        onStdout: (raw) => this.listener.onLog(raw),
      });
      const { code, signal } = await this.child.done;
      this.passCodes.push(code ?? 0);
      return { code, signal };
    } finally {
      this.child = null;
      await cleanup();
    }
  }

  /** The result of the last pass, judged with every pass's errors. */
  private async outcome({ code: last, signal }: { code: number | null; signal: string | null }): Promise<DatabaseResult> {
    const code = last === 0 && this.passCodes.some((c) => c !== 0) ? Math.max(...this.passCodes) : last;
    if (this.cancelled) return this.finish('cancelled', 'Cancelled; the target database holds only part of the data.', code, signal);
    if (code === 0) {
      this.progress.complete();
      return this.finish('restored', 'Restored completely.', code, signal);
    }
    if (this.job.singleTransaction) {
      // --single-transaction stops at the first error and rolls everything back: nothing landed.
      const first = this.errors.errors.find((e) => !e.benign) ?? this.errors.errors[0];
      this.rolledBack = true;
      const why = `All or nothing: pg_restore stopped at an error and rolled the whole restore back, so "${this.job.targetName}" holds nothing from the dump` +
        (first ? ` (first error: ${first.item}: ${first.message.split('\n')[0]}).` : '.');
      return this.finish('failed', await this.dropIfNothingLanded(why, true), code, signal);
    }
    if (this.errors.ignored > 0 || (code === 1 && this.errors.errors.length > 0 && !this.errors.fatal)) {
      this.progress.complete();
      const real = this.errors.errors.filter((e) => !e.benign).length;
      const reason = `pg_restore finished but ${this.errors.ignored || this.errors.errors.length} statement(s) failed` +
        (real ? ` (${real} not benign): the database is incomplete.` : ' (all classified benign).');
      return this.finish('partial', reason, code, signal);
    }
    return this.finish('failed', await this.dropIfNothingLanded(this.stoppedReason(code, signal)), code, signal);
  }

  /** Why pg_restore stopped: its first fatal error and where, and what the target database holds now. */
  private stoppedReason(code: number | null, signal: string | null): string {
    const first = this.errors.fatalError;
    const cause = first
      ? `pg_restore stopped: ${first.message.split('\n')[0]}${first.item !== 'pg_restore' ? ` (while restoring ${first.item})` : ''}.`
      : `pg_restore exited with ${signal ?? `code ${code}`}.`;
    const l = this.progress.landed();
    const holds = l.dataStarted
      ? ` "${this.job.targetName}" is left partial: it holds ${l.itemsDone} of ${l.itemsTotal} items of the dump, the data of ${l.tablesLoaded} of ${l.tablesTotal} tables.`
      : '';
    return `${cause}${holds}`;
  }

  /**
   * A database this run created, that failed before any of the dump's data landed in it (or that
   * rolled everything back), is dropped again, and the reason says so; anything else stays.
   */
  private async dropIfNothingLanded(reason: string, rolledBack = false): Promise<string> {
    if (!this.created || (!rolledBack && this.progress.landed().dataStarted)) return reason;
    const name = this.job.targetName;
    try {
      const client = await connectTarget(this.conn);
      try {
        await dropForReplace(client, name, { timeoutMs: 15_000 });
      } finally {
        await client.end().catch(() => {});
      }
      this.created = false;
      return `${reason} No data had landed, so "${name}", created by this run, was dropped again: a retry starts clean.`;
    } catch (err) {
      return `${reason} "${name}" was created by this run and holds no data; dropping it again failed (${(err as Error).message}), so it is still on the target.`;
    }
  }

  private onLine(raw: string): void {
    this.listener.onLog(raw);
    const line = parseRestoreLine(raw);
    this.progress.apply(line);
    const error = this.errors.apply(line, raw);
    if (error) this.listener.onError(error);
  }

  private finish(status: DatabaseStatus, reason: string, code: number | null, signal: string | null = null): DatabaseResult {
    this.status = status;
    this.phase = 'done';
    this.endedAt = Date.now();
    return {
      name: this.job.name,
      targetName: this.job.targetName,
      status,
      reason,
      errors: this.errors.errors,
      ignoredErrors: this.errors.ignored,
      exitCode: code,
      signal,
      durationMs: this.endedAt - this.startedAt,
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }
}
