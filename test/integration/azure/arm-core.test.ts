/** The Azure core (Data Protection client, checks, restore tracking) against the test ARM server and a real Azurite. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCloud } from '../../../electron/core/azure/clouds';
import type { ArmContext } from '../../../electron/core/azure/arm-pipeline';
import { staticTokenSource } from '../../../electron/core/azure/auth/static-token';
import { DataProtectionClient } from '../../../electron/core/azure/data-protection';
import { checkPrerequisites } from '../../../electron/core/azure/prerequisites';
import { createContainer, grantVaultRole } from '../../../electron/core/azure/prerequisite-actions';
import { startRestore, type AzureJobEvent } from '../../../electron/core/azure/restore-job';
import { listSubscriptions, listTenants } from '../../../electron/core/azure/subscriptions';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { INSTANCE_ID, SUB, VAULT_ID, VAULT_PRINCIPAL, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';
import { AzureAuth } from '../../../electron/core/azure/auth/azure-auth';
import { memoryCacheStorage } from '../../../electron/core/azure/auth/cache-storage';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { FakeEntra } from '../../support/arm-server/fake-entra';
import { TENANT } from '../../support/arm-server/world';

let azurite: Azurite;
let arm: ArmServer;
let world: World;
const setDir = mkdtempSync(join(tmpdir(), 'pgflex-armset-'));

function ctx(who: 'owner' | 'reader' = 'owner', opts: { expired?: boolean } = {}): ArmContext {
  return { cloud: resolveCloud('public', arm.url), tokens: staticTokenSource(world.issue({ user: who, expired: opts.expired })), retry: { retryDelayInMs: 10, maxRetryDelayInMs: 50 } };
}

beforeAll(async () => {
  writeFileSync(join(setDir, 'backupstarttimestamp'), '2024-04-10T10:30:46.2303875Z');
  writeFileSync(join(setDir, 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_roles.sql'), 'CREATE ROLE app;\n');
  azurite = await startAzurite();
  world = new World();
  arm = await startArmServer({ azurite, restoreSetDir: setDir, world });
});

afterAll(async () => {
  await arm?.stop();
  await azurite?.stop();
});

describe('Data Protection client against the test ARM server', () => {
  it('lists tenants, subscriptions, vaults (paged), only PostgreSQL instances, and points in a window across pages', async () => {
    const c = ctx();
    expect((await listTenants(c)).map((t) => t.category)).toEqual(['Home', 'ProjectedBy']);
    expect((await listSubscriptions(c))[0].subscriptionId).toBe(SUB);
    const dp = new DataProtectionClient(c, 10);
    const vaults = await dp.listVaults(SUB);
    expect(vaults.map((v) => v.name)).toEqual(['vault-disks', 'vault-pg']);
    expect(vaults[1].principalId).toBe(VAULT_PRINCIPAL);
    const instances = await dp.listInstances(VAULT_ID);
    expect(instances.map((i) => i.id)).toEqual([INSTANCE_ID]);
    const all = await dp.listRecoveryPoints(INSTANCE_ID);
    expect(all).toHaveLength(7);
    const window = await dp.listRecoveryPoints(INSTANCE_ID, { from: '2024-04-05T00:00:00Z', to: '2024-04-08T00:00:00Z' });
    expect(window.map((p) => p.time)).toEqual(['2024-04-07T10:30:46.230Z', '2024-04-06T10:30:46.230Z', '2024-04-05T10:30:46.230Z']);
  });

  it('says "sign in again" for a missing or expired token', async () => {
    const noToken: ArmContext = { cloud: resolveCloud('public', arm.url), tokens: { getToken: async () => '' } };
    await expect(new DataProtectionClient(noToken).listVaults(SUB)).rejects.toMatchObject({ code: 'azure-signed-out' });
    await expect(new DataProtectionClient(ctx('owner', { expired: true })).listVaults(SUB))
      .rejects.toMatchObject({ code: 'azure-signed-out', message: expect.stringContaining('ExpiredAuthenticationToken'), hint: expect.stringContaining('azure login'), details: expect.objectContaining({ status: 401 }) });
  });

  it('passes every check when the account is set up, unknown (not failed) for a user who may not read roles', async () => {
    const dp = new DataProtectionClient(ctx(), 10);
    const vault = await dp.getVault(VAULT_ID);
    const url = `${azurite.endpoint}/restores-1`;
    const ok = await checkPrerequisites(ctx(), { vault, containerUrl: url });
    expect(ok.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['storage-account:passed', 'cross-tenant-replication:passed', 'copy-scope:passed', 'network:passed', 'vault-role:passed']);
    expect(ok).toMatchObject({ ok: true, canGrantRole: true, account: { name: 'devstoreaccount1', containerArmId: expect.stringMatching(/blobServices\/default\/containers\/restores-1$/) } });
    const reader = await checkPrerequisites(ctx('reader'), { vault, containerUrl: url });
    expect(reader.checks.find((c) => c.id === 'vault-role')).toMatchObject({ status: 'unknown' });
    expect(reader).toMatchObject({ ok: true, canGrantRole: false });
  });

  it('fails checks with what to change, where and how; grants the role when asked', async () => {
    const dp = new DataProtectionClient(ctx(), 10);
    const vault = await dp.getVault(VAULT_ID);
    const saved = { storage: { ...world.storage }, roles: [...world.roleAssignments] };
    try {
      world.storage.allowCrossTenantReplication = false;
      world.storage.bypass = 'None';
      world.roleAssignments = [];
      const r = await checkPrerequisites(ctx(), { vault, containerUrl: `${azurite.endpoint}/restores-2` });
      expect(r.ok).toBe(false);
      const failed = r.checks.filter((c) => c.status === 'failed');
      expect(failed.map((c) => c.id)).toEqual(['cross-tenant-replication', 'network', 'vault-role']);
      expect(failed[0].fix?.az).toBe('az storage account update -g rg-storage -n devstoreaccount1 --allow-cross-tenant-replication true');
      expect(failed[2].fix?.portal).toContain('Access control (IAM)');
      await grantVaultRole(ctx(), r.account!, vault.principalId!);
      world.storage = saved.storage;
      const again = await checkPrerequisites(ctx(), { vault, containerUrl: `${azurite.endpoint}/restores-2` });
      expect(again.checks.find((c) => c.id === 'vault-role')?.status).toBe('passed');
      await expect(grantVaultRole(ctx('reader'), r.account!, vault.principalId!)).rejects.toMatchObject({ code: 'azure-refused', details: expect.objectContaining({ status: 403, code: 'AuthorizationFailed' }) });
    } finally {
      world.storage = saved.storage;
      world.roleAssignments = saved.roles;
    }
  });

  it('restores into a fresh container and tracks the job through Inprogress, 429 and 503 to the copied files', async () => {
    const c = ctx();
    const dp = new DataProtectionClient(c, 10);
    const vault = await dp.getVault(VAULT_ID);
    const report = await checkPrerequisites(c, { vault, containerUrl: `${azurite.endpoint}/restore-ok` });
    await createContainer(c, report.account!, 'restore-ok');
    const [point] = await dp.listRecoveryPoints(INSTANCE_ID);
    world.faults.throttleJobReads = 1;
    world.faults.unavailableJobReads = 1;
    const events: AzureJobEvent[] = [];
    const job = await startRestore(dp, { instanceId: INSTANCE_ID, recoveryPointId: point.recoveryPointId, containerUrl: report.account!.containerUrl, location: vault.location,
      containerArmId: report.account!.containerArmId, wait: true }, { intervalMs: 5, onEvent: (e) => events.push(e) }).done;
    expect(job).toMatchObject({ status: 'completed', bytesTransferred: 'CREATE ROLE app;\n'.length + 28, errors: [] });
    expect(events.map((e) => e.type).slice(0, 4)).toEqual(['validating', 'validated', 'submitting', 'submitted']);
    expect(events.filter((e) => e.type === 'job').map((e) => (e as { job: { statusRaw: string } }).job.statusRaw)).toEqual(['InProgress', 'InProgress', 'Completed']);
    expect(world.log.filter((l) => /backupJobs/.test(l.path)).map((l) => l.status).slice(0, 3)).toEqual([429, 503, 200]);
    const names: string[] = [];
    for await (const b of azurite.service().getContainerClient('restore-ok').listBlobsFlat()) names.push(b.name);
    expect(names.sort()).toEqual(['b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_roles.sql', 'backupstarttimestamp']);
    // Picked up again later by its ARM path.
    expect((await dp.getJob(job.id)).status).toBe('completed');
  });

  it('a job Azure fails ends failed with its code and recommended action', async () => {
    const c = ctx();
    const dp = new DataProtectionClient(c, 10);
    const saved = [...world.roleAssignments];
    world.roleAssignments = [];
    try {
      await createContainer(c, { subscriptionId: SUB, resourceGroup: 'rg-storage', name: 'devstoreaccount1' }, 'restore-noperm');
      const job = await startRestore(dp, { instanceId: INSTANCE_ID, recoveryPointId: world.recoveryPoints[0].id, containerUrl: `${azurite.endpoint}/restore-noperm`, location: 'westeurope', wait: true }, { intervalMs: 5 }).done;
      expect(job.status).toBe('failed');
      expect(job.errors[0]).toMatchObject({ code: 'UserErrorMSIMissingPermissions', recommendedAction: [expect.stringContaining('Storage Blob Data Contributor')] });
    } finally {
      world.roleAssignments = saved;
    }
  });
});

describe('restore as an activity', () => {
  it('started rejects and a failed event is emitted once when Azure refuses the request', async () => {
    const dp = new DataProtectionClient(ctx(), 10);
    const events: AzureJobEvent[] = [];
    const a = startRestore(dp, { instanceId: INSTANCE_ID, recoveryPointId: 'ffffffffffffffffffffffffffffffff', containerUrl: `${azurite.endpoint}/restore-never`, location: 'westeurope', wait: true },
      { intervalMs: 5, onEvent: (e) => events.push(e) });
    await expect(a.started).rejects.toMatchObject({ code: 'azure-refused', message: expect.stringContaining('was not found') });
    await expect(a.done).rejects.toMatchObject({ code: 'azure-refused' });
    expect(events.map((e) => e.type)).toEqual(['validating', 'failed']);
  });

  it('cancel stops watching a running job', async () => {
    const dp = new DataProtectionClient(ctx(), 10);
    await createContainer(ctx(), { subscriptionId: SUB, resourceGroup: 'rg-storage', name: 'devstoreaccount1' }, 'restore-cancel');
    world.jobPolls = 1000;
    try {
      const events: AzureJobEvent[] = [];
      const a = startRestore(dp, { instanceId: INSTANCE_ID, recoveryPointId: world.recoveryPoints[1].id, containerUrl: `${azurite.endpoint}/restore-cancel`, location: 'westeurope', wait: true },
        { intervalMs: 5, onEvent: (e) => {
          events.push(e);
          if (e.type === 'job') a.cancel();
        } });
      expect(await a.started).toMatch(/\/backupJobs\/[0-9a-f-]{36}$/);
      await expect(a.done).rejects.toMatchObject({ code: 'cancelled' });
      expect(events.filter((e) => e.type === 'job')).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'cancelled' } });
    } finally {
      world.jobPolls = 2;
    }
  });
});

describe('signed in with msal, talking to ARM', () => {
  it('lists vaults with the signed-in token of the right tenant; another tenant\'s token is refused', async () => {
    const guest = 'c0ffee00-1111-4222-8333-444455556666';
    const entra = new FakeEntra({ username: 'ada@contoso.com', name: 'Ada', oid: '11111111-2222-4333-8444-555555555555', tenants: [TENANT, guest] }, DEFAULT_CLIENT_ID);
    world.issuers.push(entra.armIssuer(CLOUDS.public.scopes.arm));
    const auth = new AzureAuth({ cloud: CLOUDS.public, storage: memoryCacheStorage(), networkClient: entra });
    await auth.signInInteractive({ openBrowser: (url) => entra.browser(url) });
    const signedIn: ArmContext = { cloud: resolveCloud('public', arm.url), tokens: auth.tokenSource() };
    expect((await new DataProtectionClient(signedIn).listVaults(SUB)).map((v) => v.name)).toContain('vault-pg');
    const inGuest: ArmContext = { cloud: resolveCloud('public', arm.url), tokens: auth.tokenSource(guest) };
    const refused = await new DataProtectionClient(inGuest).listVaults(SUB).catch((e) => e);
    expect(refused).toMatchObject({ code: 'azure-signed-out', details: expect.objectContaining({ code: 'InvalidAuthenticationTokenTenant', status: 401 }) });
    expect(refused.message).toContain(`belongs to tenant ${TENANT}, but you are signed in to tenant ${guest}`);
    expect(refused.hint).toBe(`Sign in to that tenant: pgflex-restore azure login --tenant ${TENANT}`);
  });
});
