/** The two changes the product offers to make (after the user confirms): grant the vault's role, make a fresh container. */
import { randomUUID } from 'node:crypto';
import type { ArmContext } from './arm-pipeline';
import { authorizationClient, storageClient, toArmError } from './arm-sdk';
import { CONTAINER_NAME } from './container-url';
import { UserError } from '../errors';
import { ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR, type TargetAccount } from './prerequisites';

/** Grants Storage Blob Data Contributor on the account to the vault's identity. */
export async function grantVaultRole(ctx: ArmContext, account: TargetAccount, principalId: string): Promise<string> {
  try {
    const r = await authorizationClient(ctx, account.subscriptionId).roleAssignments.create(account.id.replace(/^\//, ''), randomUUID(), {
      roleDefinitionId: `/subscriptions/${account.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR}`,
      principalId,
      principalType: 'ServicePrincipal',
      description: 'Azure Backup restore as files (PG Flex Restore)',
    });
    return r.id ?? '';
  } catch (err) {
    throw toArmError(err, 'granting Storage Blob Data Contributor to the vault');
  }
}

/** Creates a container (private access) in the account; refuses a name Azure would reject. */
export async function createContainer(ctx: ArmContext, account: Pick<TargetAccount, 'subscriptionId' | 'resourceGroup' | 'name'>, name: string): Promise<void> {
  if (!CONTAINER_NAME.test(name)) throw new UserError('bad-argument', `"${name}" is not a valid container name.`, 'Use 3–63 lower-case letters, digits and hyphens.');
  try {
    await storageClient(ctx, account.subscriptionId).blobContainers.create(account.resourceGroup, account.name, name, { publicAccess: 'None' });
  } catch (err) {
    throw toArmError(err, `creating container ${name}`);
  }
}
