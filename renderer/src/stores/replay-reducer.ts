/**
 * Folds batches of replay events into what the Replay and Report screens show: one lane per
 * database, the roles/schema/tablespaces steps, overall progress, every error with its source.
 * Pure: log lines are handed back for the log ring instead of being kept in state.
 */
import type {
  DatabaseProgress, DatabaseResult, FileResult, ReplayEvent, ReplayPlan, ReplaySummary,
} from '../../../electron/contract';
import type { SourcedError } from '../lib/group-errors';

/** One database's live state: the engine's progress plus its result once it ended. */
export interface Lane extends DatabaseProgress {
  result: DatabaseResult | null;
}

/** The roles/schema/tablespaces step's state. */
export interface FileStep {
  kind: FileResult['kind'];
  file: string;
  status: 'running' | FileResult['status'];
  result: FileResult | null;
}

export interface ReplayData {
  plan: ReplayPlan | null;
  /** Lane names in plan order. */
  order: string[];
  lanes: Record<string, Lane>;
  files: FileStep[];
  overall: { fraction: number; etaMs: number | null; elapsedMs: number };
  errors: SourcedError[];
  summary: ReplaySummary | null;
  /** The run stopped before its end (target refused, database exists…): what happened and what to do. */
  failure: { code: string; message: string; hint: string } | null;
}

/** Compile-time proof every event type is handled; at run time a newer main's unknown event is ignored. */
function unknownEvent(event: never): void {
  console.warn('Unknown replay event', (event as { type?: string } | undefined)?.type);
}

/** The state before any event. */
export function emptyReplay(): ReplayData {
  return { plan: null, order: [], lanes: {}, files: [], overall: { fraction: 0, etaMs: null, elapsedMs: 0 }, errors: [], summary: null, failure: null };
}

/** A lane that has not started yet. */
export function pendingLane(name: string, targetName: string, jobs = 0): Lane {
  return {
    name, targetName, status: 'pending', phase: 'waiting', itemsDone: 0, itemsTotal: 0, fraction: 0,
    current: [], elapsedMs: 0, etaMs: null, jobs, errors: 0, result: null,
  };
}

const sourced = (source: string, errors: FileResult['errors']): SourcedError[] => errors.map((e) => ({ ...e, source }));

/** Applies one batch; returns the new state and the batch's log lines (in order). */
export function reduceReplay(state: ReplayData, events: readonly ReplayEvent[]): { state: ReplayData; logs: Array<{ source: string; line: string }> } {
  const logs: Array<{ source: string; line: string }> = [];
  let { plan, order, lanes, files, overall, errors, summary, failure } = state;
  const lane = (name: string): Lane => lanes[name] ?? pendingLane(name, name);
  const putLane = (next: Lane): void => {
    if (!order.includes(next.name)) order = [...order, next.name];
    lanes = { ...lanes, [next.name]: next };
  };
  const putFile = (next: FileStep): void => {
    files = files.some((f) => f.kind === next.kind) ? files.map((f) => (f.kind === next.kind ? next : f)) : [...files, next];
  };

  for (const event of events) {
    switch (event.type) {
      case 'plan': {
        plan = event.plan;
        for (const db of event.plan.databases) {
          if (db.action === 'restore' && !lanes[db.name]) putLane(pendingLane(db.name, db.targetName));
        }
        break;
      }
      case 'file-start':
        putFile({ kind: event.kind, file: event.file, status: 'running', result: null });
        break;
      case 'file-end': {
        const prev = files.find((f) => f.kind === event.result.kind);
        putFile({ kind: event.result.kind, file: prev?.file ?? event.result.kind, status: event.result.status, result: event.result });
        errors = [...errors.filter((e) => e.source !== event.result.kind), ...sourced(event.result.kind, event.result.errors)];
        break;
      }
      case 'database-start':
        // A start (first run or retry) clears what an earlier attempt left behind.
        putLane({ ...pendingLane(event.name, event.targetName, event.jobs), status: 'running' });
        errors = errors.filter((e) => e.source !== event.name);
        if (summary) summary = null;
        break;
      case 'progress':
        for (const p of event.databases) {
          const prev = lane(p.name);
          // A late progress tick must not reopen a database that already ended.
          const status = prev.result && (p.status === 'running' || p.status === 'pending') ? prev.status : p.status;
          putLane({ ...p, status, result: prev.result });
        }
        overall = event.overall;
        break;
      case 'database-error':
        errors = [...errors, { ...event.error, source: event.name }];
        putLane({ ...lane(event.name), errors: lane(event.name).errors + 1 });
        break;
      case 'database-end': {
        const r = event.result;
        const prev = lane(r.name);
        const done = r.status === 'restored' || r.status === 'partial';
        putLane({
          ...prev, targetName: r.targetName, status: r.status, result: r, current: [], etaMs: null,
          elapsedMs: r.durationMs || prev.elapsedMs, errors: r.errors.length,
          ...(done ? { fraction: 1, phase: 'done' as const, itemsDone: Math.max(prev.itemsDone, prev.itemsTotal) } : {}),
        });
        errors = [...errors.filter((e) => e.source !== r.name), ...sourced(r.name, r.errors)];
        break;
      }
      case 'log':
        logs.push({ source: event.source, line: event.line });
        break;
      case 'summary': {
        summary = event.summary;
        for (const r of event.summary.databases) {
          const prev = lanes[r.name];
          if (prev) putLane({ ...prev, status: r.status, result: r, current: [], etaMs: null });
        }
        overall = { ...overall, etaMs: null, elapsedMs: event.summary.durationMs };
        break;
      }
      case 'failed':
        failure = event.problem;
        for (const name of order) {
          if (lanes[name].status === 'pending' || lanes[name].status === 'running') putLane({ ...lanes[name], status: 'cancelled', current: [], etaMs: null });
        }
        break;
      default:
        unknownEvent(event);
    }
  }
  return { state: { plan, order, lanes, files, overall, errors, summary, failure }, logs };
}

/** True while any database or file step is still pending or running. */
export function replayActive(state: ReplayData): boolean {
  return (
    state.files.some((f) => f.status === 'running') ||
    state.order.some((n) => state.lanes[n].status === 'running' || state.lanes[n].status === 'pending')
  );
}
