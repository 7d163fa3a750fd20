/** Data Protection on the test ARM server: vaults, instances, recovery points, validate/restore (LRO), jobs. */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { armError, paged, type Req, type Res, type ServerContext } from './server';
import { ACCOUNT_ID, CONTRIBUTOR_ROLE, DISK_INSTANCE_ID, INSTANCE_ID, RG, SUB, TENANT, VAULT_ID, VAULT_PRINCIPAL, type JobState, type World } from './world';

const LOCATION = 'westeurope';
const SERVER_ID = `/subscriptions/${SUB}/resourceGroups/rg-db/providers/Microsoft.DBforPostgreSQL/flexibleServers/pgflex-shop`;
const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** `2024-…T…:…:….1234567Z`: ARM's 7 fractional digits. */
export function iso7(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, (_m, ms) => `.${ms}${String(d.getTime() % 9973).padStart(4, '0')}Z`);
}

function netDuration(ms: number): string {
  const s = ms / 1000;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}:${(s % 60).toFixed(7).padStart(10, '0')}`;
}

const vault = () => ({ id: VAULT_ID, name: 'vault-pg', type: 'Microsoft.DataProtection/backupVaults', location: LOCATION, tags: {},
  identity: { type: 'SystemAssigned', principalId: VAULT_PRINCIPAL, tenantId: TENANT },
  properties: { provisioningState: 'Succeeded', storageSettings: [{ datastoreType: 'VaultStore', type: 'LocallyRedundant' }], monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: 'Enabled' } } } });

const instance = (id: string, type: string, name: string, resourceId: string) => ({ id, name: id.split('/').pop(), type: 'Microsoft.DataProtection/backupVaults/backupInstances',
  properties: { friendlyName: name, objectType: 'BackupInstance', provisioningState: 'Succeeded', currentProtectionState: 'ProtectionConfigured', protectionStatus: { status: 'ProtectionConfigured' },
    dataSourceInfo: { datasourceType: type, objectType: 'Datasource', resourceID: resourceId, resourceLocation: LOCATION, resourceName: name, resourceType: type, resourceUri: resourceId } } });

const instances = () => [
  instance(INSTANCE_ID, 'Microsoft.DBforPostgreSQL/flexibleServers', 'pgflex-shop', SERVER_ID),
  instance(DISK_INSTANCE_ID, 'Microsoft.Compute/disks', 'data-01', `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/disks/data-01`),
];

function jobJson(j: JobState): unknown {
  const now = new Date();
  const running = j.status === 'InProgress';
  const elapsed = (j.end ?? now).getTime() - j.start.getTime();
  return { id: j.id, name: j.guid, type: 'Microsoft.DataProtection/backupVaults/backupJobs', properties: {
    activityID: `${randomUUID()}-Restore`, backupInstanceFriendlyName: 'pgflex-shop', backupInstanceId: INSTANCE_ID, dataSourceId: SERVER_ID, dataSourceLocation: LOCATION,
    dataSourceName: 'pgflex-shop', dataSourceSetName: null, dataSourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
    // Real traffic: .NET-style while running, ISO-8601 at the end; endTime 0001-01-01 while running.
    duration: running ? netDuration(elapsed) : `PT${(elapsed / 1000).toFixed(7)}S`,
    endTime: running ? '0001-01-01T00:00:00Z' : iso7(j.end!), startTime: iso7(j.start),
    errorDetails: j.error ? [{ ...j.error, isRetryable: false, innerError: null }] : null,
    extendedInfo: { additionalDetails: {}, recoveryDestination: j.containerUrl, sourceRecoverPoint: { recoveryPointID: j.id.slice(-32), recoveryPointTime: j.recoveryPointTime },
      subTasks: [{ additionalDetails: j.bytes != null ? { DataTransferredInBytes: String(j.bytes) } : null, taskId: 0, taskName: 'Transfer data', taskProgress: null, taskStatus: j.status }] },
    isUserTriggered: true, operation: 'Restore', operationCategory: 'Restore', policyId: `${VAULT_ID}/backupPolicies/pg-daily`, policyName: 'pg-daily', progressEnabled: false, progressUrl: null,
    sourceResourceGroup: 'rg-db', sourceSubscriptionID: SUB, status: j.status, subscriptionId: SUB, supportedActions: [''], vaultName: 'vault-pg',
    sourceDataStoreName: 'VaultStore', destinationDataStoreName: null } };
}

function restoreRequestProblem(w: World, r: unknown): string | null {
  const o = (r ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (o.objectType !== 'AzureBackupRecoveryPointBasedRestoreRequest') return `objectType ${o.objectType} is not supported for this datasource`;
  if (o.sourceDataStoreType !== 'VaultStore') return 'sourceDataStoreType must be VaultStore';
  if (!w.recoveryPoints.some((p) => p.id === o.recoveryPointId)) return `Recovery point ${o.recoveryPointId} was not found`;
  const t = o.restoreTargetInfo ?? {};
  if (t.objectType !== 'RestoreFilesTargetInfo' || t.recoveryOption !== 'FailIfExists' || !t.restoreLocation) return 'restoreTargetInfo must be RestoreFilesTargetInfo with FailIfExists and a restoreLocation';
  if (t.targetDetails?.restoreTargetLocationType !== 'AzureBlobs' || typeof t.targetDetails?.url !== 'string' || typeof t.targetDetails?.filePrefix !== 'string') return 'targetDetails needs url, filePrefix and restoreTargetLocationType AzureBlobs';
  return null;
}

function accepted(req: Req, w: World, op: { result: 'Succeeded' | 'Failed'; jobId?: string; error?: { code: string; message: string } }): Res {
  const opId = Buffer.from(`${randomUUID()};${randomUUID()}`).toString('base64');
  w.operations.set(opId, { polls: 0, ...op });
  const base = `${req.base}/subscriptions/${SUB}/providers/Microsoft.DataProtection/locations/${LOCATION}`;
  return { status: 202, headers: { 'azure-asyncoperation': `${base}/operationStatus/${opId}?api-version=${req.query.get('api-version')}`,
    location: `${base}/operationResults/${opId}?api-version=${req.query.get('api-version')}`, 'retry-after': String(w.retryAfter) } };
}

/** The copy Azure Backup does when the job runs, as the vault's identity: refused the way Azure refuses it. */
async function runCopy(ctx: ServerContext, j: JobState): Promise<void> {
  const w = ctx.world;
  const fail = (code: string, message: string, recommendedAction: string[]) => {
    j.status = 'Failed';
    j.error = { code, message, recommendedAction };
  };
  const role = w.roleAssignments.some((a) => a.principalId === VAULT_PRINCIPAL && ACCOUNT_ID.toLowerCase().startsWith(a.scope.toLowerCase()) && a.roleDefinitionId.endsWith(CONTRIBUTOR_ROLE));
  const prefix = ctx.azurite.endpoint + '/';
  if (!role) {
    fail('UserErrorMSIMissingPermissions', 'The Backup vault managed identity is missing the necessary permissions on the target storage account.',
      ['Assign the Storage Blob Data Contributor role to the Backup vault managed identity on the target storage account and retry the operation.']);
  } else if (w.storage.allowCrossTenantReplication === false) {
    fail('UserErrorCrossTenantOrsPolicyDisabled', 'Cross tenant object replication is disabled on the target storage account.', ['Enable Allow cross-tenant replication on the storage account and retry.']);
  } else if (!j.containerUrl.startsWith(prefix)) {
    fail('UserErrorStorageAccountNotFound', `The target storage account for ${j.containerUrl} was not found.`, ['Check the target container URL.']);
  } else {
    const container = ctx.azurite.service().getContainerClient(j.containerUrl.slice(prefix.length));
    if (!(await container.exists())) {
      fail('UserErrorContainerNotFound', `The target container ${container.containerName} does not exist.`, ['Create the container and retry the restore.']);
    } else if (await container.getBlobClient('backupstarttimestamp').exists()) {
      fail('UserErrorFileAlreadyExists', 'A file with the same name already exists in the target container and recoveryOption is FailIfExists.', ['Restore into an empty container.']);
    } else {
      let bytes = 0;
      for (const name of readdirSync(ctx.restoreSetDir)) {
        await container.getBlockBlobClient(name).uploadFile(join(ctx.restoreSetDir, name));
        bytes += statSync(join(ctx.restoreSetDir, name)).size;
      }
      j.bytes = bytes;
      j.status = 'Completed';
    }
  }
  j.end = new Date();
}

/** Data Protection routes; undefined when the path is not one of them. */
export async function dataProtectionRoute(req: Req, ctx: ServerContext): Promise<Res | undefined> {
  const w = ctx.world;
  const p = req.path;
  const get = req.method === 'GET';
  if (get && eq(p, '/tenants')) return paged(req, [{ id: `/tenants/${TENANT}`, tenantId: TENANT, tenantCategory: 'Home', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' },
    { id: '/tenants/c0ffee00-1111-4222-8333-444455556666', tenantId: 'c0ffee00-1111-4222-8333-444455556666', tenantCategory: 'ProjectedBy', displayName: 'Fabrikam (guest)', defaultDomain: 'fabrikam.onmicrosoft.com' }], 1);
  if (get && eq(p, '/subscriptions')) {
    // The subscriptions of the token's tenant: the other tenants hold none here.
    const mine = !req.who.tenant || req.who.tenant === TENANT;
    return paged(req, mine ? [{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: TENANT, displayName: 'Contoso Production', state: 'Enabled' }] : [], 10);
  }
  if (get && eq(p, `/subscriptions/${SUB}/providers/Microsoft.DataProtection/backupVaults`)) {
    const other = { ...vault(), id: VAULT_ID.replace('vault-pg', 'vault-disks'), name: 'vault-disks' };
    return paged(req, [other, vault()], 1);
  }
  if (get && eq(p, VAULT_ID)) return { status: 200, body: vault() };
  if (get && eq(p, `${VAULT_ID}/backupInstances`)) return paged(req, instances(), 1);
  if (get && eq(p, INSTANCE_ID)) return { status: 200, body: instances()[0] };
  if (get && eq(p, `${INSTANCE_ID}/recoveryPoints`)) {
    const f = req.query.get('$filter') ?? '';
    const start = /startDate eq '([^']+)'/.exec(f)?.[1];
    const end = /endDate eq '([^']+)'/.exec(f)?.[1];
    const points = w.recoveryPoints.filter((rp) => (!start || Date.parse(rp.time) >= Date.parse(start)) && (!end || Date.parse(rp.time) <= Date.parse(end)));
    return paged(req, points.map((rp) => ({ id: `${INSTANCE_ID}/recoveryPoints/${rp.id}`, name: rp.id, type: 'Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints',
      properties: { objectType: 'AzureBackupDiscreteRecoveryPoint', recoveryPointId: rp.id, recoveryPointTime: rp.time, recoveryPointType: 'Full', friendlyName: randomUUID(),
        recoveryPointDataStoresDetails: [{ id: randomUUID(), type: 'VaultStore', creationTime: rp.time, expiryTime: null, metaData: null, visible: true, state: 'COMMITTED', rehydrationExpiryTime: null, rehydrationStatus: null }],
        retentionTagName: 'Default', retentionTagVersion: '638478000000000000', policyName: 'pg-daily', policyVersion: null, expiryTime: null } })), 2);
  }
  if (req.method === 'POST' && eq(p, `${INSTANCE_ID}/validateRestore`)) {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.objectType !== 'ValidateRestoreRequestObject') return armError(400, 'BMSUserErrorInvalidInput', 'Input for validate restore is not in proper format: objectType must be ValidateRestoreRequestObject.');
    const problem = restoreRequestProblem(w, b.restoreRequestObject);
    return accepted(req, w, problem ? { result: 'Failed', error: { code: 'UserErrorInvalidRestoreRequest', message: problem } } : { result: 'Succeeded' });
  }
  if (req.method === 'POST' && eq(p, `${INSTANCE_ID}/restore`)) {
    const problem = restoreRequestProblem(w, req.body);
    if (problem) return armError(400, 'BMSUserErrorInvalidInput', problem);
    const guid = randomUUID();
    const body = req.body as { recoveryPointId: string; restoreTargetInfo: { targetDetails: { url: string } } };
    const rp = w.recoveryPoints.find((x) => x.id === body.recoveryPointId)!;
    const id = `${VAULT_ID}/backupJobs/${guid}`;
    w.jobs.set(guid, { id, guid, status: 'InProgress', start: new Date(), pollsLeft: w.jobPolls, containerUrl: body.restoreTargetInfo.targetDetails.url, recoveryPointTime: rp.time });
    return accepted(req, w, { result: 'Succeeded', jobId: id });
  }
  const op = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.DataProtection\/locations\/[^/]+\/(operationStatus|operationResults)\/([^/]+)$/i.exec(p);
  if (get && op) {
    const o = w.operations.get(op[2]);
    if (!o) return armError(404, 'OperationNotFound', 'The operation was not found.');
    if (op[1].toLowerCase() === 'operationresults') return { status: 204 };
    const start = '2024-04-10T10:31:02.4110868Z';
    // First poll: real traffic's lower-case "Inprogress" with endTime 0001-01-01.
    if (o.polls++ === 0) return { status: 200, headers: { 'retry-after': String(w.retryAfter) }, body: { id: p, name: op[2], status: 'Inprogress', startTime: start, endTime: '0001-01-01T00:00:00Z' } };
    if (o.result === 'Failed') return { status: 200, body: { id: p, name: op[2], status: 'Failed', startTime: start, endTime: iso7(new Date()), error: { ...o.error, details: [] } } };
    return { status: 200, body: { id: p, name: op[2], status: 'Succeeded', startTime: start, endTime: iso7(new Date()), ...(o.jobId ? { properties: { jobId: o.jobId, objectType: 'OperationJobExtendedInfo' } } : {}) } };
  }
  if (get && eq(p, `${VAULT_ID}/backupJobs`)) return paged(req, [...w.jobs.values()].map(jobJson), 2);
  const job = new RegExp(`^${VAULT_ID.replace(/[.]/g, '\\.')}/backupJobs/([0-9a-f-]{36})$`, 'i').exec(p);
  if (get && job) {
    if (w.faults.throttleJobReads > 0) {
      w.faults.throttleJobReads--;
      return { ...armError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read_ObjectId.'), headers: { 'retry-after': String(w.retryAfter) } };
    }
    if (w.faults.unavailableJobReads > 0) {
      w.faults.unavailableJobReads--;
      return { ...armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'), headers: { 'retry-after': String(w.retryAfter) } };
    }
    const j = w.jobs.get(job[1].toLowerCase());
    if (!j) return armError(404, 'UserErrorJobNotFound', `Job ${job[1]} was not found in vault vault-pg.`);
    if (j.status === 'InProgress') {
      if (j.pollsLeft > 0) j.pollsLeft--;
      else await runCopy(ctx, j);
    }
    return { status: 200, body: jobJson(j) };
  }
  return undefined;
}
