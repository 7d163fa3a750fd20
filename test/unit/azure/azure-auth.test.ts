import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AzureAuth } from '../../../electron/core/azure/auth/azure-auth';
import { fileCacheStorage } from '../../../electron/core/azure/auth/cache-storage';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { FakeEntra } from '../../support/arm-server/fake-entra';

const HOME = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GUEST = 'c0ffee00-1111-4222-8333-444455556666';
const OTHER = 'deadbeef-1111-4222-8333-444455556666';
const ARM = CLOUDS.public.scopes.arm;

function setup() {
  const entra = new FakeEntra({ username: 'ada@contoso.com', name: 'Ada', oid: '11111111-2222-4333-8444-555555555555', tenants: [HOME, GUEST] }, DEFAULT_CLIENT_ID);
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'pgflex-msal-')), 'msal-cache.json');
  const make = () => new AzureAuth({ cloud: CLOUDS.public, storage: fileCacheStorage(cacheFile), networkClient: entra });
  return { entra, cacheFile, make };
}

describe('Azure sign-in (msal-node against a fake Entra ID)', () => {
  it('signs in in the browser through a loopback redirect, persists the cache 0600, refreshes silently in a new process', async () => {
    const { entra, cacheFile, make } = setup();
    const opened: string[] = [];
    entra.accessTokenSeconds = 120;
    const account = await make().signInInteractive({ openBrowser: async (url) => {
      opened.push(url);
      await entra.browser(url);
    } });
    expect(account).toMatchObject({ username: 'ada@contoso.com', tenantId: HOME });
    expect(new URL(opened[0]).searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+/);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);

    // A fresh AzureAuth (as a new CLI run) reads the cache; short-lived tokens force a refresh-token grant.
    const auth = make();
    const before = entra.calls.filter((c) => c.grant === 'refresh_token').length;
    const token = await auth.getToken(ARM);
    expect(entra.accessTokens.get(token)).toMatchObject({ tenant: HOME, scope: ARM });
    expect(entra.calls.filter((c) => c.grant === 'refresh_token').length).toBe(before + 1);
  });

  it('switches tenant with the cached account (guest tenant) and explains a tenant the user is not in', async () => {
    const { entra, make } = setup();
    const auth = make();
    await auth.signInInteractive({ openBrowser: (url) => entra.browser(url) });
    const guest = await auth.getToken(ARM, { tenant: GUEST });
    expect(entra.accessTokens.get(guest)?.tenant).toBe(GUEST);
    await expect(auth.getToken(ARM, { tenant: OTHER })).rejects.toMatchObject({ code: 'azure-signed-out', message: expect.stringContaining('AADSTS50020'), hint: expect.stringContaining(`--tenant ${OTHER}`) });
  });

  it('signs in with a device code, polling through authorization_pending', async () => {
    const { entra, make } = setup();
    const auth = make();
    const account = await auth.signInDeviceCode({ onPrompt: (p) => {
      expect(p.message).toContain(p.userCode);
      expect(p.verificationUri).toBe('https://microsoft.com/devicelogin');
      entra.approveDeviceCode(p.userCode, 1);
    } });
    expect(account.username).toBe('ada@contoso.com');
    expect(entra.calls.filter((c) => c.grant.endsWith('device_code')).length).toBe(2);
  });

  it('a refresh that fails is one signed-out error with the reason, not a loop', async () => {
    const { entra, make } = setup();
    const auth = make();
    await auth.signInInteractive({ openBrowser: (url) => entra.browser(url) });
    entra.revokeRefreshTokens();
    const grants = entra.calls.length;
    await expect(auth.getToken(ARM, { forceRefresh: true })).rejects.toMatchObject({ code: 'azure-signed-out', message: expect.stringContaining('AADSTS700082'), hint: expect.stringContaining('azure login') });
    expect(entra.calls.length - grants).toBe(1);
  });

  it('sign-out removes the account and its refresh token from storage', async () => {
    const { entra, cacheFile, make } = setup();
    await make().signInInteractive({ openBrowser: (url) => entra.browser(url) });
    expect(readFileSync(cacheFile, 'utf8')).toContain('fake-rt-');
    expect(await make().signOut()).toBe(1);
    const after = readFileSync(cacheFile, 'utf8');
    expect(after).not.toContain('fake-rt-');
    expect(after).not.toContain('ada@contoso.com');
    await expect(make().getToken(ARM)).rejects.toMatchObject({ code: 'azure-signed-out' });
  });
});
