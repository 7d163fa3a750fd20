/**
 * A small typed client for exactly the Data Protection calls this product makes (product.md
 * "Azure facts"): vaults, PostgreSQL Flexible backup instances, recovery points, validate and
 * trigger restore (long-running, polled through core-lro), and backup jobs.
 */
import { getClient, type Client } from '@azure-rest/core-client';
import { createHttpPoller, type OperationResponse, type RunningOperation } from '@azure/core-lro';
import { ArmError, parseArmErrorBody } from './azure-errors';
import { armBearerPolicy, insecureArm, type ArmContext } from './arm-pipeline';
import { instanceIdOf, jobIdOf, parseArmId, vaultIdOf } from './arm-id';
import { parseInstance, parseJob, parseOperationStatus, parsePage, parseRecoveryPoint, parseVault } from './data-protection-parse';
import type { BackupInstance, BackupJob, OperationResult, RecoveryPoint, Vault } from './data-protection-types';
import type { RestoreRequest } from './restore-request';

/** The Data Protection API version used for every call. */
export const DATA_PROTECTION_API = '2024-04-01';

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  url: string;
}

/** Data Protection over ARM. One instance per signed-in context. */
export class DataProtectionClient {
  private readonly client: Client;

  constructor(private readonly ctx: ArmContext, private readonly pollIntervalMs = 10_000) {
    this.client = getClient(ctx.cloud.armEndpoint, {
      allowInsecureConnection: insecureArm(ctx),
      retryOptions: ctx.retry,
      additionalPolicies: [{ policy: armBearerPolicy(ctx), position: 'perRetry' }],
    });
  }

  /** Every vault in a subscription (all pages). */
  async listVaults(subscriptionId: string): Promise<Vault[]> {
    const sub = parseArmId(`/subscriptions/${subscriptionId}`, 'subscription id').subscriptionId;
    const items = await this.all(`/subscriptions/${sub}/providers/Microsoft.DataProtection/backupVaults`, 'listing Backup vaults');
    return items.map(parseVault);
  }

  /** One vault (for its managed identity). */
  async getVault(vaultId: string): Promise<Vault> {
    return parseVault((await this.call('GET', this.url(vaultIdOf(vaultId)), 'reading the Backup vault')).body);
  }

  /** The vault's PostgreSQL Flexible Server backup instances (others are left out). */
  async listInstances(vaultId: string): Promise<BackupInstance[]> {
    const v = vaultIdOf(vaultId);
    const items = await this.all(`${v}/backupInstances`, 'listing backup instances');
    return items.map((i) => parseInstance(i, v)).filter((i): i is BackupInstance => i !== null);
  }

  /** One backup instance. */
  async getInstance(instanceId: string): Promise<BackupInstance | null> {
    const id = instanceIdOf(instanceId);
    return parseInstance((await this.call('GET', this.url(id), 'reading the backup instance')).body, vaultIdOf(id));
  }

  /** Recovery points, newest first, optionally in a time window (server-side `$filter`, then checked here too). */
  async listRecoveryPoints(instanceId: string, window: { from?: string; to?: string } = {}): Promise<RecoveryPoint[]> {
    const id = instanceIdOf(instanceId);
    const filter = [window.from && `startDate eq '${window.from}'`, window.to && `endDate eq '${window.to}'`].filter(Boolean).join(' and ');
    const items = await this.all(`${id}/recoveryPoints`, 'listing recovery points', filter ? { $filter: filter } : {});
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
    return this.longRunning(`${id}/validateRestore`, body, 'validating the restore', signal);
  }

  /** Sends the restore; returns the operation's result with the job id. */
  async triggerRestore(instanceId: string, request: RestoreRequest, signal?: AbortSignal): Promise<OperationResult> {
    const id = instanceIdOf(instanceId);
    const result = await this.longRunning(`${id}/restore`, request, 'starting the restore', signal);
    if (!result.jobId) throw new ArmError({ code: 'NoJobId', message: 'The restore was accepted but Azure named no job.', recommendedAction: ['Look for the restore job under Backup center → Backup jobs.'], status: 200 }, 'starting the restore');
    return result;
  }

  /** One job, by GUID (with its vault) or ARM path. */
  async getJob(ref: string, vaultId?: string): Promise<BackupJob> {
    const { id } = jobIdOf(ref, vaultId);
    return parseJob((await this.call('GET', this.url(id), 'reading the backup job')).body);
  }

  /** A vault's jobs; the service has no filter, so `keep` filters here. */
  async listJobs(vaultId: string, keep: (j: BackupJob) => boolean = () => true): Promise<BackupJob[]> {
    const items = await this.all(`${vaultIdOf(vaultId)}/backupJobs`, 'listing backup jobs');
    return items.map(parseJob).filter(keep);
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const u = new URL(this.ctx.cloud.armEndpoint + path);
    u.searchParams.set('api-version', DATA_PROTECTION_API);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  }

  private async all(path: string, what: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const out: unknown[] = [];
    let next: string | null = this.url(path, query);
    for (let pages = 0; next; pages++) {
      if (pages > 1000) throw new Error(`More than 1000 pages while ${what}: the server keeps returning nextLink.`);
      const page = parsePage((await this.call('GET', next, what)).body);
      out.push(...page.items);
      next = page.nextLink;
    }
    return out;
  }

  private async call(method: 'GET' | 'POST', url: string, what: string, body?: unknown, signal?: AbortSignal): Promise<Raw> {
    const path = this.client.pathUnchecked(url);
    const res = method === 'GET' ? await path.get({ abortSignal: signal }) : await path.post({ body, abortSignal: signal, contentType: 'application/json' });
    const status = Number(res.status);
    const raw: Raw = { status, headers: res.headers as Record<string, string>, body: res.body, url };
    if (status >= 400) {
      throw new ArmError(parseArmErrorBody(res.body, status, raw.headers['x-ms-request-id'] || raw.headers['x-ms-correlation-request-id']), what);
    }
    return raw;
  }

  private async longRunning(path: string, body: unknown, what: string, signal?: AbortSignal): Promise<OperationResult> {
    const toResponse = (r: Raw, method: string): OperationResponse<unknown> => ({
      flatResponse: r.body,
      rawResponse: { statusCode: r.status, headers: r.headers, body: r.body, request: { method, url: r.url } },
    });
    const lro: RunningOperation<unknown> = {
      sendInitialRequest: async () => toResponse(await this.call('POST', this.url(path), what, body, signal), 'POST'),
      sendPollRequest: async (pollUrl) => toResponse(await this.call('GET', pollUrl, what, undefined, signal), 'GET'),
    };
    let last: unknown;
    const poller = createHttpPoller(lro, {
      intervalInMs: this.pollIntervalMs,
      resourceLocationConfig: 'azure-async-operation',
      resolveOnUnsuccessful: true,
      skipFinalGet: true,
      updateState: (_state, response) => {
        last = response.flatResponse;
      },
    });
    await poller.pollUntilDone({ abortSignal: signal });
    const result = last ? parseOperationStatus(last) : { status: 'completed' as const, statusRaw: 'Succeeded' };
    if (result.status === 'failed' || result.status === 'cancelled') {
      const e = result.error ?? { code: result.statusRaw || 'Failed', message: 'The operation did not succeed.', recommendedAction: [] };
      throw new ArmError({ code: e.code, message: e.message, recommendedAction: e.recommendedAction, status: 200 }, what);
    }
    return result;
  }
}
