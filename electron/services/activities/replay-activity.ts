/**
 * The replay as an activity: its events batched (progress coalesced, sent at once on a summary),
 * its latest plan and summary kept for the report. It has started once the engine says so (every
 * refusal passed), so a refused replay is a failed request and never an activity.
 */
import type { FolderReplayView, ReplayEvent, ReplayPlan, ReplaySummary } from '../../contract';
import { UserError } from '../../core/errors';
import { startReplay, type ReplayRun } from '../../core/replay/engine';
import { type ReplayInput } from '../../core/replay/plan-replay';
import { reportJson, reportMarkdown } from '../../core/replay/report';
import type { ActivityKind, Started } from './activity-registry';

export const REPLAY: ActivityKind<ReplayEvent> = {
  kind: 'replay',
  events: {
    name: 'replayEvents',
    batch: { isSnapshot: (e) => e.type === 'progress', isUrgent: (e) => e.type === 'summary' },
    isBulk: (e) => e.type === 'log',
  },
  unknown: new UserError('bad-argument', 'That replay is not known (the app may have restarted).', 'Start the replay again from the Plan screen.'),
};

/** One replay's run and what it said last. */
export interface ReplayWork {
  run: ReplayRun;
  plan: ReplayPlan;
  summary: ReplaySummary | null;
  failure: string | null;
}

/** Starts the engine's replay; resolves once it runs, rejects with the reason it was refused. */
export async function beginReplay(input: ReplayInput, emit: (e: ReplayEvent) => void): Promise<Started<ReplayWork>> {
  const work: ReplayWork = { run: null as unknown as ReplayRun, plan: null as unknown as ReplayPlan, summary: null, failure: null };
  work.run = startReplay(input, (e) => {
    if (e.type === 'plan') work.plan = e.plan;
    if (e.type === 'summary') work.summary = e.summary;
    if (e.type === 'failed') work.failure = e.problem.message;
    emit(e);
  });
  work.plan = await work.run.plan;
  await work.run.started;
  work.run.done.catch((err: unknown) => {
    // A failure after the start (a bug or a lost server): tell the log, since no summary will come.
    const text = err instanceof UserError ? `${err.message} ${err.hint}` : String((err as Error)?.message ?? err);
    emit({ type: 'log', source: 'pgflex', line: `error: the replay stopped: ${text}` });
  });
  return {
    work,
    ended: work.run.done,
    cancel: () => work.run.cancel(),
    view: () => ({
      title: `Replay of ${work.plan.source.folder}`,
      detail: `into ${work.plan.target.user}@${work.plan.target.host}:${work.plan.target.port}`,
      status: work.failure ? 'failed' : work.summary?.ok ? 'succeeded' : 'problems',
    }),
  };
}

/** The report of a finished replay. */
export function replayReport(work: ReplayWork, format: 'markdown' | 'json'): string {
  if (!work.summary) {
    throw new UserError('bad-argument', 'The replay has not finished yet, so there is no report.', 'Wait for the replay to end (or cancel it), then export the report.');
  }
  return format === 'markdown' ? reportMarkdown(work.summary, work.plan) : reportJson(work.summary, work.plan);
}

/** What one replay restores (or restored), for the screens of the folder it read. Pure. */
export function folderReplay(runId: string, startedAt: string, running: boolean, work: ReplayWork): FolderReplayView {
  const { plan, summary } = work;
  const rolesPlanned = plan.files.some((f) => f.kind === 'roles' && f.action === 'run');
  const unfinished = running ? 'replaying' : work.failure ? 'failed' : 'cancelled';
  return {
    runId, startedAt, running,
    target: { host: plan.target.host, port: plan.target.port, user: plan.target.user },
    roles: !rolesPlanned ? null : summary?.roles?.status ?? unfinished,
    databases: plan.databases.filter((d) => d.action === 'restore').map((d) => {
      const result = summary?.databases.find((r) => r.name === d.name);
      return { name: d.name, targetName: d.targetName, status: result?.status ?? unfinished };
    }),
  };
}
