/** The running replay: start, live events in batches, cancel, retry, and the report. Logs live in a ring outside React state. */
import { create } from 'zustand';
import type { ReplayEvent, ReplayRequest } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { LogRing } from '../lib/log-ring';
import { toProblem, type Problem } from '../lib/problem';
import { emptyReplay, reduceReplay, type ReplayData } from './replay-reducer';
import { useNav } from './nav-store';

export type ReportFormat = 'markdown' | 'json';

interface ReplayState extends ReplayData {
  runId: string | null;
  starting: boolean;
  cancelling: boolean;
  problem: Problem | null;
  /** Bumped once per batch that added log lines; the log viewer re-reads the ring when it changes. */
  logVersion: number;
  reports: Partial<Record<ReportFormat, { status: 'loading' } | { status: 'ready'; text: string } | { status: 'error'; problem: Problem }>>;
  exported: string | null;
  start(request: ReplayRequest): Promise<boolean>;
  cancel(): Promise<void>;
  retry(database: string): Promise<void>;
  loadReport(format: ReportFormat): Promise<void>;
  exportReport(format: ReportFormat): Promise<void>;
  /** Applies a batch of events for a run (what the bridge subscription calls). */
  receive(runId: string, events: readonly ReplayEvent[]): void;
  /** Subscribes to the bridge's replay events; returns the unsubscribe function. */
  connect(): () => void;
}

/** The replay log of the current run. Read by the log viewer; written only by `receive`. */
export const replayLog = new LogRing();

/** Events that arrived for a run before `startReplay` told us its id. */
const early = new Map<string, ReplayEvent[]>();

/** The replay store. */
export const useReplay = create<ReplayState>()((set, get) => ({
  ...emptyReplay(),
  runId: null,
  starting: false,
  cancelling: false,
  problem: null,
  logVersion: 0,
  reports: {},
  exported: null,
  receive: (runId, events) => {
    const s = get();
    if (runId !== s.runId) {
      // Events can beat the startReplay response; keep them until we know whether the run is ours.
      if (s.starting) early.set(runId, [...(early.get(runId) ?? []), ...events]);
      return;
    }
    const { state, logs } = reduceReplay(s, events);
    if (logs.length) replayLog.push(logs);
    const ended = !s.summary && state.summary !== null;
    set({ ...state, logVersion: logs.length ? s.logVersion + 1 : s.logVersion, ...(ended ? { cancelling: false, reports: {} } : {}) });
  },
  connect: () => bridge().onReplayEvents((runId, events) => get().receive(runId, events)),
  start: async (request) => {
    replayLog.clear();
    early.clear();
    set({ ...emptyReplay(), runId: null, starting: true, cancelling: false, problem: null, logVersion: get().logVersion + 1, reports: {}, exported: null });
    try {
      const { runId } = await bridge().startReplay(request);
      set({ runId, starting: false });
      const pending = early.get(runId);
      early.clear();
      if (pending) get().receive(runId, pending);
      useNav.getState().go('replay');
      return true;
    } catch (error) {
      set({ starting: false, problem: toProblem(error) });
      return false;
    }
  },
  cancel: async () => {
    const runId = get().runId;
    if (!runId) return;
    set({ cancelling: true });
    try {
      await bridge().cancelReplay(runId);
    } catch (error) {
      set({ cancelling: false, problem: toProblem(error) });
    }
  },
  retry: async (database) => {
    const runId = get().runId;
    const lane = get().lanes[database];
    if (!runId || !lane) return;
    set({ lanes: { ...get().lanes, [database]: { ...lane, status: 'pending', result: null } }, problem: null, reports: {}, exported: null });
    try {
      await bridge().retryDatabase(runId, database);
    } catch (error) {
      set({ lanes: { ...get().lanes, [database]: lane }, problem: toProblem(error) });
    }
  },
  loadReport: async (format) => {
    const runId = get().runId;
    if (!runId) return;
    set((s) => ({ reports: { ...s.reports, [format]: { status: 'loading' } } }));
    try {
      const text = await bridge().report(runId, format);
      set((s) => ({ reports: { ...s.reports, [format]: { status: 'ready', text } } }));
    } catch (error) {
      set((s) => ({ reports: { ...s.reports, [format]: { status: 'error', problem: toProblem(error) } } }));
    }
  },
  exportReport: async (format) => {
    const runId = get().runId;
    if (!runId) return;
    try {
      const saved = await bridge().exportReport(runId, format);
      set({ exported: saved ? saved.path : null, problem: null });
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
}));
