import { describe, expect, it } from 'vitest';
import { parseArmErrorBody } from '../../../electron/core/azure/azure-errors';
import { parseAzureTime, parseDuration } from '../../../electron/core/azure/azure-time';
import { jobIdOf, vaultIdOf } from '../../../electron/core/azure/arm-id';
import { normalizeStatus, parseInstance, parseJob, parseOperationStatus, parsePage, parseRecoveryPoint, parseVault } from '../../../electron/core/azure/data-protection-parse';
import { parseContainerUrl } from '../../../electron/core/azure/container-url';

const VAULT = '/subscriptions/62b829ee-7936-40c9-a1c9-47a93f9f3965/resourceGroups/TestBkpVaultRG/providers/Microsoft.DataProtection/backupVaults/testBkpVault';
const JOB_GUID = 'c4bd49a1-0645-4eec-b207-feb818962852';

// Shape of a documented job GET (Microsoft's REST how-to), trimmed: duration ISO-8601, subTasks under extendedInfo.
const DOCUMENTED_JOB = {
  properties: {
    backupInstanceId: `${VAULT}/backupInstances/pg-1`, vaultName: 'testBkpVault', backupInstanceFriendlyName: 'pgserver',
    startTime: '2021-08-26T07:12:09.940517Z', endTime: '2021-08-26T07:18:15.6815066Z', operationCategory: 'Restore', operation: 'Restore',
    status: 'Completed', duration: 'PT6M5.7409896S', progressUrl: null, errorDetails: null,
    extendedInfo: {
      dataTransferedInBytes: null,
      sourceRecoverPoint: { recoveryPointID: '3a512290ec6b43d6b9a644869f4a3b38', recoveryPointTime: '2021-08-25T09:03:11.6889015Z' },
      subTasks: [{ taskId: 1, taskName: 'Trigger Restore', taskStatus: 'Completed', taskProgress: null, additionalDetails: null }],
    },
  },
  id: `${VAULT}/backupJobs/3bc62c80-913f-47fa-b829-b7df476682be`, name: '3bc62c80-913f-47fa-b829-b7df476682be',
  type: 'Microsoft.DataProtection/BackupVaults/backupJobs',
};

describe('Data Protection parsers', () => {
  it('reads every status spelling Azure has used, unknown words stay unknown', () => {
    expect(['Inprogress', 'InProgress', 'Started'].map(normalizeStatus)).toEqual(['in-progress', 'in-progress', 'in-progress']);
    expect(['Succeeded', 'Completed'].map(normalizeStatus)).toEqual(['completed', 'completed']);
    expect(normalizeStatus('CompletedWithWarnings')).toBe('completed-with-warnings');
    expect(normalizeStatus('Failed')).toBe('failed');
    expect(normalizeStatus('Cancelled')).toBe('cancelled');
    expect(normalizeStatus('Exploded')).toBe('unknown');
  });

  it('reads 7-digit fractions and treats 0001-01-01 as no time', () => {
    expect(parseAzureTime('2024-04-10T10:30:46.2303875Z')).toBe('2024-04-10T10:30:46.230Z');
    expect(parseAzureTime('2021-07-08T20:59:57Z')).toBe('2021-07-08T20:59:57.000Z');
    expect(parseAzureTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseAzureTime('2024-04-10T12:30:46.1+02:00')).toBe('2024-04-10T10:30:46.100Z');
    expect(parseAzureTime('yesterday')).toBeNull();
  });

  it('reads ISO-8601 and .NET durations', () => {
    expect(parseDuration('PT2M5.65S')).toBe(125_650);
    expect(parseDuration('PT6M5.7409896S')).toBe(365_741);
    expect(parseDuration('00:02:11.97')).toBe(131_970);
    expect(parseDuration('1.02:03:04')).toBe(((24 + 2) * 60 + 3) * 60_000 + 4000);
    expect(parseDuration('P1DT2H')).toBe(26 * 3_600_000);
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
  });

  it('parses a documented completed job', () => {
    const j = parseJob(DOCUMENTED_JOB);
    expect(j).toMatchObject({ status: 'completed', jobId: '3bc62c80-913f-47fa-b829-b7df476682be', durationMs: 365_741, bytesTransferred: null,
      recoveryPointTime: '2021-08-25T09:03:11.688Z', endTime: '2021-08-26T07:18:15.681Z', errors: [] });
    expect(j.subTasks).toEqual([{ id: '1', name: 'Trigger Restore', status: 'completed', statusRaw: 'Completed', additionalDetails: {} }]);
  });

  it('parses a real-traffic running job: InProgress, 0001 end time, no progress', () => {
    const j = parseJob({ ...DOCUMENTED_JOB, properties: { ...DOCUMENTED_JOB.properties, status: 'InProgress', endTime: '0001-01-01T00:00:00Z', duration: '00:00:42.1234567',
      extendedInfo: { subTasks: [{ taskId: 0, taskName: 'Transfer data', taskStatus: 'InProgress', taskProgress: null, additionalDetails: null }] } } });
    expect(j).toMatchObject({ status: 'in-progress', endTime: null, durationMs: 42_123, bytesTransferred: null });
  });

  it('takes the bytes moved from the first sub-task at the end, and a failed job\'s recommended actions', () => {
    const j = parseJob({ ...DOCUMENTED_JOB, properties: { ...DOCUMENTED_JOB.properties, status: 'Failed',
      errorDetails: [{ code: 'UserErrorMSIMissingPermissions', message: 'The vault identity lacks permissions.', recommendedAction: ['Grant Storage Blob Data Contributor to the vault MSI.'], isRetryable: false }],
      extendedInfo: { subTasks: [{ taskId: 0, taskName: 'Transfer data', taskStatus: 'Completed', taskProgress: null, additionalDetails: { DataTransferredInBytes: '31457280' } }] } } });
    expect(j.bytesTransferred).toBe(31_457_280);
    expect(j.status).toBe('failed');
    expect(j.errors).toEqual([{ code: 'UserErrorMSIMissingPermissions', message: 'The vault identity lacks permissions.', recommendedAction: ['Grant Storage Blob Data Contributor to the vault MSI.'] }]);
  });

  it('reads the job id from the operation result as a full ARM path or a GUID', () => {
    const op = parseOperationStatus({ id: 'x', status: 'Succeeded', startTime: '2021-07-08T20:46:52.4110868Z', endTime: '2021-07-08T20:46:56Z',
      properties: { jobId: `${VAULT}/backupJobs/${JOB_GUID}`, objectType: 'OperationJobExtendedInfo' } });
    expect(op).toMatchObject({ status: 'completed', jobId: `${VAULT}/backupJobs/${JOB_GUID}` });
    expect(jobIdOf(op.jobId!)).toEqual({ jobId: JOB_GUID, vaultId: VAULT, id: `${VAULT}/backupJobs/${JOB_GUID}` });
    expect(jobIdOf(JOB_GUID, VAULT).id).toBe(`${VAULT}/backupJobs/${JOB_GUID}`);
    expect(() => jobIdOf(JOB_GUID)).toThrow(/needs its vault/);
    expect(parseOperationStatus({ status: 'Inprogress', endTime: '0001-01-01T00:00:00Z' }).status).toBe('in-progress');
  });

  it('keeps only PostgreSQL Flexible Server instances', () => {
    const pg = { id: `${VAULT}/backupInstances/pg-1`, name: 'pg-1', properties: { friendlyName: 'shop-db', protectionStatus: { status: 'ProtectionConfigured' },
      dataSourceInfo: { datasourceType: 'Microsoft.DBforPostgreSQL/flexibleServers', resourceID: '/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforPostgreSQL/flexibleServers/shop', resourceName: 'shop', resourceLocation: 'westeurope' } } };
    const disk = { id: `${VAULT}/backupInstances/d`, name: 'd', properties: { dataSourceInfo: { datasourceType: 'Microsoft.Compute/disks' } } };
    expect(parseInstance(pg, VAULT)).toMatchObject({ friendlyName: 'shop-db', serverName: 'shop', protectionStatus: 'ProtectionConfigured', location: 'westeurope' });
    expect(parseInstance(disk, VAULT)).toBeNull();
  });

  it('parses vaults (identity) and recovery points, pages by nextLink', () => {
    expect(parseVault({ id: VAULT, name: 'testBkpVault', location: 'westus', identity: { type: 'SystemAssigned', principalId: 'p-1' } }))
      .toMatchObject({ resourceGroup: 'TestBkpVaultRG', subscriptionId: '62b829ee-7936-40c9-a1c9-47a93f9f3965', principalId: 'p-1' });
    const rp = parseRecoveryPoint({ id: `${VAULT}/backupInstances/pg-1/recoveryPoints/8f76`, name: '8f76', properties: { objectType: 'AzureBackupDiscreteRecoveryPoint', recoveryPointId: '8f76ebc4c54847c09455d5785a150ce2',
      recoveryPointTime: '2021-08-29T10:01:50.7749008Z', recoveryPointType: 'Full', retentionTagName: 'Default', recoveryPointDataStoresDetails: [{ type: 'VaultStore' }] } });
    expect(rp).toMatchObject({ recoveryPointId: '8f76ebc4c54847c09455d5785a150ce2', time: '2021-08-29T10:01:50.774Z', dataStores: ['VaultStore'] });
    expect(parsePage({ value: [1, 2], nextLink: 'https://x/next' })).toEqual({ items: [1, 2], nextLink: 'https://x/next' });
    expect(parsePage({ value: [] })).toEqual({ items: [], nextLink: null });
  });

  it('reads ARM error bodies in both shapes', () => {
    expect(parseArmErrorBody({ error: { code: 'UserErrorMaxConcurrentOperationLimitReached', message: 'Too many operations.', details: [{ code: 'x', message: 'Wait for running jobs.' }] } }, 400, 'req-1'))
      .toEqual({ code: 'UserErrorMaxConcurrentOperationLimitReached', message: 'Too many operations. (Wait for running jobs.)', recommendedAction: [], requestId: 'req-1', status: 400, target: undefined });
    expect(parseArmErrorBody('<html>Bad gateway</html>', 502).code).toBe('Http502');
    expect(parseArmErrorBody({ code: 'AuthorizationFailed', message: 'no', recommendedAction: 'Ask an owner.' }, 403).recommendedAction).toEqual(['Ask an owner.']);
  });

  it('checks ARM ids and container URLs, path-style emulator URLs included', () => {
    expect(vaultIdOf(`${VAULT}/backupInstances/pg-1`)).toBe(VAULT);
    expect(() => vaultIdOf('/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d')).toThrow(/not inside a Backup vault/);
    expect(() => vaultIdOf('../../etc')).toThrow(/not an Azure/);
    expect(parseContainerUrl('https://acct.blob.core.windows.net/restores?sv=secret')).toEqual({ url: 'https://acct.blob.core.windows.net/restores', endpoint: 'https://acct.blob.core.windows.net/', container: 'restores' });
    expect(parseContainerUrl('http://127.0.0.1:10000/devstoreaccount1/restores')).toEqual({ url: 'http://127.0.0.1:10000/devstoreaccount1/restores', endpoint: 'http://127.0.0.1:10000/devstoreaccount1/', container: 'restores' });
    expect(() => parseContainerUrl('https://acct.blob.core.windows.net/Bad_Name')).toThrow(/not a valid container name/);
  });
});
