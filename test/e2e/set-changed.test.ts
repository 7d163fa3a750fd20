/**
 * A dump changed on disk after the folder was opened (a copy still running, a file swapped by
 * hand): in Debian Chromium, against the browser bridge's real services and the test PostgreSQL,
 * after a plan that would replace the very database the connection uses, or one another replay is
 * restoring (its guard session open on the server), was refused before Start,
 * Start replay is refused with the file named and nothing created on the target; "Open the folder
 * again" reads it afresh and the Restore set screen shows what it now holds. Screenshots go to
 * test-results/e2e-set-changed/.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import pg from 'pg';
import { GUARD_PREFIX } from '../../electron/core/replay/replay-guard';
import { pgInfo, sql, uniq } from '../support/pg';
import { sharedRenderer } from '../support/shared-renderer';
import { launchChromium, requireChromium, screenshot } from './chromium';
import { checkTestCluster } from './fill-target';

const SHOTS = join(process.cwd(), 'test-results', 'e2e-set-changed');
const u = uniq();
const TARGETS: Record<string, string> = { shop: `shop_chg_${u}`, inventory: `inv_chg_${u}`, 'Café Analytics': `cafe_chg_${u}` };

let dir: string;
let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`));
const visible = (text: string | RegExp) => expect.poll(() => page.getByText(text).first().isVisible(), { timeout: 30_000 }).toBe(true);
const BUSY = `busy_chg_${u}`;
let guard: pg.Client | undefined;
const exists = async (name: string) => (await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;

beforeAll(async () => {
  requireChromium();
  mkdirSync(SHOTS, { recursive: true });
  dir = join(mkdtempSync(join(tmpdir(), 'pgflex-e2e-changed-')), 'set');
  cpSync(resolve('resources/sample'), dir, { recursive: true });
  server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-')), exportDir: mkdtempSync(join(tmpdir(), 'pgflex-export-')), rendererDir: await sharedRenderer() });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await guard?.end().catch(() => undefined);
  for (const name of [...Object.values(TARGETS), BUSY]) await sql('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
});

describe('a restore set that changed on disk after it was opened, in Chromium', () => {
  it('refuses Start with the file named, creates nothing, and "Open the folder again" shows what the folder now holds', async ({ onTestFailed }) => {
    onTestFailed(() => shot('failure'));
    await page.goto(server.url);
    await page.getByLabel('Folder path').fill(dir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await visible('2024-04-10 10:30:46 UTC');
    // Another replay (another process, another laptop) is restoring a database on this server: its guard session is there when the target is checked.
    await sql('postgres', `CREATE DATABASE "${BUSY}"`);
    guard = new pg.Client({ ...pgInfo(), database: BUSY, application_name: `${GUARD_PREFIX} e2e0${u.slice(0, 4)})` });
    await guard.connect();
    await page.getByRole('button', { name: 'Choose a target' }).click();
    await checkTestCluster(page);
    await visible(/The target is ready/);
    await page.getByRole('button', { name: 'Plan the replay' }).click();
    for (const [source, target] of Object.entries(TARGETS)) await page.getByLabel(`Target name for ${source}`).fill(target);
    await page.getByRole('checkbox', { name: /Replay roles first/ }).uncheck();
    for (const target of Object.values(TARGETS)) await visible(`Restored under the new name "${target}".`);

    // Replacing the database the connection works from is refused before Start, not tried.
    await page.getByLabel('If a database already exists on the target').selectOption('replace');
    await page.getByLabel('Target name for shop').fill('postgres');
    await visible(/"postgres" is the database this connection works from, and a database cannot be dropped while connected to it: the replay cannot replace it\./);
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(true);
    await shot('0-plan-undroppable');
    // Nor may it replace a database another replay is restoring right now.
    await page.getByLabel('Target name for shop').fill(BUSY);
    await visible(`"${BUSY}" is being restored right now by another pgflex-restore replay, and replacing it would destroy that replay's work: the replay cannot replace it.`);
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Save as script' }).isDisabled()).toBe(true);
    await shot('0b-plan-busy');
    // Nor restore under a name the server would cut short (it would hold another name than the one shown).
    await page.getByLabel('Target name for shop').fill(`${'s'.repeat(60)}_été`);
    await visible(`"${'s'.repeat(60)}_été" is 66 bytes long, and PostgreSQL keeps only the first 63 bytes of a database name: it would be restored as "${'s'.repeat(60)}_é".`);
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(true);
    await shot('0c-plan-name-too-long');
    await page.getByLabel('Target name for shop').fill(TARGETS.shop);
    await page.getByLabel('If a database already exists on the target').selectOption('fail');
    await visible(`Restored under the new name "${TARGETS.shop}".`);
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(false);

    // The shop dump is cut short behind the app's back (a copy that had not finished).
    const shop = join(dir, readdirSync(dir).find((f) => f.endsWith('_database_shop.sql'))!);
    writeFileSync(shop, readFileSync(shop).subarray(0, 40_000));
    await page.getByRole('button', { name: 'Start replay' }).click();
    await visible(/The restore set changed on disk since it was read: ".*_database_shop\.sql" was 87\.7 kB/);
    await visible(/What to do: Open the folder again/);
    await shot('1-plan-refused');
    // Still on the Plan screen, no replay started, nothing on the target.
    expect(await page.getByRole('heading', { name: 'Plan' }).count()).toBe(1);
    for (const target of Object.values(TARGETS)) expect(await exists(target)).toBe(false);

    // Moved away meanwhile: the Plan screen says why it cannot be read; moved back, it opens.
    renameSync(dir, `${dir}-moved`);
    await page.getByRole('button', { name: 'Open the folder again' }).click();
    await visible(new RegExp(`${dir.replace(/[/.]/g, '\\$&')} does not exist|not found|no longer`));
    await shot('1b-plan-reopen-failed');
    expect(await page.getByRole('heading', { name: 'Plan' }).count()).toBe(1);
    renameSync(`${dir}-moved`, dir);
    await page.getByRole('button', { name: 'Open the folder again' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Restore set' }).count(), { timeout: 30_000 }).toBe(1);
    const files = page.getByRole('table', { name: 'Files in the restore set' });
    await expect.poll(async () => (await files.textContent()) ?? '', { timeout: 30_000 }).toMatch(/40\.0 kB/);
    await visible(/is incomplete/);
    await shot('2-set-reopened');
    for (const target of Object.values(TARGETS)) expect(await exists(target)).toBe(false);
  });
});
