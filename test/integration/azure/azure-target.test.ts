/**
 * A flexible server as the replay target, in main: the servers listed from the test ARM server
 * (one per page, so every nextLink is followed), the firewall checked against this machine's
 * address before any connection (blocked: what to add; then allowed), the pre-flight run on a real
 * PostgreSQL with the signed-in user's Entra token for the database scope as the password (the
 * fake Entra plays the server that trusts it), and no response carrying that token.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api, AzureTargetRequest, ReplayEvent } from '../../../electron/contract';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { FakeEntra } from '../../support/arm-server/fake-entra';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { signInByDeviceCode } from '../../support/arm-server/sign-in';
import { SUB, TENANT, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';
import { pgInfo, sql, uniq } from '../../support/pg';

const u = uniq();
const username = `ada_${u}@contoso.com`;
const world = new World();
const entra = new FakeEntra({ username, name: 'Ada', oid: '11111111-2222-4333-8444-555555555555', tenants: [TENANT] }, DEFAULT_CLIENT_ID);
const dbTokens: string[] = [];
let dir: string;
let azurite: Azurite;
let arm: ArmServer;
let services: Services;
const responses: string[] = [];

const call = async <K extends keyof Api>(name: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> => {
  const value = await (services.api[name] as (...a: unknown[]) => Promise<unknown>)(...args);
  responses.push(JSON.stringify(value ?? null));
  return value as Awaited<ReturnType<Api[K]>>;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-aztarget-'));
  await sql('postgres', `CREATE ROLE "${username}" LOGIN CREATEDB`);
  world.issuers.push(entra.armIssuer(CLOUDS.public.scopes.arm));
  // The server trusts this Entra: a database-scope token is the role's password from the moment it is
  // issued until it ends (Azure checks the token when a connection opens; an open session outlives it).
  entra.onAccessToken = async (token, issued) => {
    if (issued.scope !== CLOUDS.public.scopes.postgres) return;
    dbTokens.push(token);
    const until = new Date(Date.now() + entra.accessTokenSeconds * 1000).toISOString();
    await sql('postgres', `ALTER ROLE "${issued.username}" PASSWORD '${token}' VALID UNTIL '${until}'`);
  };
  const restored = world.flexibleServers.find((s) => s.name === 'pgflex-restored')!;
  restored.host = pgInfo().host;
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: resolve('resources/sample'), world });
  services = createServices({
    userDataDir: join(dir, 'user-data'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
    pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
    azure: { armEndpoint: arm.url, networkClient: entra, pollIntervalMs: 50 },
  });
});

afterAll(async () => {
  await services?.dispose();
  await arm?.stop();
  await azurite?.stop();
  await sql('postgres', `DROP ROLE IF EXISTS "${username}"`);
  await rm(dir, { recursive: true, force: true });
});

describe('A flexible server as the target', () => {
  it('lists the servers, says what the firewall lacks, and checks the server with the Entra token', async () => {
    // Signed in with a device code, as the Sign in screen does it.
    const started = await call('azureSignIn', { method: 'device-code' });
    expect(started.status).toBe('signing-in');
    entra.approveDeviceCode(started.deviceCode!.userCode, 0);
    for (let i = 0; i < 200 && (await call('azureAccount')).status !== 'signed-in'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await call('azureAccount')).username).toBe(username);

    world.log.length = 0;
    const servers = await call('azureFlexibleServers', SUB);
    expect(servers.map((s) => `${s.name} ${s.state} ${s.version}`)).toEqual(['pgflex-old Stopped 16', 'pgflex-restored Ready 16', 'pgflex-shop Ready 16']);
    // One server per page: the list and both nextLinks were followed.
    expect(world.log.filter((l) => l.path.endsWith('/Microsoft.DBforPostgreSQL/flexibleServers'))).toHaveLength(3);
    const restored = servers.find((s) => s.name === 'pgflex-restored')!;
    expect(restored).toMatchObject({ host: pgInfo().host, adminLogin: 'pgadmin', entraAuth: true, resourceGroup: 'rg-restore', location: 'West Europe' });

    const request: AzureTargetRequest = { serverId: restored.id, auth: 'entra', user: username, password: '', port: pgInfo().port, database: 'postgres', sslmode: 'disable' };
    // The firewall does not let 127.0.0.1 in: nothing is tried, and the exact rule to add is said.
    const blocked = await call('azureCheckTarget', null, request).catch((e: unknown) => e as { code: string; message: string; hint: string });
    expect(blocked).toMatchObject({ code: 'target-unreachable' });
    expect((blocked as { message: string }).message).toContain(`does not let this machine (${pgInfo().host}) in: it allows office (203.0.113.0–203.0.113.255)`);
    expect((blocked as { hint: string }).hint).toContain(`--resource-group rg-restore --name pgflex-restored --rule-name pgflex-127-0-0-1 --start-ip-address ${pgInfo().host} --end-ip-address ${pgInfo().host}`);
    expect(dbTokens).toHaveLength(0);

    // A stopped server says how to start it.
    const old = servers.find((s) => s.name === 'pgflex-old')!;
    await expect(call('azureCheckTarget', null, { ...request, serverId: old.id })).rejects.toMatchObject({ code: 'target-unreachable', message: expect.stringContaining('is Stopped') });

    world.flexibleServers.find((s) => s.name === 'pgflex-restored')!.firewallRules.push({ name: 'laptop', startIpAddress: pgInfo().host, endIpAddress: pgInfo().host });
    const view = await call('azureCheckTarget', null, request);
    expect(view.checks[0]).toMatchObject({ id: 'firewall', status: 'ok', detail: expect.stringContaining(`laptop (${pgInfo().host}) lets this machine`) });
    expect(view.checks.find((c) => c.id === 'reachable')?.status).toBe('ok');
    expect(view.user).toBe(username);
    expect(dbTokens.length).toBeGreaterThan(0);
    for (const r of responses) for (const t of [...dbTokens, ...entra.accessTokens.keys()]) expect(r).not.toContain(t);
  });

  it('replays with short-lived Entra tokens: the check\'s token has ended, every connection of the replay gets a valid one', async () => {
    entra.accessTokenSeconds = 6;
    const renamed = { shop: `shop_tok_${u}`, inventory: `inventory_tok_${u}` };
    const events: ReplayEvent[] = [];
    // A second app, signed in while Entra hands out six-second tokens.
    const first = services;
    services = createServices({
      userDataDir: join(dir, 'short-tokens'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
      pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
      azure: { armEndpoint: arm.url, networkClient: entra, pollIntervalMs: 50 },
    });
    const off = services.on('replayEvents', (_id, batch) => events.push(...batch));
    try {
      await signInByDeviceCode(services.api, entra);
      const folder = await call('sampleSetPath');
      await call('openSet', folder);
      const [, restored] = await call('azureFlexibleServers', SUB);
      const before = dbTokens.length;
      const view = await call('azureCheckTarget', folder, { serverId: restored.id, auth: 'entra', user: username, password: '', port: pgInfo().port, database: 'postgres', sslmode: 'disable' });
      expect(view.checks.find((c) => c.id === 'reachable')?.status).toBe('ok');
      const checkToken = dbTokens.at(-1)!;
      expect(dbTokens.length).toBeGreaterThan(before);
      // The token of the check ends, as an Entra token does an hour after the Target screen.
      await new Promise((r) => setTimeout(r, 6500));
      const options = { jobs: 2, databases: ['shop', 'inventory'], includeSystem: false, existing: 'fail' as const, rename: renamed, owner: 'no-owner' as const,
        noPrivileges: true, singleTransaction: false, roles: false, schemaFile: false, tablespacesFile: false };
      const { runId } = await call('startReplay', { folder, targetId: view.targetId, options });
      for (let i = 0; i < 600 && !events.some((e) => e.type === 'summary' || e.type === 'failed'); i++) await new Promise((r) => setTimeout(r, 100));
      const summary = events.find((e) => e.type === 'summary');
      expect(summary, JSON.stringify(events.filter((e) => e.type === 'failed' || (e.type === 'log' && /error/i.test(e.line))).slice(0, 5))).toBeDefined();
      expect(summary?.type === 'summary' && summary.summary.databases.filter((d) => d.status !== 'skipped').map((d) => `${d.targetName} ${d.status}`).sort()).toEqual([`${renamed.inventory} restored`, `${renamed.shop} restored`]);
      expect(dbTokens.at(-1)).not.toBe(checkToken);
      expect(runId).toBeTruthy();
      for (const r of [...responses, JSON.stringify(events)]) for (const t of [...dbTokens, ...entra.accessTokens.keys()]) expect(r).not.toContain(t);
    } finally {
      off();
      await services.dispose();
      services = first;
      entra.accessTokenSeconds = 3600;
      for (const db of Object.values(renamed)) await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    }
  });

  it('refuses the Entra option with a host-given ARM token, saying what to use instead', async () => {
    const other = createServices({
      userDataDir: join(dir, 'token-user-data'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
      pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
      azure: { armEndpoint: arm.url, accessToken: world.issue({ user: 'owner' }) },
    });
    try {
      const [, restored] = await other.api.azureFlexibleServers(SUB);
      await expect(other.api.azureCheckTarget(null, { serverId: restored.id, auth: 'entra', user: username, password: '', port: pgInfo().port, database: 'postgres', sslmode: 'disable' }))
        .rejects.toMatchObject({ code: 'azure-signed-out', hint: expect.stringContaining('admin') });
    } finally {
      await other.dispose();
    }
  });

  it('downloads only into a folder the user chose or confirmed: a typed one refused writes nothing', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const other = createServices({
      userDataDir: join(dir, 'download-user-data'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
      pickFolder: async () => null, confirmFolder: async (path, purpose) => (asked.push([path, purpose]), false), chooseExportPath: async () => null, openExternal: async () => undefined,
      azure: { armEndpoint: arm.url, accessToken: world.issue({ user: 'owner' }) },
    });
    try {
      const target = join(dir, 'typed-by-the-page', 'files');
      await expect(other.api.azureStartDownload({ containerUrl: `${azurite.endpoint}/anything`, folder: target }))
        .rejects.toMatchObject({ code: 'bad-argument', message: expect.stringContaining('was not confirmed; nothing was written') });
      expect(asked).toEqual([[target, 'download']]);
      expect(existsSync(target)).toBe(false);
      expect(existsSync(join(dir, 'typed-by-the-page'))).toBe(false);
    } finally {
      await other.dispose();
    }
  });
});
