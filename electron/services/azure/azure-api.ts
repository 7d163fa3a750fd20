/**
 * The Azure part of the renderer ↔ main API: the operations of the Azure screens and the views
 * they return. Types only, so the renderer can see it through the contract; the operations
 * themselves are rows of the operation table (electron/operations-azure.ts). No view carries a
 * token, a key or a SAS signature: main holds those; the device code is shown on purpose (the
 * user types it at Microsoft's page).
 */
import type { BackupInstance, BackupJob, RecoveryPoint, Vault } from '../../core/azure/data-protection-types';
import type { Fix } from '../../core/azure/prerequisite-advice';
import type { DownloadStatus, FileProgress, TotalProgress } from '../../core/azure/download/types';
import type { FlexibleServer } from '../../core/azure/flexible-servers';
import type { UserErrorCode } from '../../core/errors';
import type { FileKind } from '../../core/restore-set/types';
import type { SslMode } from '../../shared/replay-options';
import type { Api } from '../../contract';
import type { OperationName } from '../../operations';

export type { BackupInstance, BackupJob, RecoveryPoint, Vault, Fix, FileProgress, TotalProgress };

/** What the user chose on the Azure screens; kept in main for the session, shown again after a reload. */
export interface AzureChoices {
  subscriptionId: string | null;
  vaultId: string | null;
  instanceId: string | null;
  period: '7d' | '30d' | '90d' | 'custom';
  custom: { from: string; to: string } | null;
  pointId: string | null;
  targetMode: 'account' | 'url';
  accountId: string | null;
  newContainer: string;
  pastedUrl: string;
}

/** A backup instance with the time of its newest recovery point (null: none, or Azure gave no readable time). */
export type BackupInstanceView = BackupInstance & { latestPointTime: string | null };

/** A flexible server of the subscription, as the Target screen lists it. */
export type FlexibleServerView = FlexibleServer;

/** A flexible server as the target; with 'entra' main gets the user's database token as the password. */
export interface AzureTargetRequest {
  serverId: string;
  auth: 'entra' | 'password';
  user: string;
  /** The admin's password ('' with 'entra', or to reuse the one main kept from an earlier check). */
  password: string;
  port: number;
  database: string;
  sslmode: SslMode;
}

/** A problem as it crosses to the renderer (same shape as the contract's ProblemView). */
export interface AzureProblem {
  code: UserErrorCode;
  message: string;
  hint: string;
}

/** Who is signed in, and how. */
export interface AzureAccountView {
  status: 'signed-out' | 'signing-in' | 'signed-in';
  /** 'token' when the host gave a bearer token (AZURE_ACCESS_TOKEN): no sign-in, no sign-out. */
  method: 'msal' | 'token' | null;
  username: string | null;
  tenantId: string | null;
  cloud: 'public' | 'usgov' | 'china';
  armEndpoint: string;
  /** While a device code sign-in waits for the user. */
  deviceCode: { userCode: string; verificationUri: string; message: string; expiresAt: string } | null;
  /** Why the last sign-in failed, if it did. */
  problem: AzureProblem | null;
  tenants: Array<{ tenantId: string; displayName: string; guest: boolean }>;
  /** Where downloads go unless the user picks another folder. */
  downloadRoot: string;
  /** A new container name proposed for the next restore (two restores into one container collide). */
  freshContainer: string;
}

export interface AzureSignInRequest {
  method: 'browser' | 'device-code';
  tenant?: string;
  cloud?: 'public' | 'usgov' | 'china';
}

export interface SubscriptionView {
  subscriptionId: string;
  displayName: string;
  state: string;
}

export interface StorageAccountView {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  /** The primary blob endpoint, with a trailing slash (path-style for an emulator). */
  blobEndpoint: string;
}

/** One prerequisite, as the checklist shows it. */
export interface PrerequisiteView {
  id: string;
  status: 'passed' | 'failed' | 'unknown' | 'warning';
  title: string;
  detail: string;
  fix?: Fix;
}

export interface PrerequisitesView {
  containerUrl: string;
  accountName: string | null;
  checks: PrerequisiteView[];
  /** True when the vault identity's role is missing and the user may (or might) grant it. */
  canGrantRole: boolean | 'unknown';
  checkedAt: string;
}

/** What the Restore parameters screen sends. */
export interface AzureRestoreRequest {
  instanceId: string;
  recoveryPointId: string;
  containerUrl: string;
  /** Make the container first (a fresh one per restore is the default). */
  createContainer: boolean;
  /** Unknown checks the user chose to go past, by id. Failed checks cannot be passed. */
  overriddenUnknown: string[];
}

/** A restore job this app started or picked up, tracked in main (it survives a reload and a restart). */
export interface AzureJobView {
  id: string;
  startedAt: string;
  instanceId: string;
  serverName: string;
  recoveryPointTime: string | null;
  containerUrl: string;
  phase: 'validating' | 'submitting' | 'running' | 'completed' | 'failed' | 'stopped';
  /** The job as Azure last reported it (null before Azure named one). */
  job: BackupJob | null;
  problem: AzureProblem | null;
  /** The download started from this job's container, if any. */
  downloadId: string | null;
}

export interface AzureDownloadRequest {
  containerUrl: string;
  /** An absolute folder; created when missing (its parent must exist). */
  folder: string;
  /** The job whose files these are, to link the two. */
  jobId?: string;
}

/** A download of a restore container. */
export interface AzureDownloadView {
  id: string;
  startedAt: string;
  containerUrl: string;
  folder: string;
  /** 'interrupted': the app stopped while it ran; Resume continues from what is on disk. */
  status: DownloadStatus | 'interrupted';
  credential: string | null;
  files: FileProgress[];
  /** What each listed file is (a dump names its database; `system`: Azure-managed, not replayed by default), in the order they are fetched. */
  listed: Array<{ file: string; kind: FileKind; database?: string; system?: true }>;
  /** Files on disk and checked, in the order they finished. */
  finished: string[];
  total: TotalProgress | null;
  /** Blobs left out, and why. */
  skipped: Array<{ blob: string; reason: string }>;
  problem: AzureProblem | null;
  /** Per-file failures. */
  failures: Array<{ file: string; problem: AzureProblem }>;
}

export interface AzureActivitiesView {
  jobs: AzureJobView[];
  downloads: AzureDownloadView[];
}

/** The Azure operations, as the operation table (operations-azure.ts) types them. */
export type AzureApi = { [K in Extract<OperationName, `azure${string}`>]: Api[K] };
