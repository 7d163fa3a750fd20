/**
 * Sign-in through the CLI as a user runs it: `azure login --device-code` in a child process
 * against the fake Entra ID on an https port (PGFLEX_AUTHORITY_HOST), the token cache in a 0600
 * file, `azure account` reading it, a guest tenant's token refused by ARM for the home tenant's
 * subscription with the tenant to sign in to, and `azure logout` removing the account for real.
 * Then `download --account-key-from-arm`: the key through ARM's listKeys, the files from Azurite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { startEntraServer, type EntraServer } from '../../support/arm-server/entra-server';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { SUB, TENANT, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';
import { BIN } from '../../support/cli';
import { selfSigned } from '../../support/tls';

const GUEST = 'c0ffee00-1111-4222-8333-444455556666';
const world = new World();
let entraServer: EntraServer;
let arm: ArmServer;
let azurite: Azurite;
let config = '';
let certFile = '';
const dirs: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Array<Record<string, unknown>>;
}

/** Runs the CLI as a child with a clean Azure environment; `onJson` sees each JSON line as it comes. */
function run(args: string[], extraEnv: Record<string, string> = {}, onJson?: (e: Record<string, unknown>) => void): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PGFLEX_CONFIG_DIR: config, PGFLEX_AUTHORITY_HOST: entraServer.origin, PGFLEX_ARM_ENDPOINT: arm.url,
    NODE_EXTRA_CA_CERTS: certFile, ...extraEnv };
  delete env.AZURE_ACCESS_TOKEN;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const json: Array<Record<string, unknown>> = [];
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    pending += b.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      json.push(e);
      onJson?.(e);
    }
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, json })));
}

/** Every token the fake Entra ID handed out: none may show in output. */
function issuedSecrets(): string[] {
  return [...entraServer.entra.accessTokens.keys(), ...entraServer.entra.refreshTokens.keys()];
}

beforeAll(async () => {
  const tls = selfSigned();
  dirs.push(tls.dir);
  certFile = tls.certFile;
  entraServer = await startEntraServer({ username: 'ada@contoso.com', name: 'Ada Lovelace', oid: '11111111-2222-4333-8444-555555555555', tenants: [TENANT, GUEST] }, DEFAULT_CLIENT_ID, tls);
  world.issuers.push(entraServer.entra.armIssuer(CLOUDS.public.scopes.arm));
  azurite = await startAzurite();
  const empty = mkdtempSync(join(tmpdir(), 'pgflex-empty-'));
  dirs.push(empty);
  arm = await startArmServer({ azurite, restoreSetDir: empty, world });
  config = mkdtempSync(join(tmpdir(), 'pgflex-config-'));
  dirs.push(config);
});

afterAll(async () => {
  await arm?.stop();
  await entraServer?.stop();
  await azurite?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('azure login, account and logout through the CLI', () => {
  it('signs in with a device code, keeps the cache in a 0600 file, shows the account, refuses a guest tenant\'s token for the home subscription, and signs out for real', async () => {
    const login = await run(['azure', 'login', '--device-code', '--json'], {}, (e) => {
      if (e.type === 'device-code') entraServer.entra.approveDeviceCode(String(e.userCode), 1); // the user types the code elsewhere
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.json.map((e) => e.type)).toEqual(['device-code', 'signed-in']);
    expect(login.json[0].message).toMatch(/enter the code [0-9A-F]{8}/);
    expect(login.json[1]).toMatchObject({ username: 'ada@contoso.com', tenantId: TENANT, clientId: DEFAULT_CLIENT_ID });
    expect(entraServer.entra.calls.map((c) => c.grant).filter((g) => /device_code/.test(g)).length).toBeGreaterThanOrEqual(2); // polled through authorization_pending

    const cache = join(config, 'azure-token-cache.json');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(config).mode & 0o777).toBe(0o700);
    const [refresh] = [...entraServer.entra.refreshTokens.keys()];
    expect(readFileSync(cache, 'utf8')).toContain(refresh);
    expect(readdirSync(config).sort()).toEqual(['azure-session.json', 'azure-token-cache.json']); // no temp files left

    const account = await run(['azure', 'account', '--json']);
    expect(account.code, account.stderr).toBe(0);
    expect(account.json[0]).toMatchObject({ username: 'ada@contoso.com', tenantId: TENANT, subscriptions: [{ subscriptionId: SUB }] });
    expect((account.json[0].tenants as Array<{ tenantId: string }>).map((t) => t.tenantId)).toEqual([TENANT, GUEST]);
    const human = await run(['azure', 'vaults', '--subscription', SUB]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('vault-pg');

    // A token of the guest tenant for a subscription of the home tenant: ARM's 401, and which tenant to sign in to.
    const wrong = await run(['azure', 'vaults', '--subscription', SUB, '--tenant', GUEST]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('InvalidAuthenticationTokenTenant');
    expect(wrong.stderr).toContain(`belongs to tenant ${TENANT}, but you are signed in to tenant ${GUEST}`);
    expect(wrong.stderr).toContain(`pgflex-restore azure login --tenant ${TENANT}`);

    for (const r of [login, account, human, wrong]) for (const secret of issuedSecrets()) expect(r.stdout + r.stderr).not.toContain(secret);

    const logout = await run(['azure', 'logout', '--json']);
    expect(logout.json[0]).toMatchObject({ type: 'signed-out', accountsRemoved: 1 });
    expect(readFileSync(cache, 'utf8')).not.toContain(refresh);
    const after = await run(['azure', 'account']);
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('Not signed in to Azure');
  });
});

describe('download --account-key-from-arm', () => {
  it('lists the account key through ARM and reads the container with it; a user who may not list keys is told so', async () => {
    const c = azurite.service().getContainerClient('keyed');
    await c.create();
    await c.getBlockBlobClient('backupstarttimestamp').uploadData(Buffer.from('2024-04-10T10:30:46.2303875Z'));
    const folder = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
    dirs.push(folder);
    const owner = world.issue({ user: 'owner' });
    const r = await run(['download', '--container-url', `${azurite.endpoint}/keyed`, '--to', folder, '--account-key-from-arm', '--json'], { AZURE_ACCESS_TOKEN: owner });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.find((e) => e.type === 'credential')).toMatchObject({ method: 'account-key', reason: expect.stringContaining('account key of "devstoreaccount1" fetched through ARM') });
    expect(world.log.some((l) => l.method === 'POST' && /\/storageAccounts\/devstoreaccount1\/listKeys$/.test(l.path) && l.status === 200)).toBe(true);
    expect(readFileSync(join(folder, 'backupstarttimestamp'), 'utf8')).toBe('2024-04-10T10:30:46.2303875Z');
    expect(r.stdout).not.toContain(azurite.key);
    expect(r.stdout).not.toContain(owner);

    const reader = world.issue({ user: 'reader' });
    const denied = await run(['download', '--container-url', `${azurite.endpoint}/keyed`, '--to', mkdtempSync(join(tmpdir(), 'pgflex-dl-')), '--account-key-from-arm'], { AZURE_ACCESS_TOKEN: reader });
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('listKeys');
    expect(denied.stderr).toMatch(/listing the keys of devstoreaccount1/);
  });
});
