/**
 * Restores one database: makes the empty target database, runs pg_restore on the archive file,
 * follows its progress and collects its errors. Exit code 1 with ignored errors is "partial",
 * never "restored"; a non-zero exit without that count is "failed", with the first fatal error
 * as its reason. A database this run created that failed before any data landed is dropped
 * again, so that a retry starts clean; one it did not create is never dropped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { restoredIntoExistingDatabase } from '../archive/summarize-toc';
import type { ArchiveInfo } from '../archive/types';
import { UserError } from '../errors';
import { childEnv } from '../target/child-env';
import { connectTarget } from '../target/connect';
import { queryError } from '../target/connection-errors';
import { privateRunDir } from '../target/private-dir';
import type { TargetConnection } from '../target/types';
import { startChild, type RunningChild } from './child-process';
import { estimateRemainingMs, RestoreProgress } from './progress';
import { RestoreErrors } from './restore-errors';
import { parseRestoreLine } from './restore-log';
import { optionConflicts, restoreArgs, type RestoreSection } from './restore-command';
import { dropForReplace, prepareDatabase } from './target-database';
import type { DatabaseGuard } from './replay-guard';
import { dataPasses, listText } from './data-groups';
import type { Split } from './schedule';
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
  /**
   * Split the data too (with splitPreData): one `--section=data --use-list` pass per group of
   * TABLE DATA entries, each on one worker, then `--section=post-data --jobs split.postJobs`.
   */
  split?: Split | null;
}

/** Where the engine holds a database back; both default to "go on at once". */
export interface DatabaseGates {
  /** Before pre-data: the roles its owners and grants name must exist first. */
  beforePreData?: () => Promise<void>;
  /**
   * Before each pass that uses workers (`step` counts them from 0): resolves with the function that
   * gives the `n` workers back, or null when the database may not run (it left the queue).
   */
  workers?: (step: number, n: number) => Promise<(() => void) | null>;
}

/** A pass's exit, with how many errors tied to an item it printed and whether it printed one that was not. */
interface PassEnd { code: number | null; signal: string | null; errors: number; fatal: boolean }

/** The cause of a failure the target server made: what it said (its first line, the statement's own words) and what to do. */
function serverCause(e: ReplayError): string {
  const said = e.message.split('\n')[0].replace(/^COPY failed for table "[^"]*": ERROR:\s+/, '');
  return `The target server failed while restoring ${e.item}: ${said}. ${e.explanation}`;
}

/** True when `asked` settles before the event loop's next turn (the workers were free). */
function grantedAtOnce(asked: Promise<unknown>): Promise<boolean> {
  return Promise.race([asked.then(() => true, () => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}

/** A pass that died (not one with ignored errors) leaves nothing for the next pass to build on. */
function died(p: PassEnd): boolean {
  return p.code !== 0 && (p.signal !== null || p.fatal || p.errors === 0);
}


export interface DatabaseListener {
  onLog(line: string): void;
  onError(error: ReplayError): void;
}

/** One database's restore, observable while it runs. */
export class DatabaseRun {
  private progress: RestoreProgress;
  private readonly errors: RestoreErrors;
  private readonly children = new Set<RunningChild>();
  /** Each pass feeds the progress and error collectors as a stream of its own. */
  private streams = 0;
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
  /** The session that tells other replays this database is being restored (replay-guard.ts). */
  private guard: DatabaseGuard | null = null;
  /** Lets go of the guard's hold for the prep lane (CREATE DATABASE, pre-data). */
  private laneHold: (() => Promise<void>) | null = null;

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
      this.guard = await prepareDatabase(this.conn, this.job.targetName, this.job.existing, {
        onWait: (message) => this.listener.onLog(`pgflex: ${message}`),
      });
      if (!this.guard) return this.finish('skipped', `Database "${this.job.targetName}" already exists on the target; skipped as asked.`, null);
      this.created = true;
      this.laneHold = await this.guard.hold();
      const split = this.job.splitPreData && !this.job.singleTransaction;
      this.phase = 'waiting';
      await gates.beforePreData?.();
      if (this.cancelled) return this.finish('cancelled', 'Cancelled before pg_restore started.', null);
      if (split) {
        const pre = await this.pass(['pre-data']);
        if (this.cancelled || died(pre)) return await this.outcome(pre);
        const after = 'Cancelled after pre-data: the target database holds the schema, no data.';
        if (this.job.split) return await this.splitWork(this.job.split, gates, after);
        return await this.outcomeOr(await this.withWorkers(gates, 0, this.job.jobs, () => this.pass(['data', 'post-data'])), after);
      }
      return await this.outcomeOr(await this.withWorkers(gates, 0, this.job.jobs, () => this.pass([])), 'Cancelled before pg_restore started.');
    } catch (thrown) {
      // A connection of its own that the server dropped (a restart, an administrator) is said as such.
      const err = queryError(thrown, this.conn, `the restore of "${this.job.targetName}"`);
      if (err instanceof UserError) this.problem = err.toJSON();
      // Replaced by someone else while it waited its turn: the database there now is theirs.
      if (err instanceof UserError && err.code === 'database-busy') this.created = false;
      const said = err instanceof UserError ? `${err.message} ${err.hint}` : (err as Error).message;
      // A server that failed under pg_restore (a full disk, a crash) is the cause; the lost connection only follows from it.
      const server = this.serverError();
      const message = (server ? `${serverCause(server)} (Then: ${said})` : said) + (this.created ? this.holds() : '');
      if (this.cancelled) return this.finish('cancelled', message, null);
      return this.finish('failed', await this.dropIfNothingLanded(message), null);
    } finally {
      await this.guard?.end();
    }
  }

  /** Stops every pg_restore of this database and its workers. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await Promise.all([...this.children].map((c) => c.stop()));
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

  /** Runs `work` holding `n` workers (as the gate grants them); null when they were refused or the run was cancelled meanwhile. */
  private async withWorkers<T>(gates: DatabaseGates, step: number, n: number, work: () => Promise<T>): Promise<T | null> {
    this.phase = 'waiting';
    const asked = gates.workers ? gates.workers(step, n) : Promise.resolve(() => {});
    // The prep lane goes back with the first ask for workers. The guard stays open through a grant
    // that comes at once, and closes while the database only waits its turn (reopened, and checked, when it comes).
    const lane = this.laneHold;
    this.laneHold = null;
    if (lane && !(await grantedAtOnce(asked))) await lane();
    const release = await asked;
    try {
      if (!release || this.cancelled) return null;
      const letGo = await this.guard?.hold();
      await lane?.();
      try {
        return await work();
      } finally {
        await letGo?.();
      }
    } finally {
      release?.();
      await lane?.();
    }
  }

  private cancelledResult(reason: string): DatabaseResult {
    return this.finish('cancelled', reason, null);
  }

  /** The pass's outcome, or cancelled with `reason` when it never ran. */
  private async outcomeOr(end: PassEnd | null, reason: string): Promise<DatabaseResult> {
    return end ? await this.outcome(end) : this.cancelledResult(reason);
  }

  /**
   * The split work stage: every data group's pass at once, each on the worker the gate gives it,
   * then — only when every group ended without dying — the post-data pass (indexes and
   * constraints are made after all the data is in, as in one pg_restore run).
   */
  private async splitWork(split: Split, gates: DatabaseGates, cancelled: string): Promise<DatabaseResult> {
    const dir = await mkdtemp(join(await privateRunDir(), 'lists-'));
    try {
      const ends = await Promise.all(dataPasses(this.job.archive, split.groups, 0).map(async (p, g) => {
        const list = join(dir, p.listFile);
        await writeFile(list, listText(p.ids), { mode: 0o600 });
        return this.withWorkers(gates, g, 1, () => this.pass(['data'], { list, jobs: 1 }));
      }));
      const worst = ends.find((e) => e !== null && died(e)) ?? null;
      if (worst) return await this.outcome(worst);
      if (this.cancelled || ends.some((e) => e === null)) return this.cancelledResult(this.passCodes.length > 1 ? 'Cancelled during the data: the target database holds the schema and part of the data.' : cancelled);
      return await this.outcomeOr(await this.withWorkers(gates, split.groups.length, split.postJobs, () => this.pass(['post-data'], { jobs: split.postJobs })),
        'Cancelled before its indexes and constraints: the target database holds the schema and the data.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** One pg_restore pass over the given sections (all when empty); a pass's exit code 0 or its worst. */
  private async pass(sections: RestoreSection[], opts: { list?: string; jobs?: number } = {}): Promise<PassEnd> {
    const args = restoreArgs({ ...this.job, jobs: opts.jobs ?? this.job.jobs, list: opts.list, sections: sections.length ? sections : undefined });
    const conflicts = optionConflicts(args);
    if (conflicts.length) throw new UserError('option-conflict', conflicts.join(' '), 'Change the options and start again.');
    const { env, cleanup } = await childEnv({ ...this.conn, database: this.job.targetName }, await privateRunDir());
    const stream = this.streams++;
    const seen = { errors: 0, fatal: false };
    this.phase = 'pre-data';
    let child: RunningChild | null = null;
    try {
      child = startChild(this.job.clientPath, args, {
        env,
        onStderr: (raw) => this.onLine(raw, stream, seen),
        onStdout: (raw) => this.listener.onLog(raw),
      });
      this.children.add(child);
      const { code, signal } = await child.done;
      this.passCodes.push(code ?? 0);
      const end = { code, signal, ...seen };
      this.progress.endPass(stream, !died(end));
      return end;
    } finally {
      if (child) this.children.delete(child);
      await cleanup();
    }
  }

  /** The result of the last pass, judged with every pass's errors. */
  private async outcome({ code: last, signal }: PassEnd): Promise<DatabaseResult> {
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
      const server = this.serverError();
      const reason = `${server ? `${serverCause(server)} ` : ''}pg_restore finished but ${this.errors.ignored || this.errors.errors.length} statement(s) failed` +
        (real ? ` (${real} not benign): the database is incomplete.` : ' (all classified benign).');
      return this.finish('partial', reason, code, signal);
    }
    return this.finish('failed', await this.dropIfNothingLanded(this.stoppedReason(code, signal)), code, signal);
  }

  /** Why pg_restore stopped: its first fatal error and where, and what the target database holds now. */
  private stoppedReason(code: number | null, signal: string | null): string {
    const server = this.serverError();
    const first = this.errors.fatalError;
    const cause = server
      ? serverCause(server)
      : first
        ? `pg_restore stopped: ${first.message.split('\n')[0]}${first.item !== 'pg_restore' ? ` (while restoring ${first.item})` : ''}. ${first.explanation}`
        : `pg_restore exited with ${signal ?? `code ${code}`}.`;
    return `${cause}${this.holds()}`;
  }

  /** The first error that says the target server itself failed (its disk full, a crash), if any. */
  private serverError(): ReplayError | undefined {
    return this.errors.errors.find((e) => e.category === 'server');
  }

  /** What the target database holds once data has started landing in it ('' before). */
  private holds(): string {
    const l = this.progress.landed();
    return l.dataStarted
      ? ` "${this.job.targetName}" is left partial: it holds ${l.itemsDone} of ${l.itemsTotal} items of the dump, the data of ${l.tablesLoaded} of ${l.tablesTotal} tables.`
      : '';
  }

  /**
   * A database this run created, that failed before any of the dump's data landed in it (or that
   * rolled everything back), is dropped again, and the reason says so; anything else stays.
   */
  private async dropIfNothingLanded(reason: string, rolledBack = false): Promise<string> {
    if (!this.created || (!rolledBack && this.progress.landed().dataStarted)) return reason;
    const name = this.job.targetName;
    await this.guard?.end();
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

  private onLine(raw: string, stream: number, seen: { errors: number; fatal: boolean }): void {
    this.listener.onLog(raw);
    const line = parseRestoreLine(raw);
    this.progress.apply(line, stream);
    const error = this.errors.apply(line, raw, stream);
    if (error) {
      seen.errors += 1;
      this.listener.onError(error);
    } else if (line.kind === 'error') {
      seen.fatal = true;
    }
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
