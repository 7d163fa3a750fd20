/**
 * The read-only Azure look-ups of the screens: subscriptions, vaults, instances, recovery points,
 * storage accounts, and the prerequisite checklist (with the one change offered: granting the
 * vault's role). Each takes the session's ARM context; nothing here holds state.
 */
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { storageClient, toArmError } from '../../core/azure/arm-sdk';
import { parseArmId, resourceName } from '../../core/azure/arm-id';
import { parseContainerUrl } from '../../core/azure/container-url';
import type { DataProtectionClient } from '../../core/azure/data-protection';
import type { BackupInstance, BackupJob, Vault } from '../../core/azure/data-protection-types';
import { grantVaultRole } from '../../core/azure/prerequisite-actions';
import { checkPrerequisites, type PrerequisiteReport } from '../../core/azure/prerequisites';
import { UserError } from '../../core/errors';
import type { ContainerView, PrerequisitesView, StorageAccountView } from './azure-api';

/** The storage accounts of a subscription, for the account picker. */
export async function listStorageAccounts(ctx: ArmContext, subscriptionId: string): Promise<StorageAccountView[]> {
  const out: StorageAccountView[] = [];
  try {
    for await (const a of storageClient(ctx, subscriptionId).storageAccounts.list()) {
      if (!a.id || !a.name || !a.primaryEndpoints?.blob) continue;
      out.push({ id: a.id, name: a.name, resourceGroup: parseArmId(a.id, 'storage account id').resourceGroup ?? '', location: a.location ?? '', blobEndpoint: a.primaryEndpoints.blob });
    }
  } catch (err) {
    throw toArmError(err, `listing the storage accounts of subscription ${subscriptionId}`);
  }
  return out.sort((x, y) => x.name.localeCompare(y.name));
}

/** Checks an id names a storage account and returns its parts. */
export function storageAccountIdOf(id: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const p = parseArmId(id, 'storage account id');
  const name = resourceName(p, 'storageAccounts');
  if (!p.resourceGroup || p.provider?.toLowerCase() !== 'microsoft.storage' || !name || p.resources.length !== 1) {
    throw new UserError('bad-argument', `"${id}" is not a storage account id.`, 'Pick the storage account from the list.');
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name };
}

/** The account's blob containers (ARM's list; the pager follows every nextLink), by name. */
export async function listContainers(ctx: ArmContext, accountId: string): Promise<ContainerView[]> {
  const a = storageAccountIdOf(accountId);
  const out: ContainerView[] = [];
  try {
    for await (const c of storageClient(ctx, a.subscriptionId).blobContainers.list(a.resourceGroup, a.name)) {
      if (!c.name) continue;
      const changed = c.lastModifiedTime;
      out.push({ name: c.name, lastModified: changed instanceof Date && !Number.isNaN(changed.getTime()) ? changed.toISOString() : null });
    }
  } catch (err) {
    throw toArmError(err, `listing the containers of ${a.name}`);
  }
  return out.sort((x, y) => x.name.localeCompare(y.name));
}

/** The instance and its vault, refusing anything that is not a PostgreSQL Flexible Server backup. */
export async function instanceAndVault(dp: DataProtectionClient, instanceId: string): Promise<{ instance: BackupInstance; vault: Vault }> {
  const instance = await dp.getInstance(instanceId);
  if (!instance) throw new UserError('bad-argument', 'That backup instance does not protect a PostgreSQL Flexible Server.', 'Pick one of the instances listed for the vault.');
  return { instance, vault: await dp.getVault(instance.vaultId) };
}

/** The checklist as the screen shows it. */
export function prerequisitesView(containerUrl: string, r: PrerequisiteReport, now = new Date()): PrerequisitesView {
  return {
    containerUrl,
    accountName: r.account?.name ?? null,
    checks: r.checks.map((c) => ({ id: c.id, status: c.status, title: c.title, detail: c.detail, ...(c.fix ? { fix: c.fix } : {}) })),
    canGrantRole: r.canGrantRole,
    checkedAt: now.toISOString(),
  };
}

/** Runs the checks for a restore of the instance into the container. */
export async function checkRestore(ctx: ArmContext, dp: DataProtectionClient, instanceId: string, containerUrl: string): Promise<{ report: PrerequisiteReport; vault: Vault; instance: BackupInstance }> {
  const url = parseContainerUrl(containerUrl).url;
  const { instance, vault } = await instanceAndVault(dp, instanceId);
  const sub = parseArmId(instance.id, 'backup instance id').subscriptionId;
  const report = await checkPrerequisites(ctx, { vault, containerUrl: url, subscriptionIds: [sub] });
  return { report, vault, instance };
}

/** Grants the vault's identity its role on the container's account (only when the check failed on it). */
export async function grantRole(ctx: ArmContext, dp: DataProtectionClient, instanceId: string, containerUrl: string): Promise<PrerequisiteReport> {
  const { report, vault } = await checkRestore(ctx, dp, instanceId, containerUrl);
  const role = report.checks.find((c) => c.id === 'vault-role');
  if (role?.status !== 'failed') return report;
  if (!vault.principalId || !report.account) {
    throw new UserError('azure-prerequisites', `Vault ${vault.name} has no managed identity to grant the role to.`, 'Turn on the vault\'s system-assigned identity (Backup vault → Identity), then check again.');
  }
  if (report.canGrantRole === false) {
    throw new UserError('azure-refused', `You may not assign roles on ${report.account.name}.`, 'Ask an Owner or User Access Administrator of the storage account to grant it, as the check describes.');
  }
  await grantVaultRole(ctx, report.account, vault.principalId);
  return (await checkRestore(ctx, dp, instanceId, containerUrl)).report;
}

/** The vault's restore jobs of this instance, newest first. */
export async function vaultRestoreJobs(dp: DataProtectionClient, instanceId: string): Promise<BackupJob[]> {
  const { instance } = await instanceAndVault(dp, instanceId);
  const jobs = await dp.listJobs(instance.vaultId, (j) => /restore/i.test(j.operation) && (!j.backupInstanceId || j.backupInstanceId.toLowerCase() === instance.id.toLowerCase()));
  return jobs.sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? '')).slice(0, 20);
}
