/**
 * The operation table: every request the renderer may make (name → argument schema, result type,
 * the events it leads to) and every event main sends. The contract's `Api` and `Bridge` types, the
 * runtime name lists, the argument count and validation (IPC and the browser bridge), the preload
 * bridge and the browser bridge are all derived from here; the handlers live in
 * `electron/services/<domain>/handlers.ts`. A new operation is one entry here plus its handler.
 */
import { z } from 'zod';
import type {
  ActivityView, ArchiveContents, FolderReplayView, ClientTool, ReplayEvent, ReplayPlan, RestoreSetView, RolesPreview, Settings, TargetView, TextFileView,
} from './contract';
import { AZURE_OPERATIONS } from './operations-azure';
import { fileName, folderPath, httpLink, id, op, pgName, replayRequest, reportFormat, settingsPatch, targetInput } from './operation-schemas';

/** One event main sends: its payload, as listener arguments. */
const event = <P extends unknown[]>() => ({ payload: undefined as unknown as P });

/** Events from main, delivered in batches (activities) so a busy replay cannot flood the renderer. */
export const EVENTS = {
  /** A batch of one replay's events: (runId, events). */
  replayEvents: event<[runId: string, events: ReplayEvent[]]>(),
  /** An activity started, changed status or ended. */
  activityChanged: event<[activity: ActivityView]>(),
};

export type EventName = keyof typeof EVENTS;


const runId = id('Run id');
const nothing = z.tuple([]);

export const OPERATIONS = {
  /** Inspects a folder main handed out (dialog, drop, sample, recent) or the user confirmed. */
  openSet: op<RestoreSetView>()(z.tuple([folderPath])),
  /** The folder dialog; the chosen folder may then be opened. Null when cancelled. */
  pickFolder: op<string | null>()(nothing),
  sampleSetPath: op<string>()(nothing),
  archiveContents: op<ArchiveContents>()(z.tuple([folderPath, fileName])),
  readTextFile: op<TextFileView>()(z.tuple([folderPath, fileName])),
  /** The roles file made Flexible-safe for this target (null: an unknown admin). */
  rolesPreview: op<RolesPreview>()(z.tuple([folderPath, id('Target id').nullable()])),
  listTools: op<ClientTool[]>()(nothing),
  /** The folder dialog for the client tools; keeps the choice. Null when cancelled. */
  chooseClientTools: op<Settings | null>()(nothing),
  /** Connects and runs the pre-flight against this restore set (null: none opened yet). */
  checkTarget: op<TargetView>()(z.tuple([folderPath.nullable(), targetInput])),
  planReplay: op<ReplayPlan>()(z.tuple([replayRequest])),
  startReplay: op<{ runId: string }>()(z.tuple([replayRequest]), ['replayEvents', 'activityChanged']),
  cancelReplay: op<void>()(z.tuple([runId]), ['replayEvents', 'activityChanged']),
  retryDatabase: op<void>()(z.tuple([runId, pgName('Database')]), ['replayEvents', 'activityChanged']),
  report: op<string>()(z.tuple([runId, reportFormat])),
  exportReport: op<{ path: string } | null>()(z.tuple([runId, reportFormat])),
  /** Writes the plan's commands as a shell script, with the Flexible-safe roles file beside it; null when the user cancels. */
  saveScript: op<{ path: string; rolesPath: string | null } | null>()(z.tuple([replayRequest])),
  /** Every activity of this app session, newest first (a reloaded window finds its runs here). */
  listActivities: op<ActivityView[]>()(nothing),
  /** The replays of this session that read this folder (a download's databases replayed while it ran show here). */
  folderReplays: op<FolderReplayView[]>()(z.tuple([folderPath])),
  /** A run's events so far (progress compacted, recent log lines), to show it again after a reload. */
  replayHistory: op<ReplayEvent[]>()(z.tuple([runId])),
  getSettings: op<Settings>()(nothing),
  setSettings: op<Settings>()(z.tuple([settingsPatch])),
  openExternal: op<void>()(z.tuple([httpLink])),
  ...AZURE_OPERATIONS,
};

export type OperationName = keyof typeof OPERATIONS;
type Op<K extends OperationName> = (typeof OPERATIONS)[K];

/** The arguments as the renderer sends them. */
export type ArgsIn<K extends OperationName> = z.input<Op<K>['args']>;
/** The arguments after validation, as a handler receives them. */
export type ArgsOut<K extends OperationName> = z.output<Op<K>['args']>;
export type ResultOf<K extends OperationName> = Op<K>['result'];

/** The request names, as a runtime list. */
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** True for a name the renderer may call (an own key of the table, never a prototype member). */
export function isOperation(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(OPERATIONS, name);
}

/** The IPC channel (and browser-bridge path) of a request or event. */
export const channel = (name: OperationName | EventName): string => `pgflex:${name}`;
