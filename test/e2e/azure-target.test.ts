/**
 * Sign-in and an Azure target in Debian Chromium through the browser bridge, whose main side signs
 * in with msal against the fake Entra ID (no AZURE_ACCESS_TOKEN) in the cloud the user picks
 * (Azure Government: its scopes are asked for): the device code is shown, the
 * "user" types it, the account appears; then the sample set's Target is a flexible server picked
 * from the subscription (listed across nextLink pages by the test ARM server): its firewall blocks
 * this machine and says the rule to add, the rule is added, and the pre-flight runs on a real
 * PostgreSQL with the Entra token as the password — a token the page never holds. Sign out clears
 * the account. Every screen is shot into test-results/e2e-azure-target/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import { CLOUDS, DEFAULT_CLIENT_ID } from '../../electron/core/azure/clouds';
import { FakeEntra } from '../support/arm-server/fake-entra';
import { startArmServer, type ArmServer } from '../support/arm-server/server';
import { TENANT, World } from '../support/arm-server/world';
import { startAzurite, type Azurite } from '../support/azurite';
import { pgInfo, sql, uniq } from '../support/pg';
import { sharedRenderer } from '../support/shared-renderer';
import { unnamedControls } from './a11y';
import { launchChromium, screenshot } from './chromium';

const SHOTS = join(process.cwd(), 'test-results', 'e2e-azure-target');
const username = `grace_${uniq()}@contoso.com`;
const world = new World();
const entra = new FakeEntra({ username, name: 'Grace', oid: '22222222-3333-4444-8555-666666666666', tenants: [TENANT] }, DEFAULT_CLIENT_ID);
const dbTokens: string[] = [];

let azurite: Azurite;
let arm: ArmServer;
let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await sql('postgres', `CREATE ROLE "${username}" LOGIN CREATEDB`);
  // The user picks Azure Government: its ARM and database scopes are the ones that must be asked for.
  world.issuers.push(entra.armIssuer(CLOUDS.usgov.scopes.arm));
  // The flexible server trusts this Entra: a database-scope token is the role's password once issued.
  entra.onAccessToken = async (token, issued) => {
    if (issued.scope !== CLOUDS.usgov.scopes.postgres) return;
    dbTokens.push(token);
    await sql('postgres', `ALTER ROLE "${issued.username}" PASSWORD '${token}'`);
  };
  world.flexibleServers.find((s) => s.name === 'pgflex-restored')!.host = pgInfo().host;
  azurite = await startAzurite();
  arm = await startArmServer({ azurite, restoreSetDir: join(process.cwd(), 'resources', 'sample'), world });
  server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-aztarget-')), rendererDir: await sharedRenderer(),
    azure: { armEndpoint: arm.url, networkClient: entra, pollIntervalMs: 300 } });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await arm?.stop();
  await azurite?.stop();
  await sql('postgres', `DROP ROLE IF EXISTS "${username}"`).catch(() => undefined);
});

describe('Sign-in and a flexible server target in Chromium', () => {
  it('signs in with a device code, checks a flexible server with the Entra token, and signs out', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await shot('failure');
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Restore from Azure' }).click();

    // Device code in the chosen cloud: shown big, typed by the "user" elsewhere; the screen follows to the account.
    await page.getByRole('combobox', { name: /^Cloud/ }).selectOption({ label: 'Azure Government' });
    await page.getByRole('button', { name: 'Sign in with a device code' }).click();
    const code = page.getByLabel('Device code', { exact: true });
    await expect.poll(() => code.count(), { timeout: 30_000 }).toBe(1);
    const userCode = (await code.textContent())!.trim();
    expect(userCode).toMatch(/^[0-9A-F]{8}$/);
    expect(await unnamedControls(page)).toEqual([]);
    await shot('1-device-code');
    entra.approveDeviceCode(userCode, 0);
    await expect.poll(() => page.getByText(username).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByText(/Azure Government/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByLabel('Subscription').inputValue(), { timeout: 30_000 }).not.toBe('');
    await shot('2-signed-in');

    // The sample set, then a flexible server as its target.
    await page.getByRole('tab', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Open sample set' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Target/ }).isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.getByRole('tab', { name: /Target/ }).click();
    await page.getByRole('radio', { name: 'Azure Database for PostgreSQL flexible server' }).check();
    const servers = page.getByRole('combobox', { name: /^Flexible server/ });
    await expect.poll(() => servers.locator('option').count(), { timeout: 30_000 }).toBe(4);
    await servers.selectOption({ label: 'pgflex-restored — PostgreSQL 16, West Europe, Ready' });
    expect(await page.getByRole('radio', { name: 'Microsoft Entra token' }).isChecked()).toBe(true);
    expect(await page.getByLabel('User').inputValue()).toBe(username);
    expect(await page.locator('input[type=password]').count()).toBe(0);
    await page.getByLabel('Port').fill(String(pgInfo().port));
    await page.getByLabel('SSL mode').selectOption('disable');
    await page.getByRole('button', { name: 'Check target' }).click();

    // The firewall: blocked, with the rule to add; nothing was tried (no database token yet).
    await expect.poll(() => page.getByText(`does not let this machine (${pgInfo().host}) in`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByText(/firewall-rule create --resource-group rg-restore --name pgflex-restored/).count()).toBeGreaterThan(0);
    expect(dbTokens).toHaveLength(0);
    expect(await unnamedControls(page)).toEqual([]);
    await shot('3-firewall-blocked');

    world.flexibleServers.find((s) => s.name === 'pgflex-restored')!.firewallRules.push({ name: 'laptop', startIpAddress: pgInfo().host, endIpAddress: pgInfo().host });
    await page.getByRole('button', { name: 'Check target' }).click();
    const checks = page.getByLabel('Pre-flight checks');
    await expect.poll(() => checks.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await checks.getByText(`The firewall rule laptop (${pgInfo().host}) lets this machine`).count()).toBe(1);
    expect(await checks.getByText(/^Connected to /).count()).toBe(1);
    expect(dbTokens.length).toBeGreaterThan(0);
    await shot('4-preflight');
    const html = await page.content();
    for (const t of [...dbTokens, ...entra.accessTokens.keys()]) expect(html).not.toContain(t);

    // Sign out: the account and its choices are gone.
    await page.getByRole('tab', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByText(username).count()).toBe(0);
    await page.reload();
    await page.getByRole('tab', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    await shot('5-signed-out');

    // Settings → Azure: the cloud kept from the sign-in, the endpoint in use (the test ARM server, given by the host).
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => page.getByLabel('Azure cloud').inputValue(), { timeout: 30_000 }).toBe('usgov');
    expect(await page.getByText(`Now in use: ${arm.url}`).count()).toBe(1);
    await page.getByLabel('Resource Manager endpoint (optional)').fill('http://arm.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText(/is neither https nor on this machine/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await unnamedControls(page)).toEqual([]);
    await shot('6-settings-azure');
  });
});
