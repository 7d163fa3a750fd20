/**
 * The Azure part of the renderer ↔ main API: the operations of the Azure screens and the views
 * they return. Types only (plus the operation names and their argument counts), so the renderer
 * can see it through the contract. No view carries a token, a key or a SAS signature: main holds
 * those; the device code is shown on purpose (the user types it at Microsoft's page).
 */
import type { BackupInstance, BackupJob, RecoveryPoint, Vault } from '../../core/azure/data-protection-types';
import type { Fix } from '../../core/azure/prerequisite-advice';
import type { DownloadStatus, FileProgress, TotalProgress } from '../../core/azure/download/types';
import type { UserErrorCode } from '../../core/errors';

export type { BackupInstance, BackupJob, RecoveryPoint, Vault, Fix, FileProgress, TotalProgress };

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

/** The Azure operations: each is one preload function and one main handler. */
export interface AzureApi {
  azureAccount(): Promise<AzureAccountView>;
  azureSignIn(request: AzureSignInRequest): Promise<AzureAccountView>;
  azureSignOut(): Promise<AzureAccountView>;
  azureSubscriptions(): Promise<SubscriptionView[]>;
  azureVaults(subscriptionId: string): Promise<Vault[]>;
  azureInstances(vaultId: string): Promise<BackupInstance[]>;
  /** Points in the window (UTC ISO-8601), newest first. */
  azurePoints(instanceId: string, window: { from: string; to: string }): Promise<RecoveryPoint[]>;
  azureStorageAccounts(subscriptionId: string): Promise<StorageAccountView[]>;
  azureCheckRestore(instanceId: string, containerUrl: string): Promise<PrerequisitesView>;
  /** Grants the vault's identity Storage Blob Data Contributor on the container's account, then checks again. */
  azureGrantRole(instanceId: string, containerUrl: string): Promise<PrerequisitesView>;
  /** Checks again in main, applies the gate, makes the container if asked, validates and sends. */
  azureStartRestore(request: AzureRestoreRequest): Promise<AzureJobView>;
  /** The vault's recent restore jobs for the instance's server (a colleague may have started one in the portal). */
  azureVaultJobs(instanceId: string): Promise<BackupJob[]>;
  /** Tracks a job found in the vault's list. */
  azureTrackJob(jobArmId: string): Promise<AzureJobView>;
  azureStartDownload(request: AzureDownloadRequest): Promise<AzureDownloadView>;
  azureControlDownload(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<AzureDownloadView>;
  /** Every tracked job and download (the truth a reloaded window shows again). */
  azureActivities(): Promise<AzureActivitiesView>;
  /** Forgets a finished job or download (its files stay on disk). */
  azureForget(id: string): Promise<void>;
}

/** How many arguments each Azure operation takes. */
export const AZURE_ARITY = {
  azureAccount: 0, azureSignIn: 1, azureSignOut: 0, azureSubscriptions: 0, azureVaults: 1, azureInstances: 1, azurePoints: 2,
  azureStorageAccounts: 1, azureCheckRestore: 2, azureGrantRole: 2, azureStartRestore: 1, azureVaultJobs: 1, azureTrackJob: 1,
  azureStartDownload: 1, azureControlDownload: 2, azureActivities: 0, azureForget: 1,
} as const satisfies Record<keyof AzureApi, number>;

/** The Azure operation names, as a runtime list. */
export const AZURE_METHODS = Object.keys(AZURE_ARITY) as Array<keyof AzureApi>;
