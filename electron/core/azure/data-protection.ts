/**
 * A small typed client for exactly the Data Protection calls this product makes (product.md
 * "Azure facts"): vaults, PostgreSQL Flexible backup instances, recovery points, validate and
 * trigger restore (long-running, polled through core-lro), and backup jobs.
 */
import { ArmError } from './azure-errors';
import type { ArmContext } from './arm-pipeline';
import { ArmRest } from './arm-rest';
import { instanceIdOf, jobIdOf, parseArmId, vaultIdOf } from './arm-id';
import { parseInstance, parseJob, parseRecoveryPoint, parseVault } from './data-protection-parse';
import type { BackupInstance, BackupJob, OperationResult, RecoveryPoint, Vault } from './data-protection-types';
import type { RestoreRequest } from './restore-request';

/** The Data Protection API version used for every call. */
export const DATA_PROTECTION_API = '2024-04-01';

/** Data Protection over ARM. One instance per signed-in context. */
export class DataProtectionClient {
  private readonly rest: ArmRest;

  constructor(ctx: ArmContext, pollIntervalMs = 10_000) {
    this.rest = new ArmRest(ctx, DATA_PROTECTION_API, pollIntervalMs);
  }

  /** Every vault in a subscription (all pages). */
  async listVaults(subscriptionId: string): Promise<Vault[]> {
    const sub = parseArmId(`/subscriptions/${subscriptionId}`, 'subscription id').subscriptionId;
    const items = await this.rest.all(`/subscriptions/${sub}/providers/Microsoft.DataProtection/backupVaults`, 'listing Backup vaults');
    return items.map(parseVault);
  }

  /** One vault (for its managed identity). */
  async getVault(vaultId: string): Promise<Vault> {
    return parseVault((await this.rest.call('GET', this.rest.url(vaultIdOf(vaultId)), 'reading the Backup vault')).body);
  }

  /** The vault's PostgreSQL Flexible Server backup instances (others are left out). */
  async listInstances(vaultId: string): Promise<BackupInstance[]> {
    const v = vaultIdOf(vaultId);
    const items = await this.rest.all(`${v}/backupInstances`, 'listing backup instances');
    return items.map((i) => parseInstance(i, v)).filter((i): i is BackupInstance => i !== null);
  }

  /** One backup instance. */
  async getInstance(instanceId: string): Promise<BackupInstance | null> {
    const id = instanceIdOf(instanceId);
    return parseInstance((await this.rest.call('GET', this.rest.url(id), 'reading the backup instance')).body, vaultIdOf(id));
  }

  /** Recovery points, newest first, optionally in a time window (server-side `$filter`, then checked here too). */
  async listRecoveryPoints(instanceId: string, window: { from?: string; to?: string } = {}): Promise<RecoveryPoint[]> {
    const id = instanceIdOf(instanceId);
    const filter = [window.from && `startDate eq '${window.from}'`, window.to && `endDate eq '${window.to}'`].filter(Boolean).join(' and ');
    const items = await this.rest.all(`${id}/recoveryPoints`, 'listing recovery points', filter ? { $filter: filter } : {});
    const from = window.from ? Date.parse(window.from) : -Infinity;
    const to = window.to ? Date.parse(window.to) : Infinity;
    return items
      .map(parseRecoveryPoint)
      .filter((p) => p.time === null || (Date.parse(p.time) >= from && Date.parse(p.time) <= to))
      .sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
  }

  /** Asks Azure whether the restore would be accepted; throws ArmError when it would not. */
  async validateRestore(instanceId: string, request: RestoreRequest, signal?: AbortSignal): Promise<OperationResult> {
    const id = instanceIdOf(instanceId);
    const body = { objectType: 'ValidateRestoreRequestObject', restoreRequestObject: request };
    return this.rest.longRunning(`${id}/validateRestore`, body, 'validating the restore', signal);
  }

  /** Sends the restore; returns the operation's result with the job id. */
  async triggerRestore(instanceId: string, request: RestoreRequest, signal?: AbortSignal): Promise<OperationResult> {
    const id = instanceIdOf(instanceId);
    const result = await this.rest.longRunning(`${id}/restore`, request, 'starting the restore', signal);
    if (!result.jobId) throw new ArmError({ code: 'NoJobId', message: 'The restore was accepted but Azure named no job.', recommendedAction: ['Look for the restore job under Backup center → Backup jobs.'], status: 200 }, 'starting the restore');
    return result;
  }

  /** One job, by GUID (with its vault) or ARM path. */
  async getJob(ref: string, vaultId?: string): Promise<BackupJob> {
    const { id } = jobIdOf(ref, vaultId);
    return parseJob((await this.rest.call('GET', this.rest.url(id), 'reading the backup job')).body);
  }

  /** A vault's jobs; the service has no filter, so `keep` filters here. */
  async listJobs(vaultId: string, keep: (j: BackupJob) => boolean = () => true): Promise<BackupJob[]> {
    const items = await this.rest.all(`${vaultIdOf(vaultId)}/backupJobs`, 'listing backup jobs');
    return items.map(parseJob).filter(keep);
  }

}
