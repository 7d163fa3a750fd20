/**
 * The Azure journey in Debian Chromium through the browser bridge, whose main side is started as
 * the CLI is (AZURE_ACCESS_TOKEN, PGFLEX_ARM_ENDPOINT) against the test ARM server and a real
 * Azurite: signed in by the token → subscription → vault → instance → a recovery point in a custom
 * period → a Container URL with one failed prerequisite, shown and fixed (Grant role) → Validate →
 * Restore → the job and the choices, still shown after a reload → Download through a slow link
 * with per-file progress: the small dump is checked first and replays (Target → Plan → Replay)
 * while the big one still downloads; the download cancelled half way and resumed from disk → the
 * job and download in Activities → the folder in Restore set with the marker's UTC time and the
 * database already replayed → the big one replayed into real PostgreSQL, data of both checked. Every screen
 * is shot into test-results/e2e-azure/ and probed for unnamed controls; then a keyboard-only pass.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import { startArmServer, type ArmServer } from '../support/arm-server/server';
import { World } from '../support/arm-server/world';
import { AZURITE_KEY, startAzurite, type Azurite } from '../support/azurite';
import { pgInfo, sql, uniq } from '../support/pg';
import { fingerprint, makeSource, type Source } from '../support/restore-set';
import { sharedRenderer } from '../support/shared-renderer';
import { startSlowProxy, type SlowProxy } from '../support/slow-proxy';
import { unnamedControls } from './a11y';
import { launchChromium, screenshot } from './chromium';
import { checkTestCluster } from './fill-target';

const SHOTS = join(process.cwd(), 'test-results', 'e2e-azure');
const u = uniq();
const shop = `shop_${u}`;
const target = `${shop}_az`;
const big = `big_${u}`;
const bigTarget = `${big}_az`;
/** The link's rate per connection while the first dump replays: the big dump (several MB) takes minutes at it. */
const SLOW = 24 * 1024;
const world = new World();
const token = world.issue({ user: 'owner' });

let source: Source;
let azurite: Azurite;
let link: SlowProxy;
let arm: ArmServer;
let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`));
const noUnnamed = async () => expect(await unnamedControls(page)).toEqual([]);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  source = await makeSource([{ name: shop, setupSql: `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
    INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 20000) i;` },
  { name: big, setupSql: `CREATE TABLE readings (id int PRIMARY KEY, v text NOT NULL);
    INSERT INTO readings SELECT i, md5(i::text) || md5((-i)::text) FROM generate_series(1, 150000) i;` }]);
  azurite = await startAzurite();
  // The app reaches the storage account through a slow link; the restore's copy (the test ARM server) writes to Azurite directly.
  link = await startSlowProxy({ targetHost: azurite.host, targetPort: azurite.port, bytesPerSecond: SLOW });
  arm = await startArmServer({ azurite: { ...azurite, endpoint: `${link.origin}/${azurite.account}` }, restoreSetDir: source.set.outDir, world });
  world.jobPolls = 4;
  const saved = { token: process.env.AZURE_ACCESS_TOKEN, endpoint: process.env.PGFLEX_ARM_ENDPOINT, poll: process.env.PGFLEX_AZURE_POLL_MS };
  // The web server reads what the CLI reads.
  process.env.AZURE_ACCESS_TOKEN = token;
  process.env.PGFLEX_ARM_ENDPOINT = arm.url;
  process.env.PGFLEX_AZURE_POLL_MS = '300';
  try {
    server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-az-')), rendererDir: await sharedRenderer() });
  } finally {
    for (const [k, v] of [['AZURE_ACCESS_TOKEN', saved.token], ['PGFLEX_ARM_ENDPOINT', saved.endpoint], ['PGFLEX_AZURE_POLL_MS', saved.poll]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await arm?.stop();
  await link?.stop();
  await azurite?.stop();
  await source?.cluster.stop();
  for (const db of [target, bigTarget]) await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
});

describe('Azure journey in Chromium', () => {
  it('signs in, picks the backup and point, fixes a prerequisite, restores, downloads and replays', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await shot('failure');
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Restore from Azure' }).click();

    // Sign in: the token stands in for the sign-in; the only subscription is chosen.
    await expect.poll(() => page.getByText('Access token (AZURE_ACCESS_TOKEN)').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByLabel('Subscription').inputValue(), { timeout: 30_000 }).not.toBe('');
    await noUnnamed();
    await shot('1-sign-in');
    await page.getByRole('button', { name: 'Choose the backup' }).click();

    // Backup: two vaults, one PostgreSQL instance (the disk one is left out).
    await page.getByLabel('Backup vault').selectOption({ label: 'vault-pg (westeurope, rg-backup)' });
    await page.getByRole('radio', { name: /pgflex-shop/ }).check();
    expect(await page.getByText('data-01').count()).toBe(0);
    expect(await page.getByText(/latest point 2024-04-10 10:30:46 UTC/).count()).toBe(1);
    await noUnnamed();
    await shot('2-backup');
    await page.getByRole('button', { name: 'Choose the recovery point' }).click();

    // Recovery point: none in the last 30 days (the test vault's points are from April 2024); a custom period shows three, newest chosen.
    await expect.poll(() => page.getByText('No recovery points in this period').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'Custom period' }).check();
    await page.getByLabel('From (UTC date)').fill('2024-04-08');
    await page.getByLabel('To (UTC date)').fill('2024-04-10');
    await page.getByRole('button', { name: 'Show points' }).click();
    const points = page.getByRole('radiogroup', { name: 'Recovery point' }).getByRole('radio');
    await expect.poll(() => points.count(), { timeout: 30_000 }).toBe(3);
    const newest = page.getByRole('radio', { name: /2024-04-10 10:30:46 UTC — newest/ });
    expect(await newest.isChecked()).toBe(true);
    await noUnnamed();
    await shot('3-recovery-point');
    await page.getByRole('button', { name: 'Restore parameters' }).click();

    // Restore parameters: an existing container by URL; the vault's role is missing.
    const container = `pgflex-e2e-${u.replace(/_/g, '-')}`.toLowerCase().slice(0, 63);
    await azurite.service().getContainerClient(container).create();
    world.roleAssignments = [];
    // First the account's pickers: a new container proposed, the account's containers listed (every ARM page read).
    await page.getByRole('combobox', { name: 'Storage account' }).selectOption({ label: 'devstoreaccount1 (westeurope, rg-storage)' });
    const picker = page.getByRole('combobox', { name: /^Container/ });
    await expect.poll(() => picker.locator(`option[value="${container}"]`).count(), { timeout: 30_000 }).toBe(1);
    expect(await picker.inputValue()).toBe('');
    await noUnnamed();
    await shot('4a-parameters-containers');
    await page.getByRole('radio', { name: 'An existing container (paste its URL)' }).check();
    await page.getByLabel('Container URL').fill(`${link.origin}/${azurite.account}/${container}`);
    await page.getByRole('button', { name: 'Validate' }).click();
    const role = page.locator('[data-check="vault-role"]');
    await expect.poll(() => role.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(await page.getByRole('button', { name: 'Restore', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByText(/Nothing will be sent while 1 check failed/).count()).toBe(1);
    await noUnnamed();
    await shot('4-parameters-failed');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await expect.poll(() => role.getAttribute('data-status'), { timeout: 30_000 }).toBe('passed');
    expect(world.roleAssignments).toHaveLength(1);
    await shot('5-parameters-passed');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();

    // Job: followed in main; a reload shows it again (the truth, not the page's memory).
    await expect.poll(() => page.getByRole('heading', { name: 'Restore job', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    await page.reload();
    // The choices come back from main: the custom period and its newest point, the pasted container.
    await expect.poll(() => page.getByRole('tab', { name: 'Recovery point' }).isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.getByRole('tab', { name: 'Recovery point' }).click();
    await expect.poll(() => page.getByRole('radio', { name: /2024-04-10 10:30:46 UTC — newest/ }).isChecked(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByRole('radio', { name: 'Custom period' }).isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'Restore parameters' }).click();
    expect(await page.getByLabel('Container URL').inputValue()).toBe(`${link.origin}/${azurite.account}/${container}`);
    await page.getByRole('tab', { name: 'Job' }).click();
    await expect.poll(() => page.getByText(`${link.origin}/${azurite.account}/${container}`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByLabel('Status: Completed').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByText('Data moved').count()).toBe(1);
    await noUnnamed();
    await shot('6-job');

    // Download through the slow link: the marker, the roles and the small dump first, the big dump last.
    const folder = join(mkdtempSync(join(tmpdir(), 'pgflex-e2e-dl-')), 'files');
    await page.getByLabel('Download to folder').fill(folder);
    await page.getByRole('button', { name: 'Download' }).click();
    const replayShop = page.getByRole('button', { name: `Replay ${shop} now` });
    await expect.poll(() => replayShop.count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByRole('button', { name: `Replay ${big} now` }).count()).toBe(0);
    expect(await page.getByLabel(new RegExp(`^Progress of .*_database_${big}\\.sql$`)).count()).toBe(1);
    await noUnnamed();
    await shot('7-files-first-ready');

    // The checked dump replays while the big one downloads: the folder as it is now, Target, Plan (that database alone), Replay.
    await replayShop.click();
    await expect.poll(() => page.getByRole('button', { name: 'Check target' }).count(), { timeout: 30_000 }).toBe(1);
    await checkTestCluster(page);
    await expect.poll(() => page.getByLabel('Pre-flight checks').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Plan the replay' }).click();
    await page.getByLabel(`Target name for ${shop}`).fill(target);
    expect(await page.getByLabel(`Target name for ${big}`).count()).toBe(0); // not in the folder yet
    await page.getByLabel('Replay roles first (made Flexible-safe)').uncheck();
    await expect.poll(() => page.getByText(`Restored under the new name "${target}".`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => page.locator(`[data-lane="${shop}"]`).getAttribute('data-status'), { timeout: 120_000 }).toBe('restored');
    await shot('8-replayed-while-downloading');
    // Replayed to its end, and the download still runs with the big dump unfinished: the replay cannot have waited for the last file.
    await page.getByRole('tab', { name: /^Files/ }).click();
    await expect.poll(() => page.locator(`[data-replay="${shop}"]`).getAttribute('data-status'), { timeout: 30_000 }).toBe('restored');
    expect(await page.getByLabel('Download status').textContent()).toBe('Downloading');
    const bigRow = page.locator('tr', { hasText: `_database_${big}.sql` });
    expect(await bigRow.locator('td').nth(3).textContent()).not.toBe('checked');
    await page.getByRole('tab', { name: /^Activities/ }).click();
    expect(await page.locator('[data-kind="download"][data-status="running"]').count()).toBe(1);
    await shot('8b-activities-both');

    // One file interrupted and resumed: the big dump cancelled part way (a faster link for a moment), then resumed from what is on disk.
    await page.getByRole('button', { name: /^Open the download started/ }).click();
    const bigDone = async () => Number(await page.getByLabel(new RegExp(`^Progress of .*_database_${big}\\.sql$`)).getAttribute('aria-valuenow'));
    link.setRate(512 * 1024);
    await expect.poll(bigDone, { timeout: 60_000 }).toBeGreaterThan(0.2);
    link.setRate(SLOW);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByLabel('Download status').textContent(), { timeout: 30_000 }).toBe('Cancelled');
    const atCancel = await bigDone();
    expect(atCancel).toBeLessThan(1);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByLabel('Download status').textContent(), { timeout: 30_000 }).toBe('Downloading');
    // Back on the slow link, a fifth of the file in a few seconds can only be what was kept: it continued, it did not start over.
    await expect.poll(bigDone, { timeout: 10_000 }).toBeGreaterThanOrEqual(0.2);
    expect(await page.getByText(/resumed from disk/).count()).toBe(1);
    await shot('8c-resumed');
    link.setRate(1e9);
    await expect.poll(() => page.getByText('Every file on disk and checked').count(), { timeout: 120_000 }).toBe(1);
    await noUnnamed();
    await shot('9-files');

    // Activities: the job and the download beside the replays, each leading back to its screen.
    await page.getByRole('tab', { name: /^Activities/ }).click();
    await expect.poll(() => page.locator('[data-kind="job"][data-status="completed"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-kind="download"][data-status="completed"]').count()).toBe(1);
    await noUnnamed();
    await shot('7b-activities');
    await page.getByRole('button', { name: /^Open the restore job started/ }).click();
    await expect.poll(() => page.getByLabel('Status: Completed').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('tab', { name: /^Activities/ }).click();
    await page.getByRole('button', { name: /^Open the download started/ }).click();
    await expect.poll(() => page.getByText('Every file on disk and checked').count(), { timeout: 30_000 }).toBe(1);
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).not.toContain(AZURITE_KEY);

    // Handed over to the offline journey: the folder in Restore set, the marker's time in UTC, the database replayed already.
    await page.getByRole('button', { name: 'Open in Restore set' }).click();
    await expect.poll(() => page.getByText('2024-04-10 10:30:46 UTC').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByLabel('Already replayed').textContent()).toContain(`${shop} as ${target} restored`);
    await shot('10-restore-set');
    await page.getByRole('tab', { name: /Target/ }).click();
    await checkTestCluster(page);
    await expect.poll(() => page.getByLabel('Pre-flight checks').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Plan the replay' }).click();
    // Not replayed twice by default: shop is left unticked, the big one is ticked.
    expect(await page.getByRole('checkbox', { name: `Replay ${shop}` }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: `Replay ${big}` }).isChecked()).toBe(true);
    await page.getByLabel(`Target name for ${big}`).fill(bigTarget);
    await page.getByLabel('Replay roles first (made Flexible-safe)').uncheck();
    await expect.poll(() => page.getByText(`Restored under the new name "${bigTarget}".`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('11-plan-rest');
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => page.locator(`[data-lane="${big}"]`).getAttribute('data-status'), { timeout: 120_000 }).toBe('restored');
    await shot('12-replayed');
    expect(await fingerprint({ ...pgInfo() }, target)).toEqual(await fingerprint(source.cluster, shop));
    expect(await fingerprint({ ...pgInfo() }, bigTarget)).toEqual(await fingerprint(source.cluster, big));
  });

  it('walks sign-in to recovery point with the keyboard alone', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await shot('failure-keyboard');
    });
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Azure' }).count(), { timeout: 30_000 }).toBe(1);
    const pressUntilFocused = async (name: RegExp, max = 40) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        // A string runs in the page (this file is compiled without the DOM's types). Focus that left
        // the page rests on <body>, whose text holds every label on screen: that is no match.
        const label = await page.evaluate<string>(`(() => { const el = document.activeElement; if (!el || el === document.body) return '';
          return [el.getAttribute('aria-label'), el.textContent, el.labels && el.labels[0] && el.labels[0].textContent].filter(Boolean).join(' '); })()`);
        if (name.test(label)) return;
      }
      throw new Error(`never reached ${name} with Tab`);
    };
    await expect.poll(() => page.getByLabel('Subscription').inputValue(), { timeout: 30_000 }).not.toBe('');
    await pressUntilFocused(/Choose the backup/);
    await page.keyboard.press('Enter');
    await pressUntilFocused(/Backup vault/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByLabel('Backup vault').inputValue()).toContain('vault-pg');
    await pressUntilFocused(/pgflex-shop/);
    await page.keyboard.press('Space');
    await pressUntilFocused(/Choose the recovery point/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Pick a recovery point' }).count(), { timeout: 30_000 }).toBe(1);
    await shot('13-keyboard');
  });
});
