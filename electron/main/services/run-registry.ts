/**
 * Replays by id: each run's events go out in batches to every subscriber; its latest plan and
 * summary are kept for the report. Requests return as soon as a run (or a retry) has started —
 * or has failed to start, in which case the request rejects with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityView, ReplayEvent, ReplayPlan, ReplaySummary } from '../../contract';
import { UserError } from '../../core/errors';
import { startReplay, type ReplayInput, type ReplayRun } from '../../core/replay/engine';
import { reportJson, reportMarkdown } from '../../core/replay/report';
import { EventBatcher, type BatchOptions } from './event-batcher';

/** Where batches go: (runId, events). */
export type EventSink = (runId: string, events: ReplayEvent[]) => void;

interface RunEntry {
  run: ReplayRun;
  batcher: EventBatcher;
  plan: ReplayPlan | null;
  summary: ReplaySummary | null;
  startedAt: string;
  /** The run itself is still going. */
  active: boolean;
  /** Retries of its databases still going. */
  retrying: number;
  failure: string | null;
  /** What a reattaching renderer needs: every event but progress (only the last) and the newest log lines. */
  history: ReplayEvent[];
  logs: ReplayEvent[];
}

/** Log lines kept per run for a reattaching renderer. */
const HISTORY_LOG_LINES = 20_000;

function remember(entry: RunEntry, e: ReplayEvent): void {
  if (e.type === 'log') {
    entry.logs.push(e);
    if (entry.logs.length > HISTORY_LOG_LINES * 1.25) entry.logs.splice(0, entry.logs.length - HISTORY_LOG_LINES);
    return;
  }
  if (e.type === 'progress') {
    const last = entry.history.at(-1);
    if (last?.type === 'progress') entry.history[entry.history.length - 1] = e;
    else entry.history.push(e);
    return;
  }
  entry.history.push(e);
}

/**
 * Resolves when `work` has not failed by the next turn of the event loop, rejects with its error
 * when it has. Engine calls check their inputs before their first await, so this tells "started"
 * from "refused" without waiting for the (long) work itself.
 */
export async function startedOrFailed(work: Promise<unknown>): Promise<void> {
  let failure: { error: unknown } | null = null;
  work.catch((error: unknown) => {
    failure = { error };
  });
  await new Promise((resolve) => setImmediate(resolve));
  if (failure) throw (failure as { error: unknown }).error;
}

export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();

  constructor(private readonly sink: EventSink, private readonly batch: BatchOptions = {}) {}

  /** Plans and starts a replay; rejects if planning fails or the plan is refused (e.g. existing databases). */
  async start(input: ReplayInput): Promise<string> {
    const running = [...this.runs.values()].find((r) => r.active || r.retrying > 0);
    if (running) {
      throw new UserError('bad-argument', `A replay is already running (started ${running.startedAt}); two at once could hit the same databases.`,
        'Wait for it to end, or cancel it on the Replay screen, then start again.');
    }
    const runId = randomUUID();
    const batcher = new EventBatcher((events) => this.sink(runId, events), this.batch);
    const entry: RunEntry = {
      run: null as unknown as ReplayRun, batcher, plan: null, summary: null, startedAt: new Date().toISOString(), active: true, retrying: 0,
      failure: null, history: [], logs: [],
    };
    entry.run = startReplay(input, (e) => {
      if (e.type === 'plan') entry.plan = e.plan;
      if (e.type === 'summary') entry.summary = e.summary;
      if (e.type === 'failed') entry.failure = e.problem.message;
      remember(entry, e);
      batcher.push(e);
    });
    try {
      entry.plan = await entry.run.plan;
      await startedOrFailed(entry.run.done);
    } catch (err) {
      batcher.close();
      throw err;
    }
    this.runs.set(runId, entry);
    entry.run.done.then(
      (summary) => {
        entry.summary = summary;
      },
      (err: unknown) => {
        // A failure after the start (a bug or a lost server): tell the log, since no summary will come.
        const text = err instanceof UserError ? `${err.message} ${err.hint}` : String((err as Error)?.message ?? err);
        batcher.push({ type: 'log', source: 'pgflex', line: `error: the replay stopped: ${text}` });
      },
    ).finally(() => {
      entry.active = false;
      batcher.flush();
    });
    return runId;
  }

  async cancel(runId: string): Promise<void> {
    await this.get(runId).run.cancel();
  }

  /** Starts restoring one database again; returns once it runs. */
  async retry(runId: string, database: string): Promise<void> {
    const entry = this.get(runId);
    const retry = entry.run.retry(database);
    await startedOrFailed(retry);
    entry.retrying += 1;
    void retry.catch(() => undefined).finally(() => {
      entry.retrying -= 1;
    });
    retry.catch((err: unknown) => entry.batcher.push({ type: 'log', source: database, line: `error: retry failed: ${String((err as Error)?.message ?? err)}` }));
  }

  /** The report of a finished run. */
  report(runId: string, format: 'markdown' | 'json'): string {
    const entry = this.get(runId);
    if (!entry.summary || !entry.plan) {
      throw new UserError('bad-argument', 'The replay has not finished yet, so there is no report.', 'Wait for the replay to end (or cancel it), then export the report.');
    }
    return format === 'markdown' ? reportMarkdown(entry.summary, entry.plan) : reportJson(entry.summary, entry.plan);
  }

  /** Every run of this session, newest first. */
  list(): ActivityView[] {
    return [...this.runs].reverse().map(([runId, e]) => ({
      id: runId, kind: 'replay', startedAt: e.startedAt,
      title: e.plan ? `Replay of ${e.plan.source.folder}` : 'Replay',
      detail: e.plan ? `into ${e.plan.target.user}@${e.plan.target.host}:${e.plan.target.port}` : '',
      status: e.active || e.retrying > 0 ? 'running' : e.failure ? 'failed' : e.summary?.ok ? 'succeeded' : 'problems',
    }));
  }

  /** The events a renderer needs to show a run again (after a reload): in order, progress compacted, recent log lines. */
  history(runId: string): ReplayEvent[] {
    const e = this.get(runId);
    return [...e.history, ...e.logs];
  }

  /** Cancels whatever still runs (on quit). */
  async close(): Promise<void> {
    await Promise.all([...this.runs.values()].map(async (e) => {
      await e.run.cancel().catch(() => undefined);
      e.batcher.close();
    }));
  }

  private get(runId: string): RunEntry {
    const entry = this.runs.get(runId);
    if (!entry) throw new UserError('bad-argument', 'That replay is not known (the app may have restarted).', 'Start the replay again from the Plan screen.');
    return entry;
  }
}
