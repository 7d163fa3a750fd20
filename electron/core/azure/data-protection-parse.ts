/**
 * Pure parsers from Data Protection JSON to the plain types in data-protection-types.ts, tolerant of
 * the documented examples and of real traffic (status spellings, GUID or ARM-path job ids, 7-digit
 * fractions, .NET durations, 0001-01-01 end times, null sub-task progress). Tested on captured shapes.
 */
import { asActionList } from './azure-errors';
import { parseArmId, resourceName } from './arm-id';
import { parseAzureTime, parseDuration } from './azure-time';
import type { AzureErrorDetail, BackupInstance, BackupJob, JobStatus, JobSubTask, OperationResult, RecoveryPoint, Vault } from './data-protection-types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The datasource type this product restores. */
export const PG_FLEX_DATASOURCE = 'Microsoft.DBforPostgreSQL/flexibleServers';

/** Any status spelling → one of JobStatus. Unknown words stay 'unknown' (shown raw), never guessed done. */
export function normalizeStatus(raw: unknown): JobStatus {
  const s = str(raw).replace(/[\s_-]/g, '').toLowerCase();
  switch (s) {
    case 'inprogress':
    case 'started':
    case 'running':
    case 'accepted':
    case 'notstarted':
      return 'in-progress';
    case 'succeeded':
    case 'completed':
      return 'completed';
    case 'completedwithwarnings':
    case 'partiallysucceeded':
      return 'completed-with-warnings';
    case 'failed':
      return 'failed';
    case 'cancelled':
    case 'canceled':
      return 'cancelled';
    case 'cancelling':
    case 'canceling':
      return 'cancelling';
    default:
      return 'unknown';
  }
}

/** A vault from `GET …/backupVaults`. */
export function parseVault(v: unknown): Vault {
  const o = obj(v);
  const id = parseArmId(str(o.id), 'Backup vault id');
  const identity = obj(o.identity);
  return {
    id: id.id,
    name: str(o.name) || resourceName(id, 'backupVaults') || '',
    location: str(o.location),
    subscriptionId: id.subscriptionId,
    resourceGroup: id.resourceGroup ?? '',
    principalId: opt(identity.principalId),
    identityType: opt(identity.type),
  };
}

/** A backup instance, or null when it protects something other than a PostgreSQL Flexible Server. */
export function parseInstance(v: unknown, vaultId: string): BackupInstance | null {
  const o = obj(v);
  const p = obj(o.properties);
  const ds = obj(p.dataSourceInfo ?? p.datasourceInfo);
  const type = str(ds.datasourceType ?? ds.resourceType);
  if (type.toLowerCase() !== PG_FLEX_DATASOURCE.toLowerCase()) return null;
  const serverId = str(ds.resourceID ?? ds.resourceId ?? ds.resourceUri);
  return {
    id: str(o.id),
    name: str(o.name),
    vaultId,
    friendlyName: str(p.friendlyName) || str(ds.resourceName) || str(o.name),
    datasourceType: type,
    serverId,
    serverName: str(ds.resourceName) || serverId.split('/').pop() || '',
    location: opt(ds.resourceLocation),
    protectionStatus: opt(obj(p.protectionStatus).status) ?? opt(p.currentProtectionState),
  };
}

/** A recovery point from `GET …/recoveryPoints`. */
export function parseRecoveryPoint(v: unknown): RecoveryPoint {
  const o = obj(v);
  const p = obj(o.properties);
  const stores = Array.isArray(p.recoveryPointDataStoresDetails) ? p.recoveryPointDataStoresDetails : [];
  return {
    id: str(o.id),
    recoveryPointId: str(p.recoveryPointId) || str(o.name),
    time: parseAzureTime(p.recoveryPointTime),
    timeRaw: str(p.recoveryPointTime),
    type: opt(p.recoveryPointType),
    retentionTag: opt(p.retentionTagName),
    dataStores: stores.map((s) => str(obj(s).type)).filter(Boolean),
  };
}

/** One `errorDetails[]` entry (or an LRO `error`). */
export function parseErrorDetail(v: unknown): AzureErrorDetail {
  const o = obj(v);
  return {
    code: str(o.code) || 'Unknown',
    message: str(o.message),
    recommendedAction: asActionList(o.recommendedAction ?? o.recommendedActions ?? o.recommendations),
  };
}

function parseSubTask(v: unknown): JobSubTask {
  const o = obj(v);
  const details: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(o.additionalDetails))) details[k] = str(val);
  return { id: str(o.taskId), name: str(o.taskName), status: normalizeStatus(o.taskStatus), statusRaw: str(o.taskStatus), additionalDetails: details };
}

function bytesFrom(ext: Obj, subTasks: JobSubTask[]): number | null {
  const candidates: unknown[] = [ext.dataTransferredInBytes, ext.dataTransferedInBytes];
  for (const t of subTasks) {
    for (const [k, v] of Object.entries(t.additionalDetails)) if (/^datatransfer+edinbytes$/i.test(k)) candidates.push(v);
  }
  for (const c of candidates) {
    const n = typeof c === 'number' ? c : typeof c === 'string' && /^\d+$/.test(c.trim()) ? Number(c) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return null;
}

/** A job from `GET …/backupJobs/{id}` (or one entry of the list). */
export function parseJob(v: unknown): BackupJob {
  const o = obj(v);
  const p = obj(o.properties);
  const ext = obj(p.extendedInfo);
  const subTasks = (Array.isArray(ext.subTasks) ? ext.subTasks : Array.isArray(p.subTasks) ? p.subTasks : []).map(parseSubTask);
  const id = str(o.id);
  const start = parseAzureTime(p.startTime);
  const end = parseAzureTime(p.endTime);
  const status = normalizeStatus(p.status);
  let durationMs = parseDuration(p.duration);
  if (durationMs === null && start) durationMs = (end ? Date.parse(end) : Date.now()) - Date.parse(start);
  return {
    id,
    jobId: str(o.name) || id.split('/').pop() || '',
    status,
    statusRaw: str(p.status),
    operation: str(p.operation ?? p.operationCategory),
    startTime: start,
    // Real traffic sends 0001-01-01 while running; parseAzureTime makes that null.
    endTime: status === 'in-progress' ? null : end,
    durationMs,
    backupInstanceId: opt(p.backupInstanceId),
    backupInstanceName: opt(p.backupInstanceFriendlyName),
    recoveryPointTime: parseAzureTime(obj(ext.sourceRecoverPoint).recoveryPointTime),
    destination: opt(ext.recoveryDestination),
    subTasks,
    bytesTransferred: bytesFrom(ext, subTasks),
    errors: (Array.isArray(p.errorDetails) ? p.errorDetails : []).map(parseErrorDetail),
  };
}

/** The body of an `Azure-AsyncOperation` poll once it ended. */
export function parseOperationStatus(v: unknown): OperationResult {
  const o = obj(v);
  const props = obj(o.properties);
  return {
    status: normalizeStatus(o.status),
    statusRaw: str(o.status),
    jobId: opt(props.jobId),
    error: o.error ? parseErrorDetail(o.error) : undefined,
  };
}

/** `{value:[…], nextLink}` → items + next link (null at the end). */
export function parsePage(v: unknown): { items: unknown[]; nextLink: string | null } {
  const o = obj(v);
  return { items: Array.isArray(o.value) ? o.value : [], nextLink: opt(o.nextLink) ?? null };
}
