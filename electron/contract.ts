/**
 * The one typed API between the renderer and the main process: the views that cross, and the
 * `Api`, `Events` and `Bridge` types derived from the operation table (operations.ts). Main's
 * handlers, the preload bridge, the browser bridge and the renderer's types all derive from it;
 * nothing is typed twice. The renderer imports it as types only. No secret ever appears in a response.
 */
import type { ArgsIn, EVENTS, EventName, OperationName, ResultOf } from './operations';

export type * from './services/azure/azure-api';
import type { UserErrorCode } from './core/errors';
import type { Marker, RestoreFile } from './core/restore-set/types';
import type { ArchiveInfo, TableInfo } from './core/archive/types';
import type { ClientTool } from './core/binaries/types';
import type { SslMode } from './shared/replay-options';
import type { ReplayEvent, ReplayOptions, ReplayPlan, ReplaySummary } from './core/replay/types';

export type { Marker, RestoreFile, ClientTool, ReplayEvent, ReplayOptions, ReplayPlan, ReplaySummary, TableInfo };
export type {
  DatabaseProgress, DatabasePlan, DatabaseResult, FilePlan, FileResult, ReplayError, ErrorCategory,
  DatabaseStatus, Phase, ExistingPolicy, OwnerPolicy,
} from './core/replay/types';

/** A user-facing error as it crosses IPC: what happened, what to do. */
export interface ProblemView {
  code: UserErrorCode;
  message: string;
  hint: string;
}

/** An archive's facts without its (possibly huge) entry list. */
export type ArchiveSummary = Omit<ArchiveInfo, 'entries' | 'tables'> & { entryCount: number; tableCount: number };

export interface InspectedDatabase {
  name: string;
  file: string;
  size: number;
  /** Azure-managed or template database: unticked by default. */
  system: boolean;
  systemReason: string | null;
  archive: ArchiveSummary | null;
  /** Why this dump cannot be restored as is (truncated, foreign, no client can read it). */
  problem: ProblemView | null;
  /** The pg_restore that will read it. */
  client: { path: string; version: string } | null;
}

export interface RestoreSetView {
  folder: string;
  marker: Marker | null;
  files: RestoreFile[];
  databases: InspectedDatabase[];
  roles: RestoreFile | null;
  schema: RestoreFile | null;
  tablespaces: RestoreFile | null;
  unknown: RestoreFile[];
  /** Files a download into the folder has still to bring (read from its partial files when the set opened). */
  stillDownloading: string[];
  /** A download of this app writes or wrote into the folder (what the Files screen replays from). */
  downloaded: boolean;
}

/** One database dump's contents, grouped for display. */
export interface ArchiveContents {
  file: string;
  schemas: Array<{ name: string; counts: Record<string, number>; tables: TableInfo[] }>;
  /** Objects without a schema (extensions, the database itself, large objects…). */
  global: Record<string, number>;
  extensions: string[];
  owners: string[];
}

export interface TextFileView {
  file: string;
  text: string;
  /** True when only the start of a large file is shown. */
  truncated: boolean;
  size: number;
}

export interface RolesPreview {
  file: string;
  original: string;
  transformed: string;
  removed: Array<{ line: number; original: string; replacement: string | null; reason: string }>;
}

export type { SslMode };

/** What the user typed. The password goes to main once and is kept there. */
export type TargetInput =
  | { kind: 'server'; host: string; port: number; user: string; password: string; database: string; sslmode: SslMode }
  | { kind: 'sandbox' };

export interface PreflightCheck {
  id: string;
  label: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

/** A server parameter change the app offers to make on an Azure target: exactly what would change, and whether the user may. */
export interface ServerParameterChange {
  server: string;
  parameter: 'azure.extensions';
  /** The value now, as Azure Resource Manager reports it. */
  from: string;
  to: string;
  /** From the user's permissions on the server ('unknown' when they could not be read). */
  canSet: boolean | 'unknown';
}

/** The checked target as the renderer may see it: an opaque id instead of the password. */
export interface TargetView {
  targetId: string;
  kind: 'server' | 'sandbox';
  host: string;
  port: number;
  user: string;
  database: string;
  serverVersion: string | null;
  checks: PreflightCheck[];
  existingDatabases: string[];
  needsNoOwner: boolean;
  /** Extensions the dumps need that the server's azure.extensions does not allow. */
  extensionsNotAllowed: string[];
  /** Azure targets: the azure.extensions change that would allow them. */
  parameterChange?: ServerParameterChange;
  /** Sandbox only: where its data lives. */
  dataDir?: string;
}

export interface ReplayRequest {
  folder: string;
  targetId: string;
  options: ReplayOptions;
}

export interface RecentSet {
  folder: string;
  openedAt: string;
  takenAt: string | null;
  databases: number;
}

/** The Azure cloud the app signs in to, and a Resource Manager endpoint instead of the cloud's own (null: the cloud's). */
export interface AzureCloudSetting {
  cloud: 'public' | 'usgov' | 'china';
  armEndpoint: string | null;
}

export interface Settings {
  theme: 'light' | 'dark' | 'system';
  /** Changed only through azureSetCloud (a change signs out). */
  azure: AzureCloudSetting;
  /** A folder (or file) holding pg_restore/psql, searched before everything else. */
  clientToolsPath: string | null;
  defaultJobs: number;
  recent: RecentSet[];
}

/** One long-running piece of work main keeps: a replay, an Azure restore job or a download. */
export interface ActivityView {
  id: string;
  kind: 'replay' | 'azure-job' | 'download';
  startedAt: string;
  title: string;
  detail: string;
  status: 'running' | 'succeeded' | 'problems' | 'failed';
}

/** A replay of a folder, as the Files and Restore set screens show it: what it restored (or is restoring) where. */
export interface FolderReplayView {
  runId: string;
  startedAt: string;
  running: boolean;
  target: { host: string; port: number; user: string };
  /** The roles file's part in it: null when it did not run the roles. */
  roles: 'replaying' | 'restored' | 'partial' | 'failed' | 'skipped' | 'cancelled' | null;
  /** The databases it restores; 'replaying' until its result is known. */
  databases: Array<{ name: string; targetName: string; status: 'replaying' | ReplaySummary['databases'][number]['status'] }>;
}

/** Request operations: each is one preload function and one main handler (from the operation table). */
export type Api = { [K in OperationName]: (...args: ArgsIn<K>) => Promise<ResultOf<K>> };

/** Events from main, delivered in batches so a busy replay cannot flood the renderer. */
export type Events = { [K in EventName]: (...args: (typeof EVENTS)[K]['payload']) => void };

/** What the preload exposes as `window.pgflex`: every request, plus one subscribe function per event. */
export type Bridge = Api & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: Events[K]) => () => void;
};
