/**
 * The replay: roles first (made safe for Flexible Server), then the requested plain-SQL files,
 * then the databases — several at once under one worker budget, each with `pg_restore --jobs`.
 * One supervisor per run: it owns every child, reports every step as an event, cancels within
 * seconds and can retry one database alone.
 */
import { basename } from 'node:path';
import { choosePsql } from '../binaries/choose';
import { blockingExisting, blockingReplace, LONG_NAME_FIX, tooLongNames, UNDROPPABLE_FIX } from '../../shared/existing-databases';
import { UserError } from '../errors';
import { keepChecksOf } from '../inspect';
import { changeOf, REOPEN } from '../restore-set/file-stamp';
import { setFileAt } from './plan-files';
import type { PreflightResult } from '../target/types';
import { estimateRemainingMs } from './progress';
import { splitsPreData } from './plan';
import { DatabaseRun, type DatabaseGates } from './run-database';
import { runSqlFile, type SqlFileRun } from './run-sql-file';
import type { PreparedScript } from './sql-script-guard';
import { AfterRestore } from '../verify/after-restore';
import type { DatabasePlan, DatabaseResult, FileResult, ReplayError, ReplayEvent, ReplayOptions, ReplayPlan, ReplaySummary } from './types';
import type { Split } from './schedule';
import { Lanes, PlanPool } from './worker-pool';
import { planWithFacts, prepareSetFile, type ReplayInput } from './plan-replay';

export interface ReplayRun {
  plan: Promise<ReplayPlan>;
  /** Resolves once every refusal has passed and the run is about to change the target; rejects with the refusal. */
  started: Promise<void>;
  done: Promise<ReplaySummary>;
  /** Cancels one database, or the whole run when no name is given. */
  cancel(database?: string): Promise<void>;
  /** Restores one failed, partial or cancelled database again, replacing what it left behind. */
  retry(database: string): Promise<void>;
  /** The same, told in two steps: `started` settles at once (refused or running), `done` when the retry ends. */
  startRetry(database: string): { started: Promise<void>; done: Promise<void> };
}

const PROGRESS_EVERY_MS = 250;

/** Starts a replay; events arrive through `onEvent` in order. */
export function startReplay(input: ReplayInput, onEvent: (e: ReplayEvent) => void): ReplayRun {
  return new Supervisor(input, onEvent).start();
}

/**
 * A failed database always carries at least one error saying why, so every list of errors (the
 * Replay and Report screens, the report files, `--json`) shows it — a failure before pg_restore
 * ran (cannot create or drop the database, unreadable dump) has none of pg_restore's own.
 */
export function withFailureError(result: DatabaseResult): DatabaseResult {
  if (result.status !== 'failed' || result.errors.some((e) => !e.benign)) return result;
  const error: ReplayError = {
    tocId: null, item: `DATABASE ${result.targetName}`, message: result.reason, command: null,
    category: 'other', benign: false, explanation: 'The database was not restored.',
  };
  return { ...result, errors: [...result.errors, error] };
}

class Supervisor {
  private readonly runs = new Map<string, DatabaseRun>();
  /** Databases whose restore ended and whose check against the archive is running. */
  private readonly verifying = new Set<string>();
  /** Each running database's check against its archive (begun with its restore), for cancel. */
  private readonly checks = new Map<string, AfterRestore>();
  private readonly results = new Map<string, DatabaseResult>();
  private readonly files: FileResult[] = [];
  private fileRun: SqlFileRun | null = null;
  /** Per database still holding a place in the worker queue: gives the place up. */
  private readonly leaveQueue = new Map<string, () => void>();
  private cancelledAll = false;
  private startedAt = Date.now();
  private plan!: ReplayPlan;
  private target!: PreflightResult;
  private ticker: NodeJS.Timeout | null = null;
  private markStarted: () => void = () => undefined;

  constructor(private readonly input: ReplayInput, private readonly emit: (e: ReplayEvent) => void) {}

  start(): ReplayRun {
    const planned = planWithFacts(this.input);
    const plan = planned.then((p) => p.plan);
    plan.catch(() => undefined); // a refused plan is told by `started` and `done`; awaiting it still throws
    const done = planned.then((p) => {
      this.target = p.target;
      return this.execute(p.plan);
    });
    const started = new Promise<void>((resolve, reject) => {
      this.markStarted = resolve;
      done.catch(reject);
    });
    started.catch(() => undefined);
    done.catch((err: unknown) => {
      const problem = err instanceof UserError ? err.toJSON()
        : { code: 'internal', message: `The replay stopped on an unexpected error: ${(err as Error).message}`, hint: 'Please report this with the log.' };
      this.emit({ type: 'failed', problem });
    });
    return {
      plan,
      started,
      done,
      cancel: (database) => this.cancel(database),
      retry: (database) => this.startRetry(database).done,
      startRetry: (database) => this.startRetry(database),
    };
  }

  private async execute(plan: ReplayPlan): Promise<ReplaySummary> {
    this.plan = plan;
    keepChecksOf(this.input.inspection, new Set(plan.databases.filter((d) => d.action === 'restore').map((d) => basename(d.file))));
    this.emit({ type: 'plan', plan });
    if (plan.clashes.length) {
      throw new UserError('bad-argument',
        `Two databases would be restored into one: ${plan.clashes.map((c) => `${c.sources.map((n) => `"${n}"`).join(' and ')} → "${c.targetName}"`).join('; ')}. Nothing was changed.`,
        'Give each database its own name on the target (--rename / the Plan screen), or restore only one of them.',
        { clashes: plan.clashes });
    }
    const slots = this.target.checks.find((c) => c.id === 'connection-slots');
    if (slots?.status === 'fail' && plan.databases.some((d) => d.action === 'restore')) {
      throw new UserError('target-refused', `${slots.detail} Nothing was changed.`, slots.fix ?? 'Lower --jobs.', { connectionSlots: this.target.connectionSlots });
    }
    const conflicts = blockingExisting(plan.databases, this.input.options.existing);
    if (conflicts.length) {
      throw new UserError('database-exists',
        `${conflicts.length === 1 ? 'Database' : 'Databases'} ${conflicts.map((n) => `"${n}"`).join(', ')} already exist on the target; nothing was changed.`,
        'Restore under new names (--rename / the Plan screen), or choose to skip or replace existing databases (--existing skip|replace).',
        { databases: conflicts });
    }
    const long = tooLongNames(plan.databases);
    if (long.length) throw new UserError('bad-argument', `${long.map((d) => d.why).join('; ')}. Nothing was changed.`, LONG_NAME_FIX, { databases: long.map((d) => d.targetName) });
    const undroppable = blockingReplace(plan.databases, this.input.options.existing, plan.target.database);
    if (undroppable.length) {
      // Another replay's database is a busy target, not a bad request (exit 3, not 2).
      const busy = plan.databases.some((d) => d.replaying && undroppable.some((u) => u.targetName === d.targetName));
      throw new UserError(busy ? 'database-busy' : 'bad-argument', `${undroppable.map((d) => d.why).join('; ')}: the replay cannot replace ${undroppable.length === 1 ? 'it' : 'them'}. Nothing was changed.`,
        UNDROPPABLE_FIX, { databases: undroppable.map((d) => d.targetName) });
    }
    this.startedAt = Date.now();
    // Every file is read and guarded before the first one runs: a refused file changes nothing.
    const scripts = new Map<FileResult['kind'], PreparedScript>();
    for (const f of plan.files) if (f.action === 'run') scripts.set(f.kind, await this.prepareFile(f.kind, f.file!));
    for (const d of plan.databases) {
      if (d.action !== 'skip') continue;
      // Asked for but unrestorable (damaged, unreadable): as visible as a database that failed running.
      if (d.blocked) this.recordEnd(this.skipped(d));
      else this.results.set(d.name, this.skipped(d));
    }
    this.markStarted();
    this.ticker = setInterval(() => this.progress(), PROGRESS_EVERY_MS);
    try {
      // The roles file alone overlaps the databases' CREATE DATABASE; their pre-data (owners,
      // grants) waits for it. The schema and tablespaces files, run only on request, go first and
      // alone: they may create databases and tablespaces the restores would otherwise race.
      const files = plan.files.filter((f) => f.action === 'run');
      const runFiles = async () => {
        for (const f of files) if (!this.cancelledAll) this.files.push(await this.runFile(f.kind, f.file!, scripts.get(f.kind)!));
      };
      const rolesOnly = files.every((f) => f.kind === 'roles');
      if (!rolesOnly) await runFiles();
      const filesDone = rolesOnly ? runFiles() : Promise.resolve();
      await Promise.all([filesDone, this.runDatabases(plan.databases.filter((d) => d.action === 'restore'), this.input.options.existing, filesDone)]);
    } finally {
      clearInterval(this.ticker);
      this.progress();
    }
    const summary = this.summary();
    this.emit({ type: 'summary', summary });
    return summary;
  }

  /** Reads and guards a plain-SQL file (sql-script-guard); throws 'unsafe-file' before anything runs. */
  private prepareFile(kind: FileResult['kind'], path: string): Promise<PreparedScript> {
    return prepareSetFile(kind, path, this.input.tools, this.target);
  }

  private async runFile(kind: FileResult['kind'], path: string, script: PreparedScript): Promise<FileResult> {
    this.emit({ type: 'file-start', kind, file: path });
    const psql = choosePsql(this.input.tools)!;
    this.fileRun = runSqlFile(kind, script, psql, this.input.target, {
      onLog: (line) => this.emit({ type: 'log', source: kind, line }),
      onError: () => {},
    });
    const result = await this.fileRun.done;
    this.fileRun = null;
    this.emit({ type: 'file-end', result });
    return result;
  }

  /**
   * Runs the databases as the plan's schedule says: each takes a prep lane for CREATE DATABASE and
   * pre-data (as many lanes as workers, outside the worker budget), then workers for each of its
   * passes in the plan's order (worker-pool.ts), giving them back as each pg_restore ends.
   */
  private async runDatabases(plans: DatabasePlan[], existing: ReplayOptions['existing'], rolesDone: Promise<void>): Promise<void> {
    const budget = Math.max(1, this.input.options.jobs);
    const order = [...plans].sort((a, b) => (a.schedule?.order ?? 0) - (b.schedule?.order ?? 0));
    const pool = new PlanPool(budget);
    const lanes = new Lanes(budget);
    await Promise.all(order.map(async (d, k) => {
      const giveLane = await lanes.take();
      this.leaveQueue.set(d.name, () => pool.leave(k));
      try {
        if (this.cancelledAll) {
          this.results.set(d.name, this.notStarted(d));
          return;
        }
        const jobs = Math.min(budget, d.schedule?.jobs ?? 1);
        await this.runOne(d, jobs, existing, d.schedule?.split ?? null, {
          beforePreData: () => rolesDone,
          workers: async (step, n) => {
            giveLane();
            const want = Math.min(budget, n);
            if (!(await pool.acquire(k, step, want))) return null;
            let given = false;
            return () => {
              if (!given) pool.release(want);
              given = true;
            };
          },
        });
      } finally {
        giveLane();
        pool.leave(k);
        this.leaveQueue.delete(d.name);
      }
    }));
  }

  private async runOne(d: DatabasePlan, jobs: number, existing: ReplayOptions['existing'], split: Split | null, gates: DatabaseGates = {}): Promise<void> {
    // An archive whose data check is still running (inspectFolder's 'later') is awaited here, just
    // before its database is created: a damaged one fails alone and leaves the target untouched.
    const file = basename(d.file);
    const checking = this.input.inspection.pending.get(file);
    if (checking) {
      await checking;
      if (this.cancelledAll) {
        this.results.set(d.name, this.notStarted(d));
        return;
      }
    }
    const archive = this.input.inspection.archives.get(file);
    const problem = this.input.inspection.problems.get(file);
    // Checked again just before its database is created: a long replay (or a retry) comes later.
    const changed = archive && !problem ? await changeOf(setFileAt(this.input.inspection.set, d.file)) : null;
    if (!archive || problem || changed) {
      const reason = problem ? `${problem.message} ${problem.hint}` : changed ? `${changed}; it was not restored. ${REOPEN}` : 'The archive could not be read.';
      this.recordEnd({ ...this.skipped(d), status: 'failed', reason });
      return;
    }
    const o = this.input.options;
    const run = new DatabaseRun({
      name: d.name, targetName: d.targetName, file: d.file, archive, clientPath: d.client!.path, jobs,
      noOwner: d.noOwner, noPrivileges: o.noPrivileges, singleTransaction: o.singleTransaction, existing, splitPreData: splitsPreData(o), split,
    }, this.input.target, {
      onLog: (line) => this.emit({ type: 'log', source: d.name, line }),
      onError: (error) => this.emit({ type: 'database-error', name: d.name, error }),
    });
    this.runs.set(d.name, run);
    this.emit({ type: 'database-start', name: d.name, targetName: d.targetName, jobs });
    // The archive's rows are counted on a worker while pg_restore runs; compared once it ends.
    const check = o.verify === false ? null : new AfterRestore(archive, this.input.target, d.targetName,
      { noOwner: d.noOwner, noPrivileges: o.noPrivileges, allowedExtensions: this.target?.azureExtensions ?? null });
    if (check) this.checks.set(d.name, check);
    let result: DatabaseResult;
    try {
      // Its workers go back as each pass ends, before anything else happens to it (verification included).
      result = await run.run(gates);
      if (check) {
        this.verifying.add(d.name);
        // A phase change is shown at once, not when the next tick happens to land inside it.
        this.progress();
        result = await check.verify(result, (line) => this.emit({ type: 'log', source: d.name, line })).finally(() => this.verifying.delete(d.name));
      }
    } finally {
      if (this.checks.get(d.name) === check) this.checks.delete(d.name);
    }
    this.recordEnd(result);
  }

  /** Records a database's end and tells it (a failure with its reason in the log too). */
  private recordEnd(result: DatabaseResult): void {
    result = withFailureError(result);
    if (result.status === 'failed') this.emit({ type: 'log', source: result.name, line: `pgflex: error: "${result.name}" was not restored: ${result.reason}` });
    this.results.set(result.name, result);
    this.emit({ type: 'database-end', result });
  }

  private async cancel(database?: string): Promise<void> {
    if (!database) {
      this.cancelledAll = true;
      for (const check of this.checks.values()) check.cancel();
      await Promise.all([this.fileRun?.cancel(), ...[...this.runs.values()].map((r) => r.cancel())]);
      for (const leave of this.leaveQueue.values()) leave();
      return;
    }
    this.checks.get(database)?.cancel();
    await this.runs.get(database)?.cancel();
    // Waiting for its turn at the workers: give the turn up now rather than when it comes.
    if (this.runs.has(database)) this.leaveQueue.get(database)?.();
  }

  private startRetry(database: string): { started: Promise<void>; done: Promise<void> } {
    let d: DatabasePlan;
    try {
      d = this.checkRetry(database);
    } catch (err) {
      const refused = Promise.reject(err);
      refused.catch(() => undefined);
      return { started: refused, done: refused };
    }
    return { started: Promise.resolve(), done: this.retry(d) };
  }

  /** The plan of a database that may be retried now; throws why not. */
  private checkRetry(database: string): DatabasePlan {
    const d = this.plan?.databases.find((x) => x.name === database);
    const last = this.results.get(database);
    if (!d || d.action !== 'restore') throw new UserError('bad-argument', `"${database}" is not part of this replay.`, 'Pick a database the plan restores.');
    if (this.runs.get(database)?.snapshot().status === 'running') throw new UserError('bad-argument', `"${database}" is still running.`, 'Wait for it to end or cancel it first.');
    if (last && (last.status === 'restored' || last.status === 'skipped')) {
      throw new UserError('bad-argument', `"${database}" was ${last.status}; there is nothing to retry.`, 'Retry a failed, partial or cancelled database.');
    }
    return d;
  }

  private async retry(d: DatabasePlan): Promise<void> {
    const database = d.name;
    this.cancelledAll = false;
    // A database the last attempt found taken (made by someone else, or another replay's) is not
    // what it left: the run's own choice for existing databases applies, never a drop of theirs.
    const code = this.results.get(database)?.problem?.code;
    const theirs = code === 'database-exists' || code === 'database-busy';
    const existing = theirs ? this.input.options.existing : 'replace';
    this.emit({ type: 'log', source: database, line: theirs
      ? `pgflex: retrying "${database}": "${d.targetName}" is someone else's, so it is handled as this run asked for existing databases (${existing}).`
      : `pgflex: retrying "${database}": dropping what the last attempt left in "${d.targetName}" and restoring it again.` });
    const ticker = setInterval(() => this.progress(), PROGRESS_EVERY_MS);
    try {
      await this.runOne(d, this.input.options.singleTransaction ? 1 : Math.max(1, this.input.options.jobs), existing, null);
    } catch (err) {
      this.emit({ type: 'log', source: database, line: `pgflex: error: retry of "${database}" stopped: ${(err as Error).message}` });
      throw err;
    } finally {
      clearInterval(ticker);
      this.progress();
    }
    this.emit({ type: 'summary', summary: this.summary() });
  }

  private progress(): void {
    const databases = [...this.runs.values()].map((r) => r.snapshot())
      .map((p) => (this.verifying.has(p.name) ? { ...p, status: 'running' as const, phase: 'verifying' as const } : p));
    const weights = databases.map((d) => this.plan.databases.find((p) => p.name === d.name)?.dataBytes ?? 1);
    const total = this.plan.databases.filter((d) => d.action === 'restore').reduce((a, d) => a + Math.max(1, d.dataBytes), 0) || 1;
    const fraction = databases.reduce((a, d, i) => a + d.fraction * Math.max(1, weights[i]), 0) / total;
    const elapsedMs = Date.now() - this.startedAt;
    const etaMs = estimateRemainingMs(elapsedMs, fraction);
    this.emit({ type: 'progress', databases, overall: { fraction: Math.min(1, fraction), etaMs, elapsedMs } });
  }

  /** A database the run was cancelled before it began. */
  private notStarted(d: DatabasePlan): DatabaseResult {
    return { ...this.skipped(d), status: 'cancelled', reason: 'Cancelled before it started.' };
  }

  private skipped(d: DatabasePlan): DatabaseResult {
    const result: DatabaseResult = {
      name: d.name, targetName: d.targetName, status: d.blocked ? 'failed' : 'skipped', reason: d.reasons.join(' '),
      errors: [], ignoredErrors: 0, exitCode: null, signal: null, durationMs: 0,
    };
    return withFailureError(result);
  }

  private summary(): ReplaySummary {
    const databases = this.plan.databases.map((d) => this.results.get(d.name) ?? this.skipped(d));
    const roles = this.files.find((f) => f.kind === 'roles') ?? null;
    const files = this.files.filter((f) => f.kind !== 'roles');
    const ok = !this.cancelledAll
      && databases.every((d) => (d.status === 'restored' && d.verify?.ok !== false) || d.status === 'skipped')
      && this.files.every((f) => f.status === 'restored');
    return {
      ok, startedAt: new Date(this.startedAt).toISOString(), durationMs: Date.now() - this.startedAt,
      source: this.plan.source, target: this.plan.target, roles, files, databases,
    };
  }
}
