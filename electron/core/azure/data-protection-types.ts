/** What the Data Protection client returns: plain objects, safe to send over IPC and print as JSON. */

/** A Backup vault. */
export interface Vault {
  id: string;
  name: string;
  location: string;
  subscriptionId: string;
  resourceGroup: string;
  /** The system-assigned managed identity the vault restores with (needs a role on the storage account). */
  principalId?: string;
  identityType?: string;
}

/** A protected PostgreSQL Flexible Server in a vault. */
export interface BackupInstance {
  id: string;
  name: string;
  vaultId: string;
  friendlyName: string;
  datasourceType: string;
  /** The server's ARM id. */
  serverId: string;
  serverName: string;
  location?: string;
  protectionStatus?: string;
}

/** One recovery point. */
export interface RecoveryPoint {
  id: string;
  /** The id the restore request wants (`recoveryPointId`). */
  recoveryPointId: string;
  /** UTC, ISO-8601; null when Azure gave none we could read (the raw text is kept). */
  time: string | null;
  timeRaw: string;
  type?: string;
  retentionTag?: string;
  dataStores: string[];
}

/** Job states, from every spelling Azure has used. */
export type JobStatus = 'in-progress' | 'completed' | 'completed-with-warnings' | 'failed' | 'cancelled' | 'cancelling' | 'unknown';

/** True when the job will not change any more. */
export function isTerminal(s: JobStatus): boolean {
  return s === 'completed' || s === 'completed-with-warnings' || s === 'failed' || s === 'cancelled';
}

/** One error Azure attached to a job or an operation. */
export interface AzureErrorDetail {
  code: string;
  message: string;
  recommendedAction: string[];
}

/** A sub-task of a job. */
export interface JobSubTask {
  id: string;
  name: string;
  status: JobStatus;
  statusRaw: string;
  additionalDetails: Record<string, string>;
}

/** A Backup job. */
export interface BackupJob {
  /** Full ARM path; what `azure job` takes to pick it up later. */
  id: string;
  jobId: string;
  status: JobStatus;
  statusRaw: string;
  operation: string;
  startTime: string | null;
  endTime: string | null;
  durationMs: number | null;
  backupInstanceId?: string;
  backupInstanceName?: string;
  recoveryPointTime: string | null;
  destination?: string;
  subTasks: JobSubTask[];
  /** Only at the end: restore jobs report no percentage. */
  bytesTransferred: number | null;
  errors: AzureErrorDetail[];
}

/** The long-running operation's end: what validate/restore returned. */
export interface OperationResult {
  status: JobStatus;
  statusRaw: string;
  /** Only for restore: the job's full ARM path (or a GUID in the documented examples). */
  jobId?: string;
  error?: AzureErrorDetail;
}
