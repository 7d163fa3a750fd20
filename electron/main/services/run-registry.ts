/**
 * Replays by id: each run's events go out in batches to every subscriber; its latest plan and
 * summary are kept for the report. Requests return as soon as a run (or a retry) has started —
 * or has failed to start, in which case the request rejects with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { ReplayEvent, ReplayPlan, ReplaySummary } from '../../contract';
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
    const runId = randomUUID();
    const batcher = new EventBatcher((events) => this.sink(runId, events), this.batch);
    const entry: RunEntry = { run: null as unknown as ReplayRun, batcher, plan: null, summary: null };
    entry.run = startReplay(input, (e) => {
      if (e.type === 'plan') entry.plan = e.plan;
      if (e.type === 'summary') entry.summary = e.summary;
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
    ).finally(() => batcher.flush());
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
