/** The running replay: start, live events in batches, cancel, retry, and the report. Logs live in a ring outside React state. */
import { create } from 'zustand';
import type { ActivityView, ReplayEvent, ReplayRequest } from '../../../electron/contract';
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
  /** Where "Save as script" wrote the script and the safe roles file. */
  saved: { path: string; rolesPath: string | null } | null;
  start(request: ReplayRequest): Promise<boolean>;
  saveScript(request: ReplayRequest): Promise<void>;
  cancel(): Promise<void>;
  retry(database: string): Promise<void>;
  loadReport(format: ReportFormat): Promise<void>;
  exportReport(format: ReportFormat): Promise<void>;
  /** Applies a batch of events for a run (what the bridge subscription calls). */
  receive(runId: string, events: readonly ReplayEvent[]): void;
  /** Subscribes to the bridge's replay events; returns the unsubscribe function. */
  connect(): () => void;
  /** Every run of this app session (the activities panel), newest first. */
  activities: ActivityView[];
  loadActivities(): Promise<void>;
  /** Shows a run kept in main (after a reload, or picked in the activities panel). */
  attach(runId: string): Promise<boolean>;
  /** At start: finds a run still going (the window was reloaded) and shows it again. */
  reattach(): Promise<void>;
}

/** The replay log of the current run. Read by the log viewer; written only by `receive`. */
export const replayLog = new LogRing();

/** Events that arrived for a run before `startReplay` told us its id, or while its history loads. */
const early = new Map<string, ReplayEvent[]>();
/** The run whose history is being fetched. */
let attaching: string | null = null;

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
  saved: null,
  activities: [],
  receive: (runId, events) => {
    const s = get();
    if (runId !== s.runId || attaching === runId) {
      // Events can beat the startReplay response (or the history of a run being attached); keep them until we know.
      if (s.starting || attaching === runId) early.set(runId, [...(early.get(runId) ?? []), ...events]);
      return;
    }
    const { state, logs } = reduceReplay(s, events);
    if (logs.length) replayLog.push(logs);
    const ended = (!s.summary && state.summary !== null) || (!s.failure && state.failure !== null);
    set({ ...state, logVersion: logs.length ? s.logVersion + 1 : s.logVersion, ...(ended ? { cancelling: false, reports: {} } : {}) });
    if (ended) void get().loadActivities();
  },
  loadActivities: async () => {
    try {
      set({ activities: await bridge().listActivities() });
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
  attach: async (runId) => {
    attaching = runId;
    early.delete(runId);
    set({ ...emptyReplay(), runId, starting: false, cancelling: false, problem: null, reports: {}, exported: null });
    try {
      const history = await bridge().replayHistory(runId);
      replayLog.clear();
      const pending = early.get(runId) ?? [];
      early.delete(runId);
      attaching = null;
      get().receive(runId, [...history, ...pending]);
      return true;
    } catch (error) {
      attaching = null;
      set({ runId: null, problem: toProblem(error) });
      return false;
    }
  },
  reattach: async () => {
    await get().loadActivities();
    const running = get().activities.find((a) => a.kind === 'replay' && a.status === 'running');
    if (running && get().runId === null && (await get().attach(running.id))) useNav.getState().go('replay');
  },
  connect: () => bridge().onReplayEvents((runId, events) => get().receive(runId, events)),
  start: async (request) => {
    // The previous run stays on screen until the new one has really started: a refused start must not wipe it.
    early.clear();
    set({ starting: true, problem: null });
    try {
      const { runId } = await bridge().startReplay(request);
      replayLog.clear();
      set({ ...emptyReplay(), runId, starting: false, cancelling: false, logVersion: get().logVersion + 1, reports: {}, exported: null });
      const pending = early.get(runId);
      early.clear();
      if (pending) get().receive(runId, pending);
      useNav.getState().go('replay');
      void get().loadActivities();
      return true;
    } catch (error) {
      early.clear();
      set({ starting: false, problem: toProblem(error) });
      return false;
    }
  },
  saveScript: async (request) => {
    try {
      set({ saved: await bridge().saveScript(request), problem: null });
    } catch (error) {
      set({ saved: null, problem: toProblem(error) });
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
