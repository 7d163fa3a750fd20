/**
 * azure.extensions on a flexible server target, in main: a restore set whose dump needs citext,
 * a server (a real PostgreSQL whose database shows azure.extensions as Azure does) allowing only
 * hstore; the check says exactly which change allows it, main refuses a change other than the one
 * shown, then sets it through Resource Manager (a PUT answered 202, polled through
 * Azure-AsyncOperation to "Succeeded", read back) and the check passes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureTargetRequest } from '../../../electron/contract';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../../electron/core/azure/clouds';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { FakeEntra } from '../../support/arm-server/fake-entra';
import { startArmServer, type ArmServer } from '../../support/arm-server/server';
import { leaks, watchSecrets } from '../../support/arm-server/secret-watch';
import { signInByDeviceCode } from '../../support/arm-server/sign-in';
import { SUB, TENANT, World } from '../../support/arm-server/world';
import { startAzurite, type Azurite } from '../../support/azurite';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const username = `lin_${u}@contoso.com`;
const database = `azext_${u}`;
const world = new World();
const entra = new FakeEntra({ username, name: 'Lin', oid: '33333333-4444-4555-8666-777777777777', tenants: [TENANT] }, DEFAULT_CLIENT_ID);
let dir: string;
let source: Source;
let azurite: Azurite;
let arm: ArmServer;
let services: Services;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-azext-'));
  source = await makeSource([{ name: 'notes', setupSql: 'CREATE EXTENSION citext; CREATE TABLE notes (id int PRIMARY KEY, tag citext); INSERT INTO notes VALUES (1, \'A\');' }]);
  await sql('postgres', `CREATE ROLE "${username}" LOGIN CREATEDB`);
  await sql('postgres', `CREATE DATABASE ${database}`);
  // Azure shows the allow-list as the azure.extensions setting; here it lives on the target's own database.
  await sql('postgres', `ALTER DATABASE ${database} SET azure.extensions = 'hstore'`);
  world.issuers.push(entra.armIssuer(CLOUDS.public.scopes.arm));
  entra.onAccessToken = async (token, issued) => {
    if (issued.scope === CLOUDS.public.scopes.postgres) await sql('postgres', `ALTER ROLE "${issued.username}" PASSWORD '${token}'`);
  };
  const restored = world.flexibleServers.find((s) => s.name === 'pgflex-restored')!;
  restored.host = pgInfo().host;
  restored.firewallRules.push({ name: 'laptop', startIpAddress: pgInfo().host, endIpAddress: pgInfo().host });
  restored.parameters['azure.extensions'] = 'hstore';
  world.onParameterSet = async (_server, name, value) => {
    if (name === 'azure.extensions') await sql('postgres', `ALTER DATABASE ${database} SET azure.extensions = '${value.replace(/'/g, "''")}'`);
  };
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: resolve('resources/sample'), world });
  services = createServices({
    userDataDir: join(dir, 'user-data'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
    pickFolder: async () => null, confirmFolder: async () => true, chooseExportPath: async () => null, openExternal: async () => undefined,
    azure: { armEndpoint: arm.url, networkClient: entra, pollIntervalMs: 20 },
  });
  await signInByDeviceCode(services.api, entra);
});

afterAll(async () => {
  await services?.dispose();
  await arm?.stop();
  await azurite?.stop();
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS "${username}"`);
  await rm(dir, { recursive: true, force: true });
});

describe('azure.extensions of a flexible server target', () => {
  it('shows the exact change, refuses another, sets it as a long-running PUT, and the check then passes', async () => {
    const watch = watchSecrets(services);
    const api = watch.api;
    const folder = source.set.outDir;
    await api.openSet(folder);
    const [, restored] = await api.azureFlexibleServers(SUB);
    const request: AzureTargetRequest = { serverId: restored.id, auth: 'entra', user: username, password: '', port: pgInfo().port, database, sslmode: 'disable' };
    const view = await api.azureCheckTarget(folder, request);
    expect(view.checks.find((c) => c.id === 'extensions')).toMatchObject({ status: 'fail', detail: expect.stringContaining('not allow-listed in azure.extensions: citext') });
    expect(view.extensionsNotAllowed).toEqual(['citext']);
    expect(view.parameterChange).toEqual({ server: 'pgflex-restored', parameter: 'azure.extensions', from: 'hstore', to: 'hstore,citext', canSet: true });

    // A value other than the one shown (a page that lies, or a parameter changed meanwhile): nothing is set.
    world.log.length = 0;
    await expect(api.azureAllowExtensions(folder, request, 'hstore,citext,plpython3u')).rejects.toMatchObject({ code: 'bad-argument', message: expect.stringContaining('Nothing was set') });
    expect(world.log.some((l) => l.method === 'PUT')).toBe(false);
    expect(world.flexibleServers.find((s) => s.name === 'pgflex-restored')!.parameters['azure.extensions']).toBe('hstore');

    const after = await api.azureAllowExtensions(folder, request, 'hstore,citext');
    expect(after.checks.find((c) => c.id === 'extensions')).toMatchObject({ status: 'ok', detail: expect.stringContaining('allow-listed in azure.extensions') });
    expect(after.parameterChange).toBeUndefined();
    expect(world.flexibleServers.find((s) => s.name === 'pgflex-restored')!.parameters['azure.extensions']).toBe('hstore,citext');
    // The long-running operation as the SDK drives it: the PUT (202), the Azure-AsyncOperation polls, the final read of the parameter.
    const lro = world.log.filter((l) => /configurations\/azure\.extensions$|azureAsyncOperation/.test(l.path)).map((l) => `${l.method} ${l.status} ${l.path.split('/').slice(-2, -1)[0]}`);
    expect(lro).toEqual(expect.arrayContaining(['PUT 202 configurations', 'GET 200 azureAsyncOperation']));
    expect(lro.filter((l) => l.startsWith('GET 200 azureAsyncOperation')).length).toBeGreaterThanOrEqual(2);
    expect(lro.at(-1)).toBe('GET 200 configurations');
    // No answer or event of main carried a token (database or ARM, access or refresh).
    watch.stop();
    expect(leaks(watch.sent(), [...entra.accessTokens.keys(), ...entra.refreshTokens.keys()])).toEqual([]);
  });
});
