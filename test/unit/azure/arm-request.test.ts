import { describe, expect, it } from 'vitest';
import { armBearerPolicy, type ArmContext } from '../../../electron/core/azure/arm-pipeline';
import { CLOUDS, resolveCloud } from '../../../electron/core/azure/clouds';
import { buildRestoreRequest } from '../../../electron/core/azure/restore-request';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

describe('clouds', () => {
  it('has each sovereign cloud\'s authority, ARM endpoint, storage suffix and scopes', () => {
    expect(resolveCloud('usgov')).toMatchObject({ authorityHost: 'https://login.microsoftonline.us', armEndpoint: 'https://management.usgovcloudapi.net', storageSuffix: 'core.usgovcloudapi.net',
      scopes: { arm: 'https://management.usgovcloudapi.net/.default' } });
    expect(resolveCloud('china').armEndpoint).toBe('https://management.chinacloudapi.cn');
    expect(CLOUDS.public.scopes.postgres).toBe('https://ossrdbms-aad.database.windows.net/.default');
    expect(resolveCloud('public', 'https://arm.contoso.example/').armEndpoint).toBe('https://arm.contoso.example');
    expect(resolveCloud('public', 'http://127.0.0.1:8443').armEndpoint).toBe('http://127.0.0.1:8443');
    expect(() => resolveCloud('public', 'http://arm.example.com')).toThrow(/neither https nor on this machine/);
    expect(() => resolveCloud('mars')).toThrow(/Unknown cloud/);
  });
});

describe('the ARM bearer policy', () => {
  const ctx: ArmContext = { cloud: resolveCloud('public', 'http://127.0.0.1:9999'), tokens: { getToken: async (scope) => `token-for-${scope}` } };
  const send = async (url: string) => {
    let seen: string | undefined;
    const request = createPipelineRequest({ url, headers: createHttpHeaders() });
    await armBearerPolicy(ctx).sendRequest(request, async (req) => {
      seen = req.headers.get('authorization');
      return { request: req, status: 200, headers: createHttpHeaders() } as PipelineResponse;
    });
    return seen;
  };

  it('sends the ARM-scoped token to the ARM origin only', async () => {
    expect(await send('http://127.0.0.1:9999/subscriptions?api-version=1')).toBe('Bearer token-for-https://management.azure.com/.default');
    // A nextLink or polling URL elsewhere must not receive the token.
    await expect(send('https://evil.example/subscriptions')).rejects.toThrow(/Refusing to send the Azure token/);
  });
});

describe('the restore-as-files request', () => {
  it('has the shape product.md documents, the SAS stripped from the URL', () => {
    expect(buildRestoreRequest({ recoveryPointId: '8f76ebc4c54847c09455d5785a150ce2', containerUrl: 'https://acct.blob.core.windows.net/restore-1?sv=x&sig=secret', location: 'westeurope',
      containerArmId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/restore-1' })).toEqual({
      objectType: 'AzureBackupRecoveryPointBasedRestoreRequest', recoveryPointId: '8f76ebc4c54847c09455d5785a150ce2', sourceDataStoreType: 'VaultStore',
      restoreTargetInfo: { objectType: 'RestoreFilesTargetInfo', recoveryOption: 'FailIfExists', restoreLocation: 'westeurope',
        targetDetails: { url: 'https://acct.blob.core.windows.net/restore-1', filePrefix: 'pgflex', restoreTargetLocationType: 'AzureBlobs',
          targetResourceArmId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/restore-1' } } });
    expect(() => buildRestoreRequest({ recoveryPointId: "x' or 1=1", containerUrl: 'https://a.blob.core.windows.net/c-1', location: 'westeurope' })).toThrow(/not a recovery point id/);
  });
});
