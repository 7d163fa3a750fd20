/**
 * The Azure operations of the app, on the engine in plain Node with the host's parts injected
 * (user-data folder, secret store, opening a link): the Electron main process and the browser
 * bridge run this same code. Every argument is checked here; before a restore is sent, main runs
 * the prerequisite checks again and applies the one gate (electron/shared/restore-gate).
 */
import { isAbsolute, resolve } from 'node:path';
import { fetchAccountKey } from '../../core/azure/account-key';
import { instanceIdOf, jobIdOf, parseArmId } from '../../core/azure/arm-id';
import { parseContainerUrl } from '../../core/azure/container-url';
import { DataProtectionClient } from '../../core/azure/data-protection';
import { createContainer } from '../../core/azure/prerequisite-actions';
import { listSubscriptions } from '../../core/azure/subscriptions';
import { UserError } from '../../core/errors';
import { badArgument, checkBool, checkEnum, checkObject, checkString } from './azure-checks';
import { restoreGate } from '../../shared/restore-gate';
import { ActivityFile } from './activity-file';
import type { AzureApi, AzureSignInRequest } from './azure-api';
import { checkRestore, grantRole, instanceAndVault, listStorageAccounts, prerequisitesView, vaultRestoreJobs } from './azure-browse';
import type { ActivityRegistry } from '../activities/activity-registry';
import { DOWNLOAD, Downloads } from './download-activity';
import { AZURE_JOB, Jobs } from './job-activity';
import { AzureSession, type SessionDeps } from './azure-session';
import { AzureChoicesStore } from './azure-choices';
import { checkAzureTarget, type AzureTargetDeps } from './azure-target';
import { listFlexibleServers } from '../../core/azure/flexible-servers';

export interface AzureDeps extends SessionDeps {
  /** The app's one registry of long-running work: restore jobs and downloads are kinds on it. */
  activities: ActivityRegistry;
  /** The one target check of the app (pre-flight against the opened set), for a flexible server target. */
  checkServer?: AzureTargetDeps['checkServer'];
  /** How often a job is polled at first (grows ×1.5 to a minute); default 10 s. */
  pollIntervalMs?: number;
  /**
   * The folder rule of the app for a download's destination: resolves when the user opened or
   * confirmed it, throws (nothing written) when not. Then `folderUsed` remembers it as opened, so
   * the finished set opens without asking again.
   */
  admitDownloadFolder?: (folder: string) => Promise<void>;
  folderUsed?: (folder: string) => Promise<void>;
}

export interface AzureService {
  api: AzureApi;
  /** Stops watching jobs and stops downloads (their files stay, to be resumed). */
  close(): Promise<void>;
}

const CLOUDS = ['public', 'usgov', 'china'] as const;

const armId = (v: unknown, what: string) => parseArmId(checkString(v, what, { max: 1024 }), what).id;
const subscriptionId = (v: unknown) => parseArmId(`/subscriptions/${checkString(v, 'Subscription id', { max: 64 })}`, 'subscription id').subscriptionId;
const containerUrl = (v: unknown) => parseContainerUrl(checkString(v, 'Container URL', { max: 4096 }).trim());
const localId = (v: unknown) => {
  const t = checkString(v, 'Id', { max: 64 });
  if (!/^[0-9a-f-]{36}$/.test(t)) throw badArgument('That is not an id this app gave out.');
  return t;
};

function isoTime(v: unknown, name: string): string {
  const t = Date.parse(checkString(v, name, { max: 64 }));
  if (Number.isNaN(t)) throw badArgument(`${name} is not a date and time.`);
  return new Date(t).toISOString();
}

function signInRequest(v: unknown): AzureSignInRequest {
  const o = checkObject(v, 'Sign-in', ['method', 'tenant', 'cloud']);
  const tenant = o.tenant === undefined || o.tenant === '' ? undefined : checkString(o.tenant, 'Tenant', { max: 100 }).trim();
  if (tenant !== undefined && !/^[A-Za-z0-9.-]{1,100}$/.test(tenant)) throw badArgument(`"${tenant}" is not a tenant id or domain.`, 'For example contoso.onmicrosoft.com or the tenant GUID.');
  return { method: checkEnum(o.method, 'Sign-in method', ['browser', 'device-code'] as const), tenant, cloud: o.cloud === undefined ? undefined : checkEnum(o.cloud, 'Cloud', CLOUDS) };
}

/** Builds the Azure operations for one app instance. */
export function createAzureService(deps: AzureDeps): AzureService {
  const pollMs = deps.pollIntervalMs ?? 10_000;
  const session = new AzureSession(deps);
  const file = new ActivityFile(deps.userDataDir);
  const save = () => void file.save({ jobs: jobs.works().map((w) => w.ref), downloads: downloads.works().map((w) => w.ref) }).catch(() => undefined);
  const jobs = new Jobs(deps.activities, pollMs, save);
  const downloads = new Downloads(deps.activities, {
    credentials: async () => {
      const ctx = await session.context();
      const subs = await listSubscriptions(ctx).then((l) => l.map((s) => s.subscriptionId)).catch(() => []);
      return { token: await session.storageCredential(), fetchAccountKey: (c) => fetchAccountKey(ctx, c, subs) };
    },
    changed: save,
  });
  // Known work from earlier starts; unfinished jobs are watched again once a context exists.
  const loaded = file.read().then((refs) => {
    jobs.load(refs.jobs);
    downloads.load(refs.downloads);
  });
  let resumed = false;
  const resumeJobs = async () => {
    await loaded;
    if (resumed) return;
    const ctx = await session.context().catch(() => null);
    if (!ctx) return;
    resumed = true;
    jobs.resume(ctx);
  };
  const choices = new AzureChoicesStore();
  const dp = async () => new DataProtectionClient(await session.context(), pollMs);

  const api: AzureApi = {
    azureAccount: () => session.view(),
    azureSignIn: async (req) => session.signIn(signInRequest(req)),
    azureSignOut: () => {
      choices.clear();
      return session.signOut();
    },
    azureSubscriptions: async () => (await listSubscriptions(await session.context())).map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName, state: s.state })),
    azureVaults: async (sub) => (await dp()).listVaults(subscriptionId(sub)),
    async azureInstances(vaultId) {
      const client = await dp();
      const instances = await client.listInstances(armId(vaultId, 'Backup vault id'));
      // Each instance with its newest point, read side by side (a vault protects a handful of servers).
      return Promise.all(instances.map(async (i) => ({ ...i, latestPointTime: await client.listRecoveryPoints(i.id)
        .then((points) => points.map((p) => p.time).filter((t): t is string => t !== null).sort().at(-1) ?? null, () => null) })));
    },
    async azurePoints(instanceId, window) {
      const w = checkObject(window, 'Time period', ['from', 'to']);
      const from = isoTime(w.from, 'From');
      const to = isoTime(w.to, 'To');
      if (from > to) throw badArgument('The time period starts after it ends.', 'Swap the two times.');
      return (await dp()).listRecoveryPoints(instanceIdOf(armId(instanceId, 'backup instance id')), { from, to });
    },
    azureStorageAccounts: async (sub) => listStorageAccounts(await session.context(), subscriptionId(sub)),
    async azureCheckRestore(instanceId, url) {
      const c = containerUrl(url);
      const { report } = await checkRestore(await session.context(), await dp(), instanceIdOf(armId(instanceId, 'backup instance id')), c.url);
      return prerequisitesView(c.url, report);
    },
    async azureGrantRole(instanceId, url) {
      const c = containerUrl(url);
      return prerequisitesView(c.url, await grantRole(await session.context(), await dp(), instanceIdOf(armId(instanceId, 'backup instance id')), c.url));
    },
    async azureStartRestore(request) {
      const r = checkObject(request, 'Restore', ['instanceId', 'recoveryPointId', 'containerUrl', 'createContainer', 'overriddenUnknown']);
      const instanceId = instanceIdOf(armId(r.instanceId, 'backup instance id'));
      const pointId = checkString(r.recoveryPointId, 'Recovery point id', { max: 256 });
      if (!/^[A-Za-z0-9-]+$/.test(pointId)) throw badArgument('That is not a recovery point id.');
      const c = containerUrl(r.containerUrl);
      const create = checkBool(r.createContainer, 'createContainer');
      if (!Array.isArray(r.overriddenUnknown) || r.overriddenUnknown.length > 20) throw badArgument('overriddenUnknown must be a short list of check ids.');
      const overridden = new Set(r.overriddenUnknown.map((x) => checkString(x, 'Check id', { max: 64 })));
      const ctx = await session.context();
      const client = await dp();
      // Checked again here, whatever the screen showed: the gate is the same rule the screen applies.
      const { report, vault, instance } = await checkRestore(ctx, client, instanceId, c.url);
      const gate = restoreGate(report.checks, overridden);
      if (!gate.canSend) {
        const held = report.checks.filter((x) => gate.failed.includes(x.id) || gate.unknownNotOverridden.includes(x.id));
        throw new UserError('azure-prerequisites', `Nothing was sent: ${held.map((x) => `${x.title} (${x.status})`).join('; ')}.`,
          gate.failed.length ? 'Fix the failed checks as shown, then Re-check.' : 'Re-check, or go past the unknown checks knowingly.');
      }
      const point = (await client.listRecoveryPoints(instanceId)).find((p) => p.recoveryPointId === pointId);
      if (!point) throw new UserError('bad-argument', 'That recovery point is no longer in the vault.', 'Pick another recovery point.');
      if (create) {
        if (!report.account) throw new UserError('azure-prerequisites', 'The storage account of the container was not found, so no container could be made.', 'Pick a storage account from the list.');
        await createContainer(ctx, report.account, c.container);
      }
      return jobs.start(ctx, { instanceId, serverName: instance.serverName, recoveryPointId: pointId, recoveryPointTime: point.time, containerUrl: c.url,
        containerArmId: report.account?.containerArmId, location: vault.location });
    },
    azureVaultJobs: async (instanceId) => vaultRestoreJobs(await dp(), instanceIdOf(armId(instanceId, 'backup instance id'))),
    async azureTrackJob(ref) {
      const id = jobIdOf(checkString(ref, 'Job id', { max: 1024 })).id;
      const client = await dp();
      const job = await client.getJob(id);
      const instanceId = job.backupInstanceId ?? '';
      const serverName = instanceId ? (await instanceAndVault(client, instanceId).catch(() => null))?.instance.serverName ?? '' : '';
      await loaded;
      return jobs.track(await session.context(), job, instanceId, serverName);
    },
    async azureStartDownload(request) {
      const r = checkObject(request, 'Download', ['containerUrl', 'folder', 'jobId']);
      const raw = checkString(r.containerUrl, 'Container URL', { max: 8192 }).trim();
      const c = parseContainerUrl(raw);
      const folder = checkString(r.folder, 'Folder', { max: 4096 });
      if (!isAbsolute(folder)) throw badArgument(`Folder "${folder}" is not a full path.`, 'Give the full path of the folder to download into.');
      await loaded;
      await deps.admitDownloadFolder?.(resolve(folder));
      const view = await downloads.start(raw, c.url, resolve(folder));
      await deps.folderUsed?.(resolve(folder));
      if (r.jobId !== undefined) jobs.linkDownload(localId(r.jobId), view.id);
      return view;
    },
    async azureControlDownload(id, action) {
      await loaded;
      return downloads.control(localId(id), checkEnum(action, 'Action', ['pause', 'resume', 'cancel'] as const));
    },
    async azureActivities() {
      await resumeJobs();
      return { jobs: jobs.views(), downloads: downloads.views() };
    },
    async azureForget(id) {
      await loaded;
      const i = localId(id);
      if (!(await jobs.forget(i)) && !(await downloads.forget(i))) throw badArgument('Nothing to forget by that id.');
    },
    azureChoices: async () => choices.get(),
    azureKeepChoices: async (patch) => choices.keep(patch),
    azureFlexibleServers: async (sub) => listFlexibleServers(await session.context(), subscriptionId(sub)),
    async azureCheckTarget(folder, request) {
      const checkServer = deps.checkServer;
      if (!checkServer) throw new UserError('bad-argument', 'This host cannot check targets.', 'Use the app or the browser bridge.');
      return checkAzureTarget({ context: () => session.context(), databaseToken: () => session.databaseToken(), checkServer }, folder, request);
    },
  };

  return {
    api,
    async close() {
      // Jobs stop being watched (Azure's go on); downloads stop, their files kept to be resumed.
      await deps.activities.close([AZURE_JOB, DOWNLOAD]);
      // The ends just recorded (a download completed or cancelled) reach the file before the app goes.
      await file.flushed();
    },
  };
}
