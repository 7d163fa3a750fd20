/** The replay's vocabulary: what the user asks for, the plan the engine makes, and what it reports. */
import type { UserErrorCode } from '../errors';
import type { VerifyResult } from '../verify/types';
import type { Split } from './schedule';

import type { ExistingPolicy, OwnerPolicy } from '../../shared/replay-options';

export type { ExistingPolicy, OwnerPolicy };

export interface ReplayOptions {
  /** Total pg_restore worker budget shared by all databases (default: the machine's cores). */
  jobs: number;
  /** Source database names to restore; undefined = every non-system database in the set. */
  databases?: string[];
  /** Restore Azure-managed/template databases when they are named in `databases`. */
  includeSystem: boolean;
  /** What to do when a target database already exists. */
  existing: ExistingPolicy;
  /** Source name → target name. */
  rename: Record<string, string>;
  owner: OwnerPolicy;
  /** Skip GRANT/REVOKE (pg_restore --no-privileges). */
  noPrivileges: boolean;
  /** Restore each database all-or-nothing (pg_restore --single-transaction; one job per database). */
  singleTransaction: boolean;
  roles: boolean;
  /** Run the `_schema` file (off by default: it duplicates the database dumps). */
  schemaFile: boolean;
  /** Run the `_tablespaces` file (off by default: Flexible Server has no custom tablespaces). */
  tablespacesFile: boolean;
  /** Check every restored database against its archive (objects, rows, sequences); default true. */
  verify?: boolean;
}

export type ErrorCategory = 'benign' | 'ownership' | 'privilege' | 'extension' | 'missing-object' | 'data' | 'server' | 'other';

/** One error reported by pg_restore or psql, classified. */
export interface ReplayError {
  /** TOC entry id (pg_restore) or input line (psql), when known. */
  tocId: number | null;
  /** The TOC entry's description: 'TABLE public.orders', 'ROLE line 12'… */
  item: string;
  message: string;
  command: string | null;
  category: ErrorCategory;
  benign: boolean;
  /** What the category means for the result, in plain words. */
  explanation: string;
}

export type Phase = 'waiting' | 'creating' | 'pre-data' | 'data' | 'post-data' | 'verifying' | 'done';
export type DatabaseStatus = 'pending' | 'running' | 'restored' | 'partial' | 'failed' | 'skipped' | 'cancelled';

export interface DatabaseProgress {
  name: string;
  targetName: string;
  status: DatabaseStatus;
  phase: Phase;
  itemsDone: number;
  itemsTotal: number;
  /** Weighted progress 0..1 (data entries by their size in the archive). */
  fraction: number;
  /** Items being worked on right now, e.g. 'TABLE DATA public.orders'. */
  current: string[];
  elapsedMs: number;
  etaMs: number | null;
  jobs: number;
  errors: number;
}

export interface DatabasePlan {
  name: string;
  targetName: string;
  file: string;
  action: 'restore' | 'skip';
  /** The user asked for it (explicitly, or by default as a non-system database). */
  selected: boolean;
  /** Selected, but its dump cannot be restored (unreadable, truncated, no client): counts as failed. */
  blocked: boolean;
  /** Why it is skipped, or notes on how it will be restored. */
  reasons: string[];
  exists: boolean;
  /** It exists and another pgflex-restore replay is restoring it right now (its guard was seen). */
  replaying: boolean;
  archiveVersion: string | null;
  dataBytes: number;
  client: { path: string; version: string } | null;
  /**
   * The exact pg_restore command line (no secret ever appears in it); with a pre-data pass, the
   * data and post-data one; with the data split, the post-data one.
   */
  command: string[];
  /** The serial `--section=pre-data` pass that runs first, while other databases hold the workers; absent when one pass does it all. */
  preDataCommand?: string[];
  /** With the data split: one pass per group of tables, each on a worker of its own, before `command`. */
  dataCommands?: DataPass[];
  /** The SQL run on the maintenance database before pg_restore: drop (when replacing), create. */
  prepareSql: string[];
  noOwner: boolean;
  /** For a database the plan restores: its place, its workers and why. */
  schedule?: DatabaseSchedule;
}

/** One data group's pass of a split restore: the dump ids its list file names, and its command. */
export interface DataPass {
  /** What the list file is called in `command` (the app writes it to a private temporary folder). */
  listFile: string;
  ids: number[];
  command: string[];
}

/** Where the scheduler put a database, with its estimates (milliseconds from the replay's start). */
export interface DatabaseSchedule {
  /** 1-based: the order in which databases take their workers. */
  order: number;
  /** Workers of its one pass, or of its post-data pass when the data is split. */
  jobs: number;
  /** The data split into groups of TABLE DATA dump ids, each a pass on one worker; null for one pass. */
  split: Split | null;
  startMs: number;
  endMs: number;
  /** Why this many workers and this place, in one line. */
  why: string;
}

export interface FilePlan {
  kind: 'roles' | 'schema' | 'tablespaces';
  file: string | null;
  action: 'run' | 'skip';
  reasons: string[];
  command: string[];
}

/** One step of the commands as run: a label, an optional note, shell lines (never a secret). */
export interface CommandStep {
  label: string;
  note: string | null;
  lines: string[];
}

/** Two or more source databases the plan would restore into one target name. */
export interface NameClash {
  targetName: string;
  sources: string[];
}

/** The restore set a plan was made from: a report must keep its own set's facts. */
export interface PlanSource {
  folder: string;
  /** The marker's time (ISO, UTC) or null when unknown. */
  takenAt: string | null;
  /** The marker's text as written, for the record. */
  markerRaw: string | null;
}

export interface ReplayPlan {
  target: { host: string; port: number; user: string; database: string; sslmode: string };
  source: PlanSource;
  jobs: number;
  /** The scheduler's estimate of the whole replay's length, when it restores anything. */
  estimatedMs?: number;
  /** The psql that runs the setup files and the create statements (null: none found). */
  psqlPath: string | null;
  /** The commands as run, in order, for people (the Plan screen, reports, a saved script). */
  commands: CommandStep[];
  /** Target names two sources would share: the replay refuses to start while there is one. */
  clashes: NameClash[];
  files: FilePlan[];
  databases: DatabasePlan[];
  warnings: string[];
}

export interface DatabaseResult {
  name: string;
  targetName: string;
  status: DatabaseStatus;
  /** Why: skip reason, failure message, or a one-line outcome. */
  reason: string;
  errors: ReplayError[];
  /** The count pg_restore printed in "errors ignored on restore: N". */
  ignoredErrors: number;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The check against the archive, when it ran (restored or partial databases, verify on). */
  verify?: VerifyResult;
  /** The user error that stopped it before pg_restore ran (e.g. 'database-exists'): its code decides the CLI's exit code. */
  problem?: { code: UserErrorCode; message: string; hint: string; details: Record<string, unknown> };
}

export interface FileResult {
  kind: 'roles' | 'schema' | 'tablespaces';
  status: 'restored' | 'partial' | 'failed' | 'skipped' | 'cancelled';
  reason: string;
  errors: ReplayError[];
  durationMs: number;
  /** For roles: what the Flexible-safe transformation removed or changed. */
  changes?: number;
}

export interface ReplaySummary {
  ok: boolean;
  startedAt: string;
  durationMs: number;
  /** The restore set replayed, with its backup time. */
  source: PlanSource;
  target: ReplayPlan['target'];
  roles: FileResult | null;
  files: FileResult[];
  databases: DatabaseResult[];
}

/** Events a running replay emits, in order; the UI and `--json` consume the same stream. */
export type ReplayEvent =
  | { type: 'plan'; plan: ReplayPlan }
  | { type: 'file-start'; kind: FileResult['kind']; file: string }
  | { type: 'file-end'; result: FileResult }
  | { type: 'database-start'; name: string; targetName: string; jobs: number }
  | { type: 'progress'; databases: DatabaseProgress[]; overall: { fraction: number; etaMs: number | null; elapsedMs: number } }
  | { type: 'database-error'; name: string; error: ReplayError }
  | { type: 'database-end'; result: DatabaseResult }
  | { type: 'log'; source: string; line: string }
  | { type: 'summary'; summary: ReplaySummary }
  /** The run could not go on (target refused, database exists…): nothing more follows. */
  | { type: 'failed'; problem: { code: string; message: string; hint: string } };
