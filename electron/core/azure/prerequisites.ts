/**
 * Checks before a restore is sent (product.md "Prerequisites"): the container's storage account
 * found by its primary blob endpoint, cross-tenant replication, copy scope, network access for the
 * vault, and the vault identity's "Storage Blob Data Contributor" role. A check the signed-in user
 * may not perform (403) is 'unknown', never 'failed'. Each failure says what to change, where and how.
 */
import type { StorageAccount } from '@azure/arm-storage';
import type { ArmContext } from './arm-pipeline';
import { authorizationClient, statusOf, storageClient, toArmError } from './arm-sdk';
import { parseArmId } from './arm-id';
import { parseContainerUrl } from './container-url';
import type { Vault } from './data-protection-types';
import { adviceFor, type Fix } from './prerequisite-advice';
import { mayDo } from './permissions';

/** Role definitions (the same ids in every subscription). */
export const ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const ROLE_STORAGE_BLOB_DATA_OWNER = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b';

export type CheckId = 'storage-account' | 'cross-tenant-replication' | 'copy-scope' | 'network' | 'vault-role' | 'container';
export type CheckStatus = 'passed' | 'failed' | 'unknown' | 'warning';

/** One prerequisite's outcome. */
export interface PrerequisiteCheck {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: Fix;
}

/** The storage account behind the container URL. */
export interface TargetAccount {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  container: string;
  containerUrl: string;
  /** The container's ARM id (the restore request's targetResourceArmId). */
  containerArmId: string;
}

/** All checks. `ok` is false when any check failed; unknown checks only warn. */
export interface PrerequisiteReport {
  ok: boolean;
  account?: TargetAccount;
  checks: PrerequisiteCheck[];
  /** Whether the user may grant the missing role ('unknown' when Azure would not say). */
  canGrantRole: boolean | 'unknown';
}

const norm = (u: string | undefined) => (u ?? '').toLowerCase().replace(/\/+$/, '') + '/';

/** Finds the storage account whose primary blob endpoint serves the container URL (path-style emulator URLs too). */
export async function findStorageAccount(ctx: ArmContext, containerUrl: string, subscriptionIds: string[]): Promise<{ account?: StorageAccount; subscriptionId?: string; denied: string[] }> {
  const c = parseContainerUrl(containerUrl);
  const denied: string[] = [];
  for (const sub of subscriptionIds) {
    try {
      for await (const a of storageClient(ctx, sub).storageAccounts.list()) {
        if (norm(a.primaryEndpoints?.blob) === norm(c.endpoint)) return { account: a, subscriptionId: sub, denied };
      }
    } catch (err) {
      if (statusOf(err) === 403) denied.push(sub);
      else throw toArmError(err, `listing the storage accounts of subscription ${sub}`);
    }
  }
  return { denied };
}

/** Runs every check for a restore of `vault`'s data into `containerUrl`. */
export async function checkPrerequisites(ctx: ArmContext, opts: { vault: Vault; containerUrl: string; subscriptionIds?: string[] }): Promise<PrerequisiteReport> {
  const c = parseContainerUrl(opts.containerUrl);
  const subs = [...new Set([opts.vault.subscriptionId, ...(opts.subscriptionIds ?? [])])];
  const found = await findStorageAccount(ctx, opts.containerUrl, subs);
  const checks: PrerequisiteCheck[] = [];
  if (!found.account?.id) {
    const status: CheckStatus = found.denied.length ? 'unknown' : 'failed';
    checks.push({ id: 'storage-account', status, title: 'Storage account of the container',
      detail: found.denied.length
        ? `You may not list storage accounts in ${found.denied.join(', ')}, so the account serving ${c.endpoint} could not be found.`
        : `No storage account in subscription(s) ${subs.join(', ')} has the blob endpoint ${c.endpoint}.`,
      fix: adviceFor('storage-account', { endpoint: c.endpoint }) });
    return { ok: status !== 'failed', checks, canGrantRole: 'unknown' };
  }
  const a = found.account;
  const id = parseArmId(a.id!, 'storage account id');
  const account: TargetAccount = { id: id.id, name: a.name ?? '', resourceGroup: id.resourceGroup ?? '', subscriptionId: id.subscriptionId, location: a.location ?? '',
    container: c.container, containerUrl: c.url, containerArmId: `${id.id}/blobServices/default/containers/${c.container}` };
  const facts = { account: account.name, group: account.resourceGroup, accountId: account.id, vaultId: opts.vault.id, principalId: opts.vault.principalId ?? '<vault principal id>', vaultName: opts.vault.name };
  checks.push({ id: 'storage-account', status: 'passed', title: 'Storage account of the container', detail: `${account.name} in ${account.resourceGroup} (${account.location}).` });

  checks.push(a.allowCrossTenantReplication === true
    ? { id: 'cross-tenant-replication', status: 'passed', title: 'Cross-tenant replication', detail: 'Allowed.' }
    : a.allowCrossTenantReplication === false
      ? { id: 'cross-tenant-replication', status: 'failed', title: 'Cross-tenant replication', detail: `${account.name} does not allow cross-tenant replication; Azure Backup's restore as files needs it (off by default on accounts made since August 2023).`, fix: adviceFor('cross-tenant-replication', facts) }
      : { id: 'cross-tenant-replication', status: 'unknown', title: 'Cross-tenant replication', detail: 'Azure did not report allowCrossTenantReplication for this account.', fix: adviceFor('cross-tenant-replication', facts) });

  const scope = a.allowedCopyScope;
  checks.push(!scope
    ? { id: 'copy-scope', status: 'passed', title: 'Permitted scope for copy operations', detail: 'From any storage account.' }
    : scope === 'AAD'
      ? { id: 'copy-scope', status: 'warning', title: 'Permitted scope for copy operations', detail: 'Limited to accounts in the same Entra tenant; fine when the vault is in this tenant.', fix: adviceFor('copy-scope', facts) }
      : { id: 'copy-scope', status: 'failed', title: 'Permitted scope for copy operations', detail: `Copies are limited to "${scope}", which blocks the vault's copy.`, fix: adviceFor('copy-scope', facts) });

  checks.push(networkCheck(a, opts.vault, facts));
  const role = await roleCheck(ctx, account, opts.vault, facts);
  checks.push(role.check);
  return { ok: !checks.some((x) => x.status === 'failed'), account, checks, canGrantRole: role.canGrant };
}

function networkCheck(a: StorageAccount, vault: Vault, facts: Record<string, string>): PrerequisiteCheck {
  const rules = a.networkRuleSet;
  const vaultRule = rules?.resourceAccessRules?.some((r) => r.resourceId?.toLowerCase() === vault.id.toLowerCase());
  const title = 'Network access for the vault';
  if (a.publicNetworkAccess === 'Disabled') {
    return { id: 'network', status: 'failed', title, detail: 'Public network access is disabled, so the vault cannot reach the account.', fix: adviceFor('network', facts) };
  }
  if (!rules || rules.defaultAction === 'Allow') return { id: 'network', status: 'passed', title, detail: 'Enabled from all networks.' };
  if (/azureservices/i.test(rules.bypass ?? '')) return { id: 'network', status: 'passed', title, detail: 'Selected networks, with trusted Microsoft services allowed.' };
  if (vaultRule) return { id: 'network', status: 'passed', title, detail: 'Selected networks, with the vault as a resource instance.' };
  return { id: 'network', status: 'failed', title, detail: 'Only selected networks may reach the account, and neither trusted Microsoft services nor the vault are allowed.', fix: adviceFor('network', facts) };
}

async function roleCheck(ctx: ArmContext, account: TargetAccount, vault: Vault, facts: Record<string, string>): Promise<{ check: PrerequisiteCheck; canGrant: boolean | 'unknown' }> {
  const title = "Vault's identity has Storage Blob Data Contributor";
  const canGrant = await mayAssignRoles(ctx, account);
  if (!vault.principalId) {
    return { canGrant, check: { id: 'vault-role', status: 'failed', title, detail: `Vault ${vault.name} has no system-assigned managed identity.`, fix: adviceFor('vault-identity', facts) } };
  }
  try {
    const client = authorizationClient(ctx, account.subscriptionId);
    for await (const ra of client.roleAssignments.listForScope(account.id.replace(/^\//, ''), { filter: `assignedTo('${vault.principalId}')` })) {
      const def = (ra.roleDefinitionId ?? '').toLowerCase();
      if (ra.principalId === vault.principalId && (def.endsWith(ROLE_STORAGE_BLOB_DATA_CONTRIBUTOR) || def.endsWith(ROLE_STORAGE_BLOB_DATA_OWNER))) {
        return { canGrant, check: { id: 'vault-role', status: 'passed', title, detail: `Assigned at ${ra.scope ?? account.id}.` } };
      }
    }
    return { canGrant, check: { id: 'vault-role', status: 'failed', title, detail: `The identity of vault ${vault.name} (${vault.principalId}) holds no Storage Blob Data Contributor role on ${account.name}; the job would fail with UserErrorMSIMissingPermissions.`, fix: adviceFor('vault-role', facts) } };
  } catch (err) {
    if (statusOf(err) === 403) {
      return { canGrant, check: { id: 'vault-role', status: 'unknown', title, detail: `You may not read role assignments on ${account.name}, so whether the vault holds the role is unknown.`, fix: adviceFor('vault-role', facts) } };
    }
    throw toArmError(err, 'reading role assignments');
  }
}

/** Whether the user may write role assignments on the account (from ARM's permissions list). */
function mayAssignRoles(ctx: ArmContext, account: TargetAccount): Promise<boolean | 'unknown'> {
  return mayDo(ctx, { subscriptionId: account.subscriptionId, resourceGroup: account.resourceGroup, provider: 'Microsoft.Storage', type: 'storageAccounts', name: account.name },
    'Microsoft.Authorization/roleAssignments/write');
}
