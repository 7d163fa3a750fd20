/**
 * The app's Azure operations in main, called as the renderer calls them (through dispatch),
 * against the test ARM server and a real Azurite: browse, a failed prerequisite fixed by granting
 * the role, the gate in main, a restore job watched to its end, its files downloaded and checked,
 * the job picked up again by a new service (an app restart), and no response carrying a token,
 * the account key or a SAS signature.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../../electron/contract';
import { dispatch } from '../../../electron/services/dispatch';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { ActivityRegistry } from '../../../electron/services/activities/activity-registry';
import { createAzureService, type AzureService } from '../../../electron/services/azure/azure-service';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { INSTANCE_ID, SUB, VAULT_ID, World } from '../../support/arm-server/world';
import { AZURITE_KEY, startAzurite, type Azurite } from '../../support/azurite';
import { makeSource, type Source } from '../../support/restore-set';

let azurite: Azurite;
let arm: ArmServer;
let source: Source;
const world = new World();
const token = world.issue({ user: 'owner' });
const userDataDir = mkdtempSync(join(tmpdir(), 'pgflex-azsvc-'));
const services: AzureService[] = [];
const responses: string[] = [];

function service(accessToken = token): AzureService {
  const s = createAzureService({ activities: new ActivityRegistry(() => undefined), userDataDir, secrets: memorySecretStore(), openExternal: async () => undefined, accessToken, armEndpoint: arm.url, pollIntervalMs: 20 });
  services.push(s);
  return s;
}

/** Calls an operation as the renderer does and keeps the answer for the secrets check. */
async function call<K extends keyof Api>(s: AzureService, name: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> {
  const value = await dispatch(s.api as unknown as Api, name, args, () => undefined);
  responses.push(JSON.stringify(value));
  return value as Awaited<ReturnType<Api[K]>>;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  source = await makeSource([{ name: 'shop', setupSql: 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000);' }]);
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: source.set.outDir, world });
});

// Each case ends its apps: one left watching a job would call ARM during the next case.
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

afterAll(async () => {
  await arm?.stop();
  await azurite?.stop();
  await source?.cluster.stop();
});

describe('Azure services in main', () => {
  it('browses, fixes a failed check, restores past the gate, downloads, and never answers with a secret', async () => {
    const s = service();
    const account = await call(s, 'azureAccount');
    expect(account).toMatchObject({ status: 'signed-in', method: 'token', armEndpoint: arm.url });
    expect((await call(s, 'azureSubscriptions')).map((x) => x.subscriptionId)).toEqual([SUB]);
    const vaults = await call(s, 'azureVaults', SUB);
    expect(vaults.map((v) => v.name).sort()).toEqual(['vault-disks', 'vault-pg']);
    expect((await call(s, 'azureInstances', VAULT_ID)).map((i) => i.id)).toEqual([INSTANCE_ID]);
    const points = await call(s, 'azurePoints', INSTANCE_ID, { from: '2024-04-08T00:00:00Z', to: '2024-04-10T23:59:59Z' });
    expect(points.map((p) => p.time)).toEqual(['2024-04-10T10:30:46.230Z', '2024-04-09T10:30:46.230Z', '2024-04-08T10:30:46.230Z']);
    const accounts = await call(s, 'azureStorageAccounts', SUB);
    expect(accounts.map((a) => a.name)).toEqual(['contosologs', 'devstoreaccount1']);

    const container = `${azurite.endpoint}/pgflex-svc-${Date.now()}`;

    world.roleAssignments = [];
    const failed = await call(s, 'azureCheckRestore', INSTANCE_ID, container);
    expect(failed.checks.find((c) => c.id === 'vault-role')).toMatchObject({ status: 'failed', fix: { az: expect.stringContaining('az role assignment create') } });
    // The gate holds in main too: nothing is sent while a check fails.
    const jobsBefore = world.jobs.size;
    await expect(call(s, 'azureStartRestore', { instanceId: INSTANCE_ID, recoveryPointId: points[0].recoveryPointId, containerUrl: container, createContainer: true, overriddenUnknown: ['vault-role'] }))
      .rejects.toThrow(/Nothing was sent/);
    expect(world.jobs.size).toBe(jobsBefore);
    const fixed = await call(s, 'azureGrantRole', INSTANCE_ID, container);
    expect(fixed.checks.every((c) => c.status === 'passed' || c.status === 'warning')).toBe(true);
    expect(world.roleAssignments).toHaveLength(1);

    const started = await call(s, 'azureStartRestore', { instanceId: INSTANCE_ID, recoveryPointId: points[0].recoveryPointId, containerUrl: container, createContainer: true, overriddenUnknown: [] });
    expect(started).toMatchObject({ serverName: 'pgflex-shop', recoveryPointTime: '2024-04-10T10:30:46.230Z', containerUrl: container });
    const done = await until(() => call(s, 'azureActivities'), (a) => a.jobs.some((j) => j.id === started.id && j.phase === 'completed'), 'the job');
    expect(done.jobs[0].job).toMatchObject({ status: 'completed', bytesTransferred: expect.any(Number) });
    expect((await call(s, 'azureVaultJobs', INSTANCE_ID)).some((j) => j.id === done.jobs[0].job!.id)).toBe(true);

    const folder = join(mkdtempSync(join(tmpdir(), 'pgflex-azdl-')), 'files');
    const dl = await call(s, 'azureStartDownload', { containerUrl: container, folder, jobId: started.id });
    const end = await until(() => call(s, 'azureActivities'), (a) => a.downloads.some((d) => d.id === dl.id && !['listing', 'running'].includes(d.status)), 'the download');
    const view = end.downloads.find((d) => d.id === dl.id)!;
    expect(view.status, JSON.stringify(view.problem)).toBe('completed');
    expect(view.credential).toMatch(/account key/);
    expect(view.finished.sort()).toEqual(readdirSync(source.set.outDir).sort());
    expect(readdirSync(folder).sort()).toEqual(['.pgflex-download.json', ...readdirSync(source.set.outDir)].sort()); // and the download's manifest of finished files
    expect(end.jobs.find((j) => j.id === started.id)!.downloadId).toBe(dl.id);

    // An app restart: the job and the download are offered again from the activity file.
    await s.close();
    const again = service();
    const after = await call(again, 'azureActivities');
    expect(after.jobs.map((j) => j.id)).toContain(started.id);
    expect(after.downloads.find((d) => d.id === dl.id)?.status).toBe('completed');

    // A download stopped at once, then the app restarted: offered as interrupted, and Resume finishes it.
    const folder2 = join(mkdtempSync(join(tmpdir(), 'pgflex-azdl-')), 'files');
    const dl2 = await call(again, 'azureStartDownload', { containerUrl: container, folder: folder2 });
    await call(again, 'azureControlDownload', dl2.id, 'cancel');
    await until(() => call(again, 'azureActivities'), (a) => a.downloads.find((d) => d.id === dl2.id)?.status === 'cancelled', 'the cancel');
    await again.close();
    const third = service();
    expect((await call(third, 'azureActivities')).downloads.find((d) => d.id === dl2.id)?.status).toBe('interrupted');
    await call(third, 'azureControlDownload', dl2.id, 'resume');
    const resumed = await until(() => call(third, 'azureActivities'), (a) => ['completed', 'failed'].includes(a.downloads.find((d) => d.id === dl2.id)!.status), 'the resumed download');
    expect(resumed.downloads.find((d) => d.id === dl2.id)!.status).toBe('completed');
    expect(readdirSync(folder2).filter((f) => !f.startsWith('.')).sort()).toEqual(readdirSync(source.set.outDir).sort());

    for (const text of responses) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(AZURITE_KEY);
      expect(text).not.toMatch(/[?&]sig=/);
    }
  });

  it('says what is wrong with bad arguments, before anything reaches Azure', async () => {
    const s = service();
    const before = world.log.length;
    await expect(call(s, 'azureVaults', '../../etc')).rejects.toThrow(/not an Azure subscription id/);
    await expect(call(s, 'azureCheckRestore', INSTANCE_ID, 'ftp://x/y')).rejects.toThrow(/not a storage URL scheme/);
    await expect(call(s, 'azurePoints', INSTANCE_ID, { from: 'tomorrow', to: '2024-01-01T00:00:00Z' })).rejects.toThrow(/not a date/);
    await expect(call(s, 'azureStartDownload', { containerUrl: `${azurite.endpoint}/abc`, folder: 'relative/path' })).rejects.toThrow(/not a full path/);
    expect(world.log.length).toBe(before);
  });

  it('without a token the app is signed out and every Azure call says to sign in', async () => {
    const s = service('');
    expect(await call(s, 'azureAccount')).toMatchObject({ status: 'signed-out', method: null });
    await expect(call(s, 'azureSubscriptions')).rejects.toThrow(/Not signed in/);
  });
});
