/**
 * The cloud and the ARM endpoint as a setting, in main: hostile endpoints refused with the reason,
 * a loopback test endpoint kept in settings.json and used by every Azure call of the session,
 * a change of cloud signing out (the token cache emptied, the account's choices forgotten), and a
 * new app start reading the setting back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { memorySecretStore, type SecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { FakeEntra } from '../../support/arm-server/fake-entra';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { leaks, watchSecrets } from '../../support/arm-server/secret-watch';
import { signInByDeviceCode } from '../../support/arm-server/sign-in';
import { SUB, TENANT, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';

const world = new World();
const entra = new FakeEntra({ username: 'kim@contoso.com', name: 'Kim', oid: '44444444-5555-4666-8777-888888888888', tenants: [TENANT] }, DEFAULT_CLIENT_ID);
let dir: string;
let azurite: Azurite;
let arm: ArmServer;
const secrets: SecretStore = memorySecretStore();
const apps: Services[] = [];

function app(): Services {
  const s = createServices({
    userDataDir: join(dir, 'user-data'), sampleSetPath: resolve('resources/sample'), secrets,
    pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
    azure: { networkClient: entra },
  });
  apps.push(s);
  return s;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-azcloud-'));
  world.issuers.push(entra.armIssuer(CLOUDS.public.scopes.arm));
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: resolve('resources/sample'), world });
});

afterAll(async () => {
  for (const a of apps) await a.dispose();
  await arm?.stop();
  await azurite?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the Azure cloud as a setting', () => {
  it('refuses hostile endpoints, uses a saved one for every call, and signs out when the cloud changes', async () => {
    const services = app();
    const watch = watchSecrets(services);
    const s = { api: watch.api };
    expect(await s.api.azureAccount()).toMatchObject({ cloud: 'public', armEndpoint: 'https://management.azure.com', armEndpointSource: 'cloud' });
    for (const [bad, why] of [
      ['http://arm.example.com', /neither https nor on this machine/], ['https://user:secret@management.azure.com', /user name or password/],
      ['javascript:alert(1)', /neither https nor on this machine/], ['https://management.azure.com/?x=1', /query or fragment/], ['not a url', /not a plain address/],
    ] as const) {
      await expect(s.api.azureSetCloud({ cloud: 'public', armEndpoint: bad })).rejects.toMatchObject({ code: 'bad-argument', message: expect.stringMatching(why) });
    }
    await expect(s.api.azureSetCloud({ cloud: 'mars' as 'public', armEndpoint: null })).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(s.api.setSettings({ azure: { cloud: 'public', armEndpoint: 'https://evil.example' } } as never)).rejects.toMatchObject({ code: 'bad-argument' });
    expect((await s.api.getSettings()).azure).toEqual({ cloud: 'public', armEndpoint: null });

    // Nobody signed in: saving says so (signedOut false) and the endpoint is in use at once.
    const saved = await s.api.azureSetCloud({ cloud: 'public', armEndpoint: `${arm.url}/` });
    expect(saved).toMatchObject({ signedOut: false, account: { armEndpoint: arm.url, armEndpointSource: 'setting' } });
    expect((await s.api.getSettings()).azure).toEqual({ cloud: 'public', armEndpoint: arm.url });

    await signInByDeviceCode(s.api, entra);
    world.log.length = 0;
    expect((await s.api.azureSubscriptions()).map((x) => x.subscriptionId)).toEqual([SUB]);
    expect(world.log.some((l) => l.path === '/subscriptions')).toBe(true);
    await s.api.azureKeepChoices({ subscriptionId: SUB });
    expect(await secrets.get('azure-token-cache')).not.toBeNull();

    // Another cloud: the sign-in is ended (tokens gone), the choices too, and Azure calls say to sign in.
    const moved = await s.api.azureSetCloud({ cloud: 'usgov', armEndpoint: arm.url });
    expect(moved).toMatchObject({ signedOut: true, account: { status: 'signed-out', cloud: 'usgov', armEndpoint: arm.url } });
    expect(await secrets.get('azure-token-cache')).toBeNull();
    expect((await s.api.azureChoices()).subscriptionId).toBeNull();
    await expect(s.api.azureSubscriptions()).rejects.toMatchObject({ code: 'azure-signed-out' });

    watch.stop();
    expect(leaks(watch.sent(), [...entra.accessTokens.keys(), ...entra.refreshTokens.keys()])).toEqual([]);

    // The next start reads the setting back.
    expect(await app().api.azureAccount()).toMatchObject({ cloud: 'usgov', armEndpoint: arm.url, armEndpointSource: 'setting' });
  });
});
